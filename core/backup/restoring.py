"""Restoring: check everything first, keep the current data, then swap the new data in by one rename.

The safety copy is the current database file itself, kept under the backups folder as `恢复前-<time>.db`
with the attachment files it uses beside it (`恢复前-<time>.attachments/`): a hard link where the disk allows
(no copying: the old file simply stays when the new one takes its name), a copy otherwise. It opens like any
LawDesk database and restores like a backup file. Until the swap, a killed restore leaves a note in its job
folder so the next start removes that copy again (core.workdir); attachment files are claimed by the job
before they move, so whichever data survives a kill, the files it does not use are swept.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from contextlib import suppress
from pathlib import Path

from core import paths, workdir
from core.attachments import blob_path
from core.clock import SYSTEM_CLOCK
from core.db import APPLICATION_ID, audit_restore
from core.errors import BackupError, StorageError
from core.lock import InstanceLock

from .format import DB_MEMBER, SAFETY_PREFIX, UNCHANGED, Progress, clerk_errors, no_progress, read_only_query
from .reading import (
    application_id_or_empty,
    check,
    has_data,
    is_database_file,
    looks_like_sha,
    referenced_in,
)
from .writing import fsync_dir


def restore(db_path: Path | str, backup_path: Path | str, progress: Progress | None = None) -> Path | None:
    """Replace the data at `db_path` with the backup; returns the safety copy of the old data (None if none).

    Refuses (DatabaseLocked) while a LawDesk window has the database open.
    """
    return restore_with_manifest(db_path, backup_path, progress)[0]


def restore_with_manifest(db_path: Path | str, backup_path: Path | str,
                          progress: Progress | None = None) -> tuple[Path | None, dict]:
    """`restore`, also returning the manifest of what was restored."""
    db_path = Path(db_path).expanduser()
    backup_path = Path(backup_path).expanduser()
    progress = progress or no_progress
    with clerk_errors("恢复"):
        db_path.parent.mkdir(parents=True, exist_ok=True)
        with InstanceLock(db_path):
            refuse_foreign_target(db_path)
            workdir.sweep(db_path, _referenced_now(db_path))  # a start like any other: clear what a crash left
            with workdir.job(db_path, "restore") as job:
                manifest = check(backup_path, job.path, extract_blobs=True, progress=progress)
                progress(0, 0, "正在替换数据…")
                safety = _swap_in(db_path, job)
                audit_restore(db_path, backup_path, manifest, safety)  # what came from which backup
    return safety, manifest


def refuse_foreign_target(db_path: Path) -> None:
    """Restoring over a file that is not a LawDesk database would destroy somebody else's data."""
    if not has_data(db_path):
        return
    if is_database_file(db_path) and application_id_or_empty(db_path) in (APPLICATION_ID, None):
        return
    raise BackupError(
        f"“{db_path.name}”不是 LawDesk 数据库，为免覆盖别的程序的数据，不会恢复到这里。"
        "请用 --db 指定一个 LawDesk 数据库文件或一个新的文件名。")


# -- the swap ---------------------------------------------------------------------------------------
def _swap_in(db_path: Path, job: workdir.Job) -> Path | None:
    staged = job.path / DB_MEMBER
    new_shas = referenced_in(staged)
    old_shas: set[str] | None = set()
    safety = None
    if has_data(db_path):
        _fold_wal(db_path)
        old_shas = _referenced_or_none(db_path)
    staged_blobs = sorted((job.path / "attachments").glob("*/*"))
    # Claimed before anything moves: after a kill, the files the surviving data does not use are swept.
    for sha in (old_shas or set()) | {b.name for b in staged_blobs}:
        job.claim(sha)
    added: list[str] = []
    try:
        if has_data(db_path):
            safety = _keep_safety_copy(db_path, job, old_shas)
        _move_blobs_in(paths.attachments_dir(db_path), staged_blobs, added)
        _drop_wal_files(db_path)
        os.replace(staged, db_path)
    except BaseException:
        if staged.exists():  # not swapped: the data in place is still the current one; take back what we added
            if safety is not None:
                _remove_safety_copy(safety)
            _remove_unused_blobs(paths.attachments_dir(db_path), set(added), old_shas or set())
        raise
    fsync_dir(db_path.parent)
    _remove_unused_blobs(paths.attachments_dir(db_path), old_shas, new_shas)
    return safety


