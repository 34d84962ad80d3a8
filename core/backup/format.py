"""What a backup file is: names, limits, the manifest's exact shape, and the clerk's words for what went wrong.

Everything read from a backup is checked against this before it is trusted: the manifest must have exactly the
types written here (a wrong type, a missing hash or a nesting 200,000 deep is "damaged", never a traceback),
and every member's size is checked against the manifest and against a cap before a byte is written.
"""
from __future__ import annotations

import errno
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core.attachments import MAX_ATTACHMENT_BYTES
from core.errors import BackupError, LawDeskError, StorageError, describe_os_error

Progress = Callable[..., None]

FORMAT = "lawdesk-backup"
FORMAT_VERSION = 1
SUFFIX = ".lawdesk-backup"
DB_MEMBER = "lawdesk.db"
MANIFEST_MEMBER = "manifest.json"
AUTO_PREFIX = "自动备份-"
SAFETY_PREFIX = "恢复前-"
CHUNK = 4 << 20

# Caps checked before anything is written (the manifest could claim anything; so could the zip directory).
MAX_MANIFEST_BYTES = 64 << 20
MAX_MEMBERS = 500_000
MAX_DB_BYTES = 64 << 30
MAX_BLOB_BYTES = MAX_ATTACHMENT_BYTES  # no attachment can be bigger than the app lets one be added

BLOB_MEMBER = re.compile(r"^attachments/([0-9a-f]{2})/([0-9a-f]{64})$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
UNCHANGED = "当前数据没有任何改动。"


def no_progress(done: int, total: int, text: str = "") -> None:
    pass


def read_only_query(db_path: Path) -> str:
    """Without a -wal the file on disk is complete: read it as immutable, so no -wal/-shm is left behind
    (a read-only connection to a WAL database cannot remove the ones it makes)."""
    return "?mode=ro" if Path(str(db_path) + "-wal").exists() else "?mode=ro&immutable=1"


def bad(path: Path, why: str) -> BackupError:
    """The backup file itself is unusable (damaged, tampered with, not ours): say so and what to do."""
    return BackupError(
        f"“{path.name}”不能用于恢复：{why}。{UNCHANGED}"
        "请换一个备份文件（例如备份文件夹里较早的一份），或重新复制这个文件后再试。"
    )


# -- the manifest ----------------------------------------------------------------------------------
def parse_manifest(path: Path, raw: bytes) -> dict:
    """The manifest's JSON checked field by field; raises BackupError for anything but the exact shape."""
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise bad(path, "备份清单已损坏（结构嵌套过深）") from None
    except (UnicodeDecodeError, ValueError):
        raise bad(path, "备份清单已损坏") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise bad(path, "它不是 LawDesk 备份文件")
    version = manifest.get("format_version")
    if not _is_int(version) or version < 1:
        raise bad(path, "备份清单已损坏（格式版本不对）")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"“{path.name}”由更新版本的 LawDesk 创建，本版本无法读取。请先升级 LawDesk 再恢复。{UNCHANGED}")
    files = manifest.get("files")
    if not isinstance(files, dict) or DB_MEMBER not in files:
        raise bad(path, "备份清单已损坏（缺少文件列表）")
    if len(files) > MAX_MEMBERS:
        raise bad(path, f"清单列出的文件超过 {MAX_MEMBERS} 个")
    for name, entry in files.items():
        _check_entry(path, name, entry)
    return {
        **manifest,
        "created_at": _text(path, manifest, "created_at"),
        "unit": _text(path, manifest, "unit"),
        "app_version": _text(path, manifest, "app_version"),
        "schema_migrations": _list_of(path, manifest, "schema_migrations", lambda v: isinstance(v, str)),
        "missing_attachments": _list_of(path, manifest, "missing_attachments",
                                        lambda v: isinstance(v, str) and bool(SHA256.match(v))),
        "counts": _counts(path, manifest),
    }


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_entry(path: Path, name: Any, entry: Any) -> None:
    if not isinstance(name, str) or not isinstance(entry, dict):
        raise bad(path, "备份清单已损坏（文件条目格式不对）")
    sha, size = entry.get("sha256"), entry.get("size")
    if not isinstance(sha, str) or not SHA256.match(sha):
        raise bad(path, f"备份清单已损坏（“{name}”缺少校验值）")
    if not _is_int(size) or size < 0:
        raise bad(path, f"备份清单已损坏（“{name}”的大小不对）")
    if name != DB_MEMBER and not BLOB_MEMBER.match(name):
        raise bad(path, f"含有无法识别的文件“{name}”")
    cap = MAX_DB_BYTES if name == DB_MEMBER else MAX_BLOB_BYTES
    if size > cap:
        raise bad(path, f"“{name}”声称有 {human_size(size)}，超过上限 {human_size(cap)}，可能被人改动过")


