"""Temporary work beside the database: one folder (`<db stem>.tmp/`) that every opening of the database sweeps.

Each job — a backup being written, a restore being checked, attachments arriving — works in a folder of its own
inside it (`backup-…`, `restore-…`, `attachments-…`) and holds an OS lock on the `lock` file there for as long as
its process lives. A folder whose lock can be taken belongs to a process that has ended, finished or killed, so
any process may sweep it: the sweep needs neither the instance lock nor a guess about who else is running, and
the job of a process still at work is never touched.

A job also *claims* every attachment file it puts into the attachment store before a row points at it (an
empty file `claims/<sha256>`). When its process died before those rows were committed, the sweep removes
exactly the claimed files no row references. Other unreferenced attachment files (a crash of an older version,
a row deleted by hand) are removed once they are older than `GRACE_SECONDS`, so a file another process has just
written and is about to reference is never taken.
"""
from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, TYPE_CHECKING

from core import paths
from core.lock import lock_handle

if TYPE_CHECKING:
    from core.db import Store

logger = logging.getLogger(__name__)

LOCK_FILE = "lock"
CLAIMS = "claims"
UNDO_FILE = "undo.json"
GRACE_SECONDS = 3600.0  # an unreferenced attachment file younger than this may be another process's, in flight
_JOB_NAME = re.compile(r"^[a-z]+-\d+-[0-9a-f]{8}$")
_SHA = re.compile(r"^[0-9a-f]{64}$")
# Leftovers of versions before this folder existed: temporary folders and files beside the database, its
# backups and its attachments. Nothing marks whether their process still runs, so only old ones are removed.
LEGACY_PREFIXES = (".lawdesk-restore-", ".lawdesk-backup-", ".incoming-")


# -- locks ---------------------------------------------------------------------------------------------
def try_lock(path: Path, create: bool = True) -> IO | None:
    """An exclusive OS lock on `path` without waiting; None when someone holds it (or, unless `create`, when
    the file is missing: a sweeper must not make a lock file in a folder another process is still creating)."""
    try:
        fh = open(path, "a+b" if create else "r+b")  # noqa: SIM115 - the lock lives as long as the handle
    except OSError:
        return None
    try:
        lock_handle(fh)
    except OSError:
        fh.close()
        return None
    return fh


# -- jobs ----------------------------------------------------------------------------------------------
class Job:
    """A folder of temporary work owned by this process; `close()` removes it."""

    def __init__(self, path: Path, lock: IO) -> None:
        self.path = path
        self._lock: IO | None = lock

    def claim(self, sha256: str) -> None:
        """Record, before the file enters the attachment store, that this job is about to reference it."""
        folder = self.path / CLAIMS
        folder.mkdir(exist_ok=True)
        (folder / sha256).touch()

    def undo_unless_done(self, marker: str, made: list[Path]) -> None:
        """Should this process die while `marker` (a file in this job) still exists, the sweep removes `made`:
        what the job created outside its folder before the step that makes it count (e.g. a safety copy made
        before the database is swapped, which the swap would have left as the only copy of the old data)."""
        text = json.dumps({"marker": marker, "made": [str(p) for p in made]}, ensure_ascii=False)
        tmp = self.path / (UNDO_FILE + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path / UNDO_FILE)

    def release(self) -> None:
        """Let go of the folder without removing it: the next sweep deals with it as a finished job's."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def close(self) -> None:
        if self._lock is None:
            return
        # Released first: Windows cannot delete a file that is still open, and nobody sweeps a job
        # folder this process is still deleting for longer than that takes.
        self._lock.close()
        self._lock = None
        shutil.rmtree(self.path, ignore_errors=True)
        remove_if_empty(self.path.parent)

    def __enter__(self) -> Job:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start(db_path: Path, kind: str) -> Job:
    """A new job folder in the database's temporary folder, locked for as long as the job lives."""
    root = paths.temp_dir(Path(db_path))
    for _attempt in range(5):  # another process may remove the empty root between our mkdir calls
        root.mkdir(parents=True, exist_ok=True)
        folder = root / f"{kind}-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            folder.mkdir()
        except FileNotFoundError:
            continue
        lock = try_lock(folder / LOCK_FILE)
        if lock is None:  # the folder vanished under us (swept as lock-less): take another name
            shutil.rmtree(folder, ignore_errors=True)
            continue
        return Job(folder, lock)
    raise FileNotFoundError(2, "无法创建临时文件夹", str(root))


@contextmanager
def job(db_path: Path, kind: str) -> Iterator[Job]:
    work = start(db_path, kind)
    try:
        yield work
    finally:
        work.close()


def remove_if_empty(folder: Path) -> None:
    """Leave no empty temporary folder behind (another process may be filling it again: that is fine)."""
    with suppress(OSError):
        folder.rmdir()


# -- sweeping ------------------------------------------------------------------------------------------
def _jobs(root: Path) -> list[Path]:
    try:
        return [p for p in root.iterdir() if p.is_dir() and _JOB_NAME.match(p.name)]
    except OSError:
        return []


def claims_of(folder: Path) -> set[str]:
    """What the job in `folder` has claimed (see Job.claim)."""
    try:
        return {p.name for p in (folder / CLAIMS).iterdir() if _SHA.match(p.name)}
    except OSError:
        return set()


