"""Reading a backup without trusting it: every name, type, size and hash is checked before it is used.

Two kinds of source restore: a backup file (a zip, see core.backup) and a database file with its attachment
folder beside it — the safety copy a restore leaves (`恢复前-….db`), or a database copied from another PC.
`check` reads the whole source, extracts the database (and, for a restore, the attachment files) into a job
folder, and checks the extracted database (core.backup.schema_check) — the same checks for `--dry-run`.
Sizes are checked against the manifest and the caps before a byte is written, and a failure to *write*
(disk full, read-only) is told apart from a damaged source.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import IO

from core import paths
from core.attachments import blob_path
from core.db import APPLICATION_ID, SQLITE_MAGIC
from core.errors import BackupError

from .format import (
    BLOB_MEMBER,
    CHUNK,
    DB_MEMBER,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST_MEMBER,
    MAX_BLOB_BYTES,
    MAX_DB_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_MEMBERS,
    SHA256,
    Progress,
    bad,
    parse_manifest,
    read_only_query,
    storage_error,
)
from .schema_check import check_database
from .writing import attachment_shas, check_space, describe_db

# Whatever a damaged or hostile zip makes zipfile raise (an unknown compression method, a password, a
# truncated stream, a nonsense offset): all of it means "this file is damaged", never a traceback.
ZIP_TROUBLE = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, zlib.error, EOFError,
               ValueError, struct.error, OverflowError, KeyError, IndexError)
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}  # the only ones LawDesk writes


class WriteFailed(Exception):
    """Writing the extracted copy failed: the disk's fault, not the backup's."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def has_data(db_path: Path) -> bool:
    return db_path.exists() and db_path.stat().st_size > 0