def _fold_wal(db_path: Path) -> None:
    """Fold the WAL into the main file, so that one file is the whole of the current data."""
    try:
        conn = sqlite3.connect(str(db_path), isolation_level=None)
        try:
            conn.execute("pragma busy_timeout = 5000")
            busy = conn.execute("pragma wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return  # a damaged file: kept as it is, -wal and all
    if busy:
        raise StorageError(
            f"无法恢复：数据库“{db_path.name}”正被另一个 LawDesk 程序使用（例如正在导入或导出）。"
            f"请等它完成或关闭它后再试。{UNCHANGED}")


def _referenced_or_none(db_path: Path) -> set[str] | None:
    """Attachment files the current data uses; None when the file cannot be read (damaged)."""
    try:
        conn = sqlite3.connect(db_path.resolve().as_uri() + read_only_query(db_path), uri=True)
        try:
            return {r[0] for r in conn.execute("select sha256 from attachment") if r[0]}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None


def _referenced_now(db_path: Path):
    def read() -> set[str]:
        if not has_data(db_path):
            return set()
        found = _referenced_or_none(db_path)
        if found is None:
            raise sqlite3.DatabaseError("数据库无法读取")
        return found
    return read


def _keep_safety_copy(db_path: Path, job: workdir.Job, old_shas: set[str] | None) -> Path:
    """The current database and its attachment files under the backups folder, linked where possible."""
    target = _free_name(paths.backups_dir(db_path), f"{SAFETY_PREFIX}{SYSTEM_CLOCK.now():%Y%m%d-%H%M%S}")
    blobs_target = paths.attachments_dir(target)
    wal = Path(str(db_path) + "-wal")
    made = [target, Path(str(target) + "-wal"), blobs_target]
    job.undo_unless_done(DB_MEMBER, made)
    _link_or_copy(db_path, target, link=sys.platform != "win32")
    if wal.exists() and wal.stat().st_size:  # a damaged file whose WAL could not be folded in: keep both
        shutil.copyfile(wal, made[1])
    root = paths.attachments_dir(db_path)
    shas = old_shas if old_shas is not None else {p.name for p in root.glob("*/*") if looks_like_sha(p.name)}
    for sha in sorted(shas):
        source = blob_path(root, sha)
        if source.is_file():
            _link_or_copy(source, blob_path(blobs_target, sha), link=True)
    fsync_dir(target.parent)
    return target


def _free_name(folder: Path, stem: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    n = 1
    while True:
        candidate = folder / (f"{stem}.db" if n == 1 else f"{stem}-{n}.db")
        if not candidate.exists() and not paths.attachments_dir(candidate).exists():
            return candidate
        n += 1


def _link_or_copy(source: Path, target: Path, link: bool) -> None:
    """A hard link costs neither time nor space; a disk without them (FAT32) or another disk gets a copy.

    Windows cannot remove one name of a file another program holds open, so the database is copied there:
    an undone safety copy must be removable while the current data is in use."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if link:
        try:
            os.link(source, target)
            return
        except OSError:
            pass
    shutil.copyfile(source, target)


def _remove_safety_copy(safety: Path) -> None:
    for path in (safety, Path(str(safety) + "-wal")):
        with suppress(OSError):
            path.unlink()
    shutil.rmtree(paths.attachments_dir(safety), ignore_errors=True)


def _move_blobs_in(root: Path, staged: list[Path], added: list[str]) -> None:
    """Verified attachment files into the store (a damaged file of the same name is replaced: repaired);
    `added` collects the names that were not there before."""
    touched = set()
    for blob in staged:
        target = blob_path(root, blob.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            added.append(blob.name)
        try:
            os.replace(blob, target)
        except PermissionError:
            from .writing import file_sha256

            if not (target.is_file() and file_sha256(target) == blob.name):
                raise
            continue  # open in a viewer (Windows) and sound: leave it
        touched.add(target.parent)
    for folder in sorted(touched):
        fsync_dir(folder)


def _drop_wal_files(db_path: Path) -> None:
    """A stale -wal next to the new file would be replayed into it (folded in or kept with the safety copy)."""
    for suffix in ("-wal", "-shm", "-journal"):
        with suppress(FileNotFoundError):
            os.unlink(str(db_path) + suffix)


def _remove_unused_blobs(root: Path, old: set[str] | None, new: set[str]) -> None:
    """Attachment files only the replaced data used (the safety copy has them)."""
    if old is None:
        old = {p.name for p in root.glob("*/*") if looks_like_sha(p.name)} if root.is_dir() else set()
    for sha in old - new:
        # e.g. open in a viewer on Windows: a leftover file harms nothing, and the next sweep takes it
        with suppress(OSError):
            blob_path(root, sha).unlink()