def live_claims(db_path: Path, besides: Path | set[Path] | None = None) -> set[str]:
    """Attachment files that jobs still running (in any process) are about to reference; `besides`: folders
    to leave out (one's own, or dead ones being swept while their lock is held)."""
    skip = besides if isinstance(besides, set) else {besides} if besides else set()
    claimed: set[str] = set()
    for folder in _jobs(paths.temp_dir(db_path)):
        if folder in skip:
            continue
        lock = try_lock(folder / LOCK_FILE, create=False)
        if lock is None:
            claimed |= claims_of(folder)  # held (a folder without its lock file yet has claimed nothing)
        else:
            lock.close()
    return claimed


def _dead_jobs(root: Path) -> list[tuple[Path, IO | None]]:
    """Job folders whose process has ended, each with its lock now held by us (so no other sweeper races)."""
    dead = []
    for folder in _jobs(root):
        if not (folder / LOCK_FILE).exists():
            # Killed between making the folder and locking it, or being made this moment: its name says whose.
            if not _process_alive(int(folder.name.split("-")[1])) or _age(folder) >= GRACE_SECONDS:
                dead.append((folder, None))
            continue
        lock = try_lock(folder / LOCK_FILE, create=False)
        if lock is not None:
            dead.append((folder, lock))
    return dead


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x100000, False, pid)  # SYNCHRONIZE
        if not handle:
            return False
        try:
            return ctypes.windll.kernel32.WaitForSingleObject(handle, 0) == 0x102  # WAIT_TIMEOUT: still running
        finally:
            ctypes.windll.kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def sweep(db_path: Path, referenced: Callable[[], set[str]]) -> None:
    """Everything a crash can leave: dead jobs' folders (undoing what they made outside), the attachment files
    they claimed that no row references, unreferenced files older than the grace period, old strays.

    `referenced()` gives the attachment files the database's rows use; when it cannot be read (damaged), the
    dead jobs that claimed files stay for a later sweep."""
    from core import attachments

    root = paths.temp_dir(db_path)
    dead = _dead_jobs(root)
    claimed_by_dead = {folder: claims_of(folder) for folder, _lock in dead}
    try:
        for folder, _lock in dead:
            _undo(folder, db_path)
        try:
            used = referenced()
        except (sqlite3.Error, OSError):
            logger.warning("读取附件记录失败，暂不清理附件文件", exc_info=True)
            for folder, lock in [(f, lock) for f, lock in dead if claimed_by_dead[f]]:
                if lock is not None:
                    lock.close()
                dead.remove((folder, lock))
        else:
            blobs = paths.attachments_dir(db_path)
            protected = live_claims(db_path, besides=set(claimed_by_dead))
            attachments.remove_files(blobs, set().union(*claimed_by_dead.values()) - used - protected)
            if _first_scan(db_path):  # the whole folder once per process: a store is reopened for every worker
                attachments.remove_unreferenced_files(blobs, used, protected, GRACE_SECONDS)
    finally:
        for folder, lock in dead:
            if lock is not None:
                lock.close()
            shutil.rmtree(folder, ignore_errors=True)
            logger.info("已清理中断的临时工作：%s", folder.name)
    _remove_old_strays(root)
    sweep_legacy(db_path)
    remove_if_empty(root)


def _undo(folder: Path, db_path: Path) -> None:
    """Apply a dead job's undo note (see Job.undo_unless_done); only ever inside the database's own folder."""
    try:
        note = json.loads((folder / UNDO_FILE).read_text(encoding="utf-8"))
        marker, made = folder / str(note["marker"]), [Path(p) for p in note["made"]]
    except (OSError, ValueError, KeyError, TypeError):
        return
    if not marker.exists():
        return  # the step happened: what the job made is in use now
    home = db_path.parent.resolve()
    for path in made:
        if path.resolve().is_relative_to(home):
            _remove(path)
            logger.info("已撤销中断的操作留下的：%s", path)


def _remove_old_strays(root: Path) -> None:
    """Files in the temporary folder that no job owns (not made by this version): only old ones."""
    try:
        entries = [p for p in root.iterdir() if not _JOB_NAME.match(p.name)]
    except OSError:
        return
    for entry in entries:
        if _age(entry) >= GRACE_SECONDS:
            _remove(entry)


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with suppress(OSError):
            path.unlink()


def sweep_legacy(db_path: Path) -> None:
    """Temporary files of older versions beside the database, its backups and its attachments (old ones only)."""
    for folder in (db_path.parent, paths.backups_dir(db_path), paths.attachments_dir(db_path)):
        try:
            entries = [p for p in folder.iterdir() if p.name.startswith(LEGACY_PREFIXES)]
        except OSError:
            continue
        for entry in entries:
            if _age(entry) >= GRACE_SECONDS:
                _remove(entry)


_scanned: set[Path] = set()


def _first_scan(db_path: Path) -> bool:
    key = db_path.resolve()
    if key in _scanned:
        return False
    _scanned.add(key)
    return True


def referenced_by(conn: sqlite3.Connection) -> Callable[[], set[str]]:
    return lambda: {r[0] for r in conn.execute("select distinct sha256 from attachment") if r[0]}


def on_open(store: Store) -> None:
    """Called by `core.db.open_store` for every store opened: a failed sweep never stops the opening."""
    try:
        sweep(store.path, referenced_by(store.conn))
    except Exception:  # noqa: BLE001 - leftovers cost disk space, never data: log and carry on
        logger.warning("清理临时文件时出错（不影响数据）", exc_info=True)