def is_database_file(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def application_id_or_empty(db_path: Path) -> int | None:
    """The file's application id as SQLite sees it (None for an empty database)."""
    try:
        conn = sqlite3.connect(db_path.resolve().as_uri() + read_only_query(db_path), uri=True)
        try:
            if conn.execute("select count(*) from sqlite_master").fetchone()[0] == 0:
                return None
            return conn.execute("pragma application_id").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return APPLICATION_ID  # a damaged LawDesk file is exactly what one restores over; it is kept first


# -- the entry point ---------------------------------------------------------------------------------
def check(source: Path, work: Path, extract_blobs: bool, progress: Progress, what: str = "恢复") -> dict:
    """Read and check all of `source`; leaves the checked database at `work/lawdesk.db` (and, with
    `extract_blobs`, the attachment files at `work/attachments/ab/<sha256>`); returns its manifest.
    `what` names the action in a message about the disk ("无法恢复：磁盘空间已满")."""
    if not source.is_file():
        raise bad_missing(source)
    if source.stat().st_size == 0:
        raise bad(source, "文件是空的（0 字节），可能没有复制完整")
    try:
        if is_database_file(source):
            manifest = _check_database_file(source, work, extract_blobs, progress, what)
        else:
            manifest = _check_zip(source, work, extract_blobs, progress, what)
    except WriteFailed as exc:
        raise storage_error(exc.error, what) from exc.error
    check_database(source, work / DB_MEMBER, manifest)
    return manifest


def bad_missing(source: Path) -> BackupError:
    return BackupError(f"找不到备份文件“{source}”，请重新选择。")


# -- a backup file (zip) ------------------------------------------------------------------------------
def _check_zip(path: Path, work: Path, extract_blobs: bool, progress: Progress, what: str) -> dict:
    try:
        with open(path, "rb") as raw, zipfile.ZipFile(raw) as zf:
            manifest = _read_manifest(path, zf)
            infos = _check_members(path, zf, manifest)
            need = sum(i.file_size for n, i in infos.items() if n == DB_MEMBER or extract_blobs)
            check_space(work, need, what)
            _extract_all(path, raw, zf, infos, manifest, work, extract_blobs, progress)
    except ZIP_TROUBLE as exc:
        raise bad(path, f"文件已损坏或不完整，也可能不是 LawDesk 备份（{type(exc).__name__}: {exc}）") from exc
    except OSError as exc:  # reading the backup file (a vanished USB stick, no permission)
        raise storage_error(exc, "读取备份文件") from exc
    return manifest


def _usable(path: Path, info: zipfile.ZipInfo) -> None:
    """Refuse a member zipfile could only read by failing: encrypted, or packed by an unknown method."""
    if info.flag_bits & 0x1:
        raise bad(path, f"“{info.filename}”是加密的，LawDesk 的备份从不加密，文件可能被人改动过")
    if info.compress_type not in _METHODS:
        raise bad(path, f"“{info.filename}”使用了 LawDesk 不会使用的压缩方式（{info.compress_type}）")


def _read_manifest(path: Path, zf: zipfile.ZipFile) -> dict:
    try:
        info = zf.getinfo(MANIFEST_MEMBER)
    except KeyError:
        raise bad(path, "文件中没有备份清单（manifest.json），它不是 LawDesk 备份文件") from None
    _usable(path, info)
    if info.file_size > MAX_MANIFEST_BYTES:
        raise bad(path, "备份清单大得不合常理，可能被人改动过")
    with zf.open(info) as fh:
        raw = fh.read(MAX_MANIFEST_BYTES + 1)
    return parse_manifest(path, raw)


def _check_members(path: Path, zf: zipfile.ZipFile, manifest: dict) -> dict[str, zipfile.ZipInfo]:
    """The zip must hold exactly the files the manifest lists, of the listed sizes, readable, with safe names."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS + 1:
        raise bad(path, f"文件中的条目超过 {MAX_MEMBERS} 个")
    names = [i.filename for i in infos if i.filename != MANIFEST_MEMBER]
    if len(names) + 1 != len(infos) or len(set(names)) != len(names):
        raise bad(path, "文件中有重复的条目，可能被改动过")
    listed = manifest["files"]
    extra = sorted(set(names) - set(listed))
    absent = sorted(set(listed) - set(names))
    if extra:
        raise bad(path, f"含有清单之外的文件（{extra[0]}），可能被改动过")
    if absent:
        raise bad(path, f"缺少清单中的文件（{absent[0]}），备份不完整")
    by_name = {i.filename: i for i in infos if i.filename != MANIFEST_MEMBER}
    for name, info in by_name.items():
        _usable(path, info)
        if info.file_size != listed[name]["size"]:
            raise bad(path, f"“{name}”的大小与清单不符，可能被改动过")
        if info.file_size > (MAX_DB_BYTES if name == DB_MEMBER else MAX_BLOB_BYTES):
            raise bad(path, f"“{name}”大得不合常理，可能被人改动过")
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            raise bad(path, f"“{name}”的大小前后不一，文件已损坏")
    return by_name


def _extract_all(path: Path, raw: IO[bytes], zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo],
                 manifest: dict, work: Path, extract_blobs: bool, progress: Progress) -> None:
    """Stream every member through SHA-256; write the database (and the blobs, for a restore) into `work`."""
    total = sum(i.file_size for i in infos.values()) or 1
    done = 0
    for name in sorted(infos, key=lambda n: n != DB_MEMBER):
        info = infos[name]
        target = work / name if (name == DB_MEMBER or extract_blobs) else None
        entry = manifest["files"][name]
        blocks = _stored_blocks(raw, info) if info.compress_type == zipfile.ZIP_STORED else _inflated(zf, info)
        sha = _copy_hashing(blocks, target, info.file_size, lambda n, _d=done: progress(_d + n, total, "正在校验备份文件…"))
        match = BLOB_MEMBER.match(name)
        if sha != entry["sha256"] or (match and (match.group(2) != sha or match.group(1) != sha[:2])):
            raise bad(path, f"“{name}”的内容与清单中的校验值不符，文件已损坏或被改动过")
        done += info.file_size
    progress(total, total, "校验完成")


def _stored_blocks(raw: IO[bytes], info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A stored member's bytes read straight from the file (zipfile's reader costs twice the time)."""
    raw.seek(info.header_offset)
    header = raw.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"“{info.filename}”的文件头已损坏")
    flags, method = struct.unpack("<HH", header[6:10])
    if flags & 0x1 or method != zipfile.ZIP_STORED:
        raise zipfile.BadZipFile(f"“{info.filename}”的文件头与目录不一致")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    raw.seek(name_len + extra_len, os.SEEK_CUR)
    left = info.file_size
    while left:
        block = raw.read(min(CHUNK, left))
        if not block:
            raise zipfile.BadZipFile(f"“{info.filename}”不完整")
        left -= len(block)
        yield block


