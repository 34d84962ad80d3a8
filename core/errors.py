"""Exceptions core raises; each carries a message in Chinese that tells the clerk what to do.

File work can also fail with the operating system's `OSError`; `describe_os_error` turns one into the
same kind of message, telling disk full, read-only, "file in use" (WPS holds files open on Windows),
permission and a missing file apart, so the clerk knows what to do instead of reading "Errno 28".
"""
from __future__ import annotations

import errno
import sqlite3


class LawDeskError(Exception):
    """Base of every error core reports to the user (message is shown as is)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotLawDeskDatabase(LawDeskError):
    """The file exists but is not a LawDesk database (or not SQLite at all)."""


class NewerVersionError(LawDeskError):
    """The database was written by a newer LawDesk; an older one must not touch it."""


class DatabaseLocked(LawDeskError):
    """Another LawDesk window already has this database open."""


class RecordNotFound(LawDeskError):
    """A record asked for by id does not exist (or is in the recycle bin)."""


class RuleViolation(LawDeskError):
    """A change the domain rules forbid (missing field, forbidden transition, duplicate…)."""


class ImportFileError(LawDeskError):
    """A file to import cannot be read at all (empty, corrupt, wrong type or encoding)."""


class BackupError(LawDeskError):
    """A backup file is truncated, tampered with or not a LawDesk backup."""


class StorageError(LawDeskError):
    """The disk, not the data, stopped the work: full, read-only, no permission, in use (describe_os_error's words)."""


class DatabaseBusy(StorageError):
    """Another program (a command-line import, a second window) kept the write lock past the wait."""


class AttachmentTampered(LawDeskError):
    """An attachment file's bytes no longer match the SHA-256 recorded when it was added."""


class Cancelled(LawDeskError):
    """Long work stopped because the user asked it to."""

    def __init__(self, message: str = "操作已取消。") -> None:
        super().__init__(message)


# -- operating-system errors ------------------------------------------------------------------------
# Windows codes come first: Python maps a sharing violation to EACCES, which would read as "no permission".
_WINERROR_KINDS = {
    32: "in_use",  # ERROR_SHARING_VIOLATION: open in WPS / Word / Excel
    33: "in_use",  # ERROR_LOCK_VIOLATION: part of the file locked by another program
    19: "read_only",  # ERROR_WRITE_PROTECT: write-protected USB stick
    39: "disk_full",  # ERROR_HANDLE_DISK_FULL
    112: "disk_full",  # ERROR_DISK_FULL
    206: "too_long",  # ERROR_FILENAME_EXCED_RANGE
}
_ERRNO_KINDS = {
    errno.ENOSPC: "disk_full",
    getattr(errno, "EDQUOT", -1): "disk_full",  # over the user's disk quota: the same remedy
    errno.EROFS: "read_only",
    errno.EBUSY: "in_use",
    errno.ETXTBSY: "in_use",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.ENOENT: "not_found",
    errno.ENOTDIR: "not_found",
    errno.ENAMETOOLONG: "too_long",
    errno.EIO: "io",
}
# (what went wrong, what to do)
_OS_ERROR_TEXT = {
    "disk_full": ("磁盘空间已满。",
                  "请删除不需要的文件、清空回收站，或换一个空间充足的磁盘（或 U 盘）后重试。已经保存的数据不受影响。"),
    "read_only": ("这个位置是只读的，不能写入（例如写保护的 U 盘、光盘或只读的共享文件夹）。",
                  "请换一个可以写入的位置；如果是 U 盘，请检查它的写保护开关。"),
    "in_use": ("文件正被其他程序占用（例如在 WPS、Word 或 Excel 中打开着）。",
               "请先在那个程序中关闭这个文件，再重试。"),
    "permission": ("没有访问这个文件或文件夹的权限。",
                   "如果文件正在 WPS、Word 或 Excel 中打开，请先关闭它；否则请换一个位置（例如“文档”或桌面），"
                   "或请管理员开通权限。"),
    "not_found": ("找不到这个文件或文件夹：它可能已被移动、改名或删除，或者 U 盘已拔出。",
                  "请检查后重新选择。"),
    "too_long": ("文件名或路径太长。",
                 "请把文件放到层级浅一些的文件夹，或改短文件名后重试。"),
    "io": ("读写磁盘时出错：磁盘或 U 盘可能有故障，或已被拔出。",
           "请检查磁盘或 U 盘后重试；如果反复出现，请尽快备份数据。"),
    "other": ("读写文件时出错。",
              "请稍后重试；如果问题反复出现，请把这段文字发给技术支持。"),
}


def os_error_kind(exc: OSError) -> str:
    """disk_full, read_only, in_use, permission, not_found, too_long, io or other."""
    winerror = getattr(exc, "winerror", None)
    if winerror in _WINERROR_KINDS:
        return _WINERROR_KINDS[winerror]
    return _ERRNO_KINDS.get(exc.errno, "other")


def describe_os_error(exc: OSError, what: str = "") -> str:
    """The clerk's message for an OSError: what went wrong, which file, what to do.

    `what` names the action in a few words ("导出文件", "添加附件"); the message then starts 无法导出文件：….
    """
    kind = os_error_kind(exc)
    reason, advice = _OS_ERROR_TEXT[kind]
    parts = [f"{'无法' + what if what else '操作没有完成'}：{reason}"]
    files = [str(f) for f in (exc.filename, exc.filename2) if f not in (None, "")]
    if files:
        parts.append("文件：" + "\n".join(files))
    parts.append(advice)
    if kind == "other":  # the system's own words and number help whoever is asked for support
        parts.append(f"（系统信息：{exc.strerror or exc}，错误号 {exc.errno}）")
    return "\n\n".join(parts)


# What file work (attachments, imports, exports, backups) is expected to raise: core's own errors and
# the operating system's. Anything else is a bug and goes to the crash dialog.
FILE_WORK_ERRORS = (LawDeskError, OSError)


def message_of(exc: BaseException, what: str = "") -> str | None:
    """The clerk's message for an expected error (see FILE_WORK_ERRORS, sqlite_error_kind); None for a bug."""
    if isinstance(exc, LawDeskError):
        return exc.message
    if isinstance(exc, OSError):
        return describe_os_error(exc, what)
    if isinstance(exc, sqlite3.Error) and sqlite_error_kind(exc) is not None:
        return describe_sqlite_error(exc, what)
    return None


# -- SQLite's errors --------------------------------------------------------------------------------
# The same disk troubles reach us through SQLite as result codes (the low byte of `sqlite_errorcode`,
# Python 3.11+) instead of errno: told the same way, plus "busy" and "damaged" which only SQLite knows.
_SQLITE_KINDS = {
    13: "disk_full",  # SQLITE_FULL
    8: "read_only",  # SQLITE_READONLY: an immutable file, a read-only folder or medium
    5: "busy",  # SQLITE_BUSY: another connection keeps the write lock past busy_timeout
    6: "busy",  # SQLITE_LOCKED
    14: "cant_open",  # SQLITE_CANTOPEN: the folder is read-only (no -wal/-shm) or gone
    3: "permission",  # SQLITE_PERM
    23: "permission",  # SQLITE_AUTH
    10: "io",  # SQLITE_IOERR
    11: "damaged",  # SQLITE_CORRUPT
    26: "damaged",  # SQLITE_NOTADB
}
_SQLITE_NAMES = {"SQLITE_FULL": 13, "SQLITE_READONLY": 8, "SQLITE_BUSY": 5, "SQLITE_LOCKED": 6,
                 "SQLITE_CANTOPEN": 14, "SQLITE_CORRUPT": 11, "SQLITE_NOTADB": 26, "SQLITE_IOERR": 10}
_SQLITE_TEXT = {
    "busy": ("另一个程序正在写入这个数据库（例如另一个 LawDesk 窗口或命令正在导入、恢复）。",
             "请等它完成后再试一次。已经保存的数据不受影响。"),
    "cant_open": ("无法打开数据库文件：文件或它所在的文件夹不能访问（可能是只读的文件夹、没有权限，或 U 盘已拔出）。",
                  "请检查文件位置和权限；如果数据库在只读的位置，请把整个数据文件夹复制到可以写入的位置（例如“文档”）再打开。"),
    "damaged": ("数据库文件已损坏。",
                "请不要再写入它，从最近的备份恢复（设置 → 备份与恢复），或把文件交给技术支持检查。"),
}


def sqlite_error_kind(exc: sqlite3.Error) -> str | None:
    """disk_full, read_only, busy, cant_open, permission, io or damaged; None for anything else (a bug)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:  # raised by hand or by an older Python: the name may still be there
        code = _SQLITE_NAMES.get(getattr(exc, "sqlite_errorname", "") or "")
    if code is None:
        text = str(exc)  # sqlite3 raised without a code (e.g. at connect): read the fixed English words
        for words, kind in (("database or disk is full", "disk_full"), ("readonly database", "read_only"),
                            ("database is locked", "busy"), ("unable to open database", "cant_open"),
                            ("malformed", "damaged"), ("not a database", "damaged")):
            if words in text:
                return kind
        return None
    return _SQLITE_KINDS.get(code & 0xFF)


def describe_sqlite_error(exc: sqlite3.Error, what: str = "", path: object = None) -> str:
    """The clerk's message for an SQLite failure, in the same shape as describe_os_error's."""
    kind = sqlite_error_kind(exc) or "other"
    reason, advice = _SQLITE_TEXT.get(kind) or _OS_ERROR_TEXT[kind]
    if kind == "read_only":
        reason = "数据库文件或它所在的文件夹是只读的（或被设为不可修改），不能写入。"
        advice = ("查询、导出和备份仍可进行；要修改数据，请把整个数据文件夹复制到可以写入的位置（例如“文档”），"
                  "或请管理员取消只读设置后重试。已经保存的数据不受影响。")
    parts = [f"{'无法' + what if what else '操作没有完成'}：{reason}"]
    if path:
        parts.append(f"文件：{path}")
    parts.append(advice)
    if kind in ("other", "io", "damaged"):
        parts.append(f"（SQLite 信息：{exc}，{getattr(exc, 'sqlite_errorname', '') or '无错误名'}）")
    return "\n\n".join(parts)
