"""Writing a backup at the disk's pace: one snapshot by SQLite's backup API, stored (not compressed) in the zip
and hashed in the same pass that writes it.

The snapshot and, when the output is on the same disk, the zip itself are written in a job folder of the
database's temporary folder (core.workdir) and the finished zip is renamed to its name: a killed backup leaves
nothing the next start does not sweep. An output on another disk (a USB stick) is written beside it as
`.lawdesk-backup-….part`, locked while it is written; the next backup to that folder removes stale ones.
"""
from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import secrets
import shutil
import sqlite3
import sys
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

import sqlite_utils

from core import paths, schema, workdir
from core.attachments import blob_path
from core.clock import SYSTEM_CLOCK
from core.db import APPLICATION_ID
from core.errors import BackupError, StorageError

from .format import (
    CHUNK,
    DB_MEMBER,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST_MEMBER,
    UNCHANGED,
    Progress,
    clerk_errors,
    human_size,
    no_progress,
    read_only_query,
    sqlite_error,
)

logger = logging.getLogger("core.backup")

PART_PREFIX = ".lawdesk-backup-"
PART_SUFFIX = ".part"
LEGACY_GRACE_SECONDS = 3600.0
_WINDOWS_PART_GRACE = 120.0  # Windows: a part file is closed a moment before its rename


def backup(store, out_path: Path | str, progress: Progress | None = None) -> dict:
    """Write a backup of `store` (database and attachments) to `out_path`; returns the manifest."""
    with clerk_errors("备份"):
        store.conn.execute("pragma synchronous = full")
        try:
            return write_backup(store.conn, store.path, Path(out_path), progress or no_progress)
        finally:
            store.conn.execute("pragma synchronous = normal")


def backup_db_file(db_path: Path | str, out_path: Path | str, progress: Progress | None = None) -> dict:
    """Back up the database at `db_path` through a connection of its own (for a worker thread)."""
    from .reading import application_id_or_empty, has_data

    db_path = Path(db_path).expanduser()
    with clerk_errors("备份"):
        if not has_data(db_path) or application_id_or_empty(db_path) != APPLICATION_ID:
            raise BackupError(f"“{db_path}”不是 LawDesk 数据库，无法备份。请检查数据库位置。")
        conn = sqlite3.connect(str(db_path), isolation_level=None)
        try:
            conn.execute("pragma busy_timeout = 5000")
            return write_backup(conn, db_path, Path(out_path), progress or no_progress)
        finally:
            conn.close()


def write_backup(conn: sqlite3.Connection, db_path: Path, out_path: Path, progress: Progress) -> dict:
    out_path = out_path.expanduser()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    sweep_parts(out_path.parent)
    attachments_root = paths.attachments_dir(db_path)
    with workdir.job(db_path, "backup") as job:
        snapshot = job.path / DB_MEMBER
        _snapshot(conn, db_path, snapshot, progress)
        facts = describe_db(snapshot)
        referenced = facts.pop("attachment_sha256")
        blobs = [sha for sha in referenced if blob_path(attachments_root, sha).is_file()]
        missing = sorted(set(referenced) - set(blobs))
        if missing:
            logger.warning("LawDesk 备份：有 %d 个附件文件在磁盘上已丢失，备份中不含它们。", len(missing))
        need = snapshot.stat().st_size + sum(blob_path(attachments_root, s).stat().st_size for s in blobs)
        check_space(out_path.parent, need, "备份")
        # The snapshot's self-check reads it while the zip is written from it: two cores, half the wait.
        with ThreadPoolExecutor(1, thread_name_prefix="backup-check") as pool, _partial(out_path, job) as fh:
            checked = pool.submit(_quick_check, snapshot)
            manifest = _write_zip(fh, snapshot, attachments_root, blobs, facts, missing, progress)
            if (ok := checked.result()) != "ok":  # before the zip takes its name
                raise BackupError(f"数据库自检未通过（{ok}），无法备份。请先从最近的备份恢复，或联系技术支持。")
        return manifest