def _inflated(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A compressed member (backups of earlier versions) through zipfile, which also checks its CRC."""
    with zf.open(info) as src:
        while block := src.read(CHUNK):
            yield block


def _copy_hashing(blocks: Iterator[bytes], target: Path | None, size: int, advance) -> str:
    """SHA-256 of the blocks, written to `target` when given; never more than `size` bytes."""
    digest = hashlib.sha256()
    seen = 0
    out = None
    try:
        if target is not None:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                out = open(target, "wb")  # noqa: SIM115 - closed in finally
            except OSError as exc:
                raise WriteFailed(exc) from exc
        for block in blocks:
            seen += len(block)
            if seen > size:  # the stream says more than the directory did: stop before writing it
                raise zipfile.BadZipFile("解压后的大小超过了声明的大小")
            digest.update(block)
            if out is not None:
                try:
                    out.write(block)
                except OSError as exc:
                    raise WriteFailed(exc) from exc
            advance(seen)
        if seen != size:
            raise zipfile.BadZipFile("解压后的大小与声明的不符")
        if out is not None:
            try:
                out.flush()
                os.fsync(out.fileno())
            except OSError as exc:
                raise WriteFailed(exc) from exc
    finally:
        if out is not None:
            with suppress(OSError):
                out.close()
    return digest.hexdigest()


# -- a database file with its attachment folder (a safety copy) ---------------------------------------
def _check_database_file(source: Path, work: Path, extract_blobs: bool, progress: Progress, what: str) -> dict:
    """Copy the database through SQLite (it may have a -wal) and hash every attachment file it references."""
    copy = work / DB_MEMBER
    check_space(work, source.stat().st_size, what)
    progress(0, 1, "正在读取数据库副本…")
    try:
        src = sqlite3.connect(source.resolve().as_uri() + read_only_query(source), uri=True)
        try:
            dst = sqlite3.connect(str(copy))
            try:
                src.backup(dst)
                dst.execute("pragma journal_mode = delete")
            finally:
                dst.close()
        finally:
            src.close()
        facts = describe_db(copy)
    except sqlite3.Error as exc:
        if copy.exists() and (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == 13:  # SQLITE_FULL
            raise WriteFailed(OSError(28, str(exc), str(work))) from exc
        raise bad(source, f"其中的数据库已损坏或不是 LawDesk 数据库（{exc}）") from exc
    root = paths.attachments_dir(source)
    files = {DB_MEMBER: {"sha256": "", "size": copy.stat().st_size}}
    missing = []
    shas = facts.pop("attachment_sha256")
    for i, sha in enumerate(shas):
        progress(i, max(len(shas), 1), "正在校验附件…")
        size = _sound_blob(blob_path(root, sha), sha, work / f"attachments/{sha[:2]}/{sha}" if extract_blobs else None)
        if size is None:
            missing.append(sha)  # lost or damaged in the copy: restored without it, and said so
        else:
            files[f"attachments/{sha[:2]}/{sha}"] = {"sha256": sha, "size": size}
    created = datetime.fromtimestamp(source.stat().st_mtime).isoformat(timespec="seconds")
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "app_version": "", "created_at": created,
            "unit": facts["unit"], "schema_migrations": facts["schema_migrations"], "counts": facts["counts"],
            "missing_attachments": sorted(missing), "files": files, "source_kind": "database"}


def _sound_blob(blob: Path, sha: str, target: Path | None) -> int | None:
    """The size of an attachment file whose bytes match its name (copied to `target`); None if lost or damaged."""
    try:
        size = blob.stat().st_size
        if size > MAX_BLOB_BYTES:
            return None
        with open(blob, "rb") as src:
            ok = _copy_hashing(iter(lambda: src.read(CHUNK), b""), target, size, lambda n: None) == sha
    except (OSError, zipfile.BadZipFile):  # gone, unreadable, or changed while read
        ok = False
    if not ok and target is not None:
        with suppress(OSError):
            target.unlink()
    return size if ok else None


def referenced_in(db_file: Path) -> set[str]:
    try:
        return set(attachment_shas(db_file))
    except sqlite3.Error:
        return set()


def looks_like_sha(name: str) -> bool:
    return bool(SHA256.match(name))