def _text(path: Path, manifest: dict, key: str) -> str:
    value = manifest.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise bad(path, f"备份清单已损坏（{key} 的类型不对）")
    return value


def _list_of(path: Path, manifest: dict, key: str, ok: Callable[[Any], bool]) -> list:
    value = manifest.get(key) or []
    if not isinstance(value, list) or not all(ok(v) for v in value):
        raise bad(path, f"备份清单已损坏（{key} 的类型不对）")
    return value


def _counts(path: Path, manifest: dict) -> dict[str, int]:
    value = manifest.get("counts") or {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and _is_int(v) for k, v in value.items()):
        raise bad(path, "备份清单已损坏（counts 的类型不对）")
    return value


def human_size(size: int) -> str:
    value = float(size)
    for unit_name in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit_name == "GB":
            return f"{value:.0f} {unit_name}" if unit_name == "B" else f"{value:.1f} {unit_name}"
        value /= 1024
    return f"{size} B"


# -- what the disk said ------------------------------------------------------------------------------
# SQLite's result codes for the same disk troubles an OSError reports (sqlite3.Error.sqlite_errorcode & 0xff).
_SQLITE_AS_ERRNO = {13: errno.ENOSPC, 8: errno.EROFS, 3: errno.EACCES, 23: errno.EACCES, 10: errno.EIO,
                    14: errno.EACCES}
_SQLITE_BUSY = {5, 6}
_SQLITE_DAMAGED = {11, 26}


def storage_error(exc: OSError, what: str, unchanged: bool = True) -> StorageError:
    return StorageError(describe_os_error(exc, what) + (f"\n\n{UNCHANGED}" if unchanged else ""))


def sqlite_error(exc: sqlite3.Error, what: str, path: Path | None = None, unchanged: bool = True) -> LawDeskError:
    """An SQLite failure told the same way as the OS's: disk full, read-only, busy or damaged."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    name = str(path) if path else None
    if code in _SQLITE_AS_ERRNO:
        return storage_error(OSError(_SQLITE_AS_ERRNO[code], str(exc), name), what, unchanged)
    tail = f"\n\n{UNCHANGED}" if unchanged else ""
    if code in _SQLITE_BUSY:
        return StorageError(f"无法{what}：数据库正被另一个 LawDesk 程序使用（例如正在导入）。请等它完成后再试。{tail}")
    if code in _SQLITE_DAMAGED:
        return LawDeskError(f"无法{what}：数据库文件已损坏（{exc}）。请从最近的备份恢复。{tail}")
    return LawDeskError(f"无法{what}：读写数据库时出错（{exc}）。请稍后重试；若反复出现，请联系技术支持。{tail}")


@contextmanager
def clerk_errors(what: str, unchanged: bool = True) -> Iterator[None]:
    """Turn the OS's and SQLite's exceptions into the clerk's words (core's own errors pass unchanged)."""
    try:
        yield
    except LawDeskError:
        raise
    except OSError as exc:
        raise storage_error(exc, what, unchanged) from exc
    except sqlite3.Error as exc:
        raise sqlite_error(exc, what, unchanged=unchanged) from exc