def _snapshot(conn: sqlite3.Connection, db_path: Path, target: Path, progress: Progress) -> None:
    """Copy the live database page by page with SQLite's backup API, into a standalone file."""
    def step(status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total, "正在备份数据库…")

    dst = sqlite3.connect(str(target))
    try:
        # A scratch file: the zip it goes into is synced; syncing this one too would double the disk work.
        dst.execute("pragma synchronous = off")
        try:
            conn.backup(dst, pages=16384, progress=step)
        except sqlite3.Error as exc:
            raise sqlite_error(exc, "备份", db_path) from exc
        # The copy inherits WAL mode from the source; a backup must be one self-contained file.
        dst.execute("pragma journal_mode = delete")
    finally:
        dst.close()


def _quick_check(snapshot: Path) -> str:
    conn = sqlite3.connect(snapshot.resolve().as_uri() + read_only_query(snapshot), uri=True)
    try:
        return conn.execute("pragma quick_check").fetchone()[0]
    finally:
        conn.close()


def attachment_shas(db_file: Path) -> list[str]:
    conn = sqlite3.connect(db_file.resolve().as_uri() + read_only_query(db_file), uri=True)
    try:
        return sorted({r[0] for r in conn.execute("select sha256 from attachment") if r[0]})
    finally:
        conn.close()


def describe_db(db_file: Path) -> dict:
    """What the manifest says about a database: migrations, unit, row counts, attachments."""
    conn = sqlite3.connect(db_file.resolve().as_uri() + read_only_query(db_file), uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' "
            "and sql not like 'create virtual%' order by name")]
        counts = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in tables}
        unit_name = ""
        row = conn.execute("select value from settings where key = 'unit.profile'").fetchone()
        if row and row[0]:
            with suppress(ValueError, AttributeError, TypeError):
                unit_name = str((json.loads(row[0]) or {}).get("full_name", "") or "")
        migrations = schema.applied_names(sqlite_utils.Database(conn))
    finally:
        conn.close()
    return {"unit": unit_name, "counts": counts, "schema_migrations": migrations,
            "attachment_sha256": attachment_shas(db_file)}


# -- the zip -----------------------------------------------------------------------------------------
def _write_zip(fh: IO[bytes], snapshot: Path, attachments_root: Path, blobs: list[str], facts: dict,
               missing: list[str], progress: Progress) -> dict:
    files: dict[str, dict] = {}
    total = snapshot.stat().st_size + sum(blob_path(attachments_root, s).stat().st_size for s in blobs)
    done = [0]

    def advance(n: int, text: str) -> None:
        done[0] += n
        progress(done[0], total, text)

    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        files[DB_MEMBER] = _add_stored(zf, DB_MEMBER, snapshot, lambda n: advance(n, "正在写入备份文件…"))
        for sha in blobs:
            source = blob_path(attachments_root, sha)
            if file_sha256(source) != sha:
                # A damaged file would make the whole backup unrestorable: leave it out, say so.
                logger.warning("LawDesk 备份：附件文件 %s… 已损坏，备份中不含它。", sha[:12])
                missing.append(sha)
                continue
            # Photos, scans and PDFs are compressed already: storing them costs no space and saves the time.
            files[f"attachments/{sha[:2]}/{sha}"] = _add_stored(
                zf, f"attachments/{sha[:2]}/{sha}", source, lambda n: advance(n, "正在备份附件…"))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": _app_version(),
            "created_at": SYSTEM_CLOCK.stamp(),
            "unit": facts["unit"],
            "schema_migrations": facts["schema_migrations"],
            "counts": facts["counts"],
            "missing_attachments": sorted(missing),
            "files": files,
        }
        zf.writestr(MANIFEST_MEMBER, json.dumps(manifest, ensure_ascii=False, indent=1),
                    compress_type=zipfile.ZIP_DEFLATED)
    return manifest


def _add_stored(zf: zipfile.ZipFile, name: str, source: Path, advance) -> dict:
    """Copy a file into the zip uncompressed, hashing each block as it is written (one read of the file)."""
    stat = source.stat()
    info = zipfile.ZipInfo(name, date_time=time.localtime(stat.st_mtime)[:6])
    info.compress_type = zipfile.ZIP_STORED
    info.file_size = stat.st_size  # lets zipfile pick ZIP64 for a database over 2 GB before it writes
    digest = hashlib.sha256()
    size = 0
    with open(source, "rb") as src, zf.open(info, "w") as dst:
        while block := src.read(CHUNK):
            digest.update(block)
            dst.write(block)
            size += len(block)
            advance(len(block))
    return {"sha256": digest.hexdigest(), "size": size}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _app_version() -> str:
    from core.version import app_version

    return app_version(default="")  # the bundle has no package metadata: core.version reads its build file


# -- where the zip is written until it is whole -------------------------------------------------------
@contextmanager
def _partial(out_path: Path, job: workdir.Job) -> Iterator[IO[bytes]]:
    """A file to write the zip into that becomes `out_path` only once complete and synced."""
    if _same_disk(out_path.parent, job.path):
        inside = job.path / "backup.zip"
        with open(inside, "w+b") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.replace(inside, out_path)
        except OSError as exc:
            if exc.errno != errno.EXDEV:  # a bind mount can look like one disk and still refuse a rename
                raise
            _copy_beside(inside, out_path)
    else:
        with _part_beside(out_path) as fh:
            yield fh
    fsync_dir(out_path.parent)


def _same_disk(a: Path, b: Path) -> bool:
    try:
        return os.stat(a).st_dev == os.stat(b).st_dev
    except OSError:
        return False


@contextmanager
def _part_beside(out_path: Path) -> Iterator[IO[bytes]]:
    """`.lawdesk-backup-<random>.part` in the output's folder, locked while written, renamed when whole."""
    part = out_path.parent / f"{PART_PREFIX}{secrets.token_hex(6)}{PART_SUFFIX}"
    fh = open(part, "w+b")  # noqa: SIM115 - closed below, after the rename on POSIX
    try:
        if sys.platform != "win32":
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield fh
        fh.flush()
        os.fsync(fh.fileno())
        if sys.platform == "win32":  # an open file cannot be renamed there
            fh.close()
        os.replace(part, out_path)  # on POSIX while still locked: no sweeper can take it first
    except BaseException:
        fh.close()
        with suppress(OSError):
            part.unlink()
        raise
    finally:
        fh.close()


def _copy_beside(source: Path, out_path: Path) -> None:
    with _part_beside(out_path) as fh, open(source, "rb") as src:
        shutil.copyfileobj(src, fh, CHUNK)


def sweep_parts(folder: Path) -> None:
    """Remove what killed backups left in `folder`: unlocked part files, and old versions' work folders."""
    try:
        entries = [p for p in folder.iterdir() if p.name.startswith(PART_PREFIX)]
    except OSError:
        return
    for entry in entries:
        if entry.name.endswith(PART_SUFFIX) and entry.is_file():
            if _part_is_stale(entry):
                with suppress(OSError):
                    entry.unlink()
        elif entry.is_dir() and _age(entry) > LEGACY_GRACE_SECONDS:  # `.lawdesk-backup-*/` of older versions
            shutil.rmtree(entry, ignore_errors=True)


def _part_is_stale(part: Path) -> bool:
    if sys.platform == "win32":
        return _age(part) > _WINDOWS_PART_GRACE  # and the unlink fails while its writer has it open
    lock = workdir.try_lock(part, create=False)
    if lock is None:
        return False
    lock.close()
    return True


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_space(folder: Path, need: int, what: str) -> None:
    """Refuse before writing when the disk clearly cannot hold `need` bytes (with a little room to spare)."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return  # unknown: the write itself will tell
    if free < need + (16 << 20):
        raise StorageError(
            f"无法{what}：磁盘空间不足。需要约 {human_size(need)}，“{folder}”所在的磁盘只剩 {human_size(free)}。"
            f"\n\n请删除不需要的文件、清空回收站，或换一个空间充足的磁盘（或 U 盘）后重试。{UNCHANGED}")
