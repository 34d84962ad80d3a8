"""Killed (SIGKILL) at chosen points, a backup, a restore and the demo leave the data whole and, once the next
start has swept, nothing behind: no temporary copy of the database, no attachment file no row references.

Each case forks the test process and kills the child exactly at one step (a rename, a link, half-way through
writing); `tests/benchmarks/kill_loop.py` kills real `main.py` processes at random moments instead.
"""
from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

import pytest
from faultkit import crash_when, integrity, leftovers, on_call, rows

from core import attachments, backup, paths, workdir
from core.backup import restoring, writing
from core.db import open_store
from core.staff import roster

pytestmark = pytest.mark.skipif(sys.platform == "win32" or not hasattr(os, "fork"), reason="fork and SIGKILL")


def _data(db: Path, names: tuple[str, ...], blobs: tuple[bytes, ...]) -> None:
    with open_store(db) as store:
        for name in names:
            roster.add(store, name, "办公室")
        for i, blob in enumerate(blobs):
            attachments.add_bytes(store, blob, f"附件{i}.pdf")
    gc.collect()  # no store of ours may hold a job lock the child would inherit


def _sweep(db: Path) -> None:
    """The next start."""
    open_store(db).close()
    gc.collect()


@pytest.fixture
def old_and_new(tmp_path) -> tuple[Path, Path]:
    """Current data (甲乙, two files, one shared with the backup) and a backup of other data (丙丁戊)."""
    source = tmp_path / "source" / "lawdesk.db"
    _data(source, ("丙", "丁", "戊"), (b"shared file" * 100, b"only in the backup" * 300, b"third" * 999))
    out = tmp_path / "new.lawdesk-backup"
    backup.backup_db_file(source, out)
    db = tmp_path / "data" / "lawdesk.db"
    _data(db, ("甲", "乙"), (b"shared file" * 100, b"only in the current data" * 200))
    return db, out


def _names(db: Path) -> set[str]:
    return {r[1] for r in rows(db)["staff"]}


def _assert_whole_and_clean(db: Path, old: set[str], new: set[str]) -> set[str]:
    _sweep(db)
    assert integrity(db) == "ok"
    state = _names(db)
    assert state in (old, new), state
    assert leftovers(db) == []
    backups = sorted(paths.backups_dir(db).glob("*")) if paths.backups_dir(db).exists() else []
    if state == new:  # the swap happened: the old data is kept, whole, and restores
        safety = [p for p in backups if p.suffix == ".db"]
        assert len(safety) == 1 and _names(safety[0]) == old
        assert backup.verify(safety[0])["missing_attachments"] == []
    else:  # it did not: no copy of the current data lies around
        assert backups == []
    return state


def _after_replacing(target: Path, die) -> None:
    """Die right after the rename that puts something at `target` (the swap itself)."""
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        real(src, dst, *args, **kwargs)
        if Path(dst) == target:
            die()
    os.replace = replace


RESTORE_KILLS = {
    "while_extracting": None,  # the progress callback dies half-way through the check
    "after_the_undo_note": lambda die, db: on_call(workdir.Job, "undo_unless_done", 1, die, after=True),
    "after_the_safety_link": lambda die, db: on_call(os, "link", 1, die, after=True),
    "after_the_first_file_moved_in": lambda die, db: on_call(os, "replace", 2, die, after=True),
    "before_the_swap": lambda die, db: on_call(restoring, "_drop_wal_files", 1, die, after=True),
    "right_after_the_swap": lambda die, db: _after_replacing(db, die),
    "before_the_unused_files_go": lambda die, db: on_call(restoring, "_remove_unused_blobs", 1, die),
}
SWAPPED = {"right_after_the_swap", "before_the_unused_files_go"}


@pytest.mark.parametrize("point", list(RESTORE_KILLS))
def test_killed_restore_leaves_old_or_new_data_and_no_leftovers(point, old_and_new):
    db, out = old_and_new
    old, new = _names(db), {"丙", "丁", "戊"}

    def work(die):
        if RESTORE_KILLS[point] is not None:
            RESTORE_KILLS[point](die, db)

        def progress(done: int, total: int, text: str = "") -> None:
            if point == "while_extracting" and "校验" in text and 0 < done < total:
                die()
        backup.restore(db, out, progress)

    assert crash_when(work), "the chosen point was never reached"
    assert paths.temp_dir(db).exists()  # something was left to sweep
    state = _assert_whole_and_clean(db, old, new)
    assert state == (new if point in SWAPPED else old)


@pytest.mark.parametrize("other_disk", [False, True], ids=["same_disk", "other_disk"])
def test_killed_backup_leaves_no_copy_of_the_database(other_disk, old_and_new, tmp_path):
    db, _ = old_and_new
    out_dir = tmp_path / "usb"
    out_dir.mkdir()

    def work(die):
        if other_disk:
            writing._same_disk = lambda a, b: False
        backup.backup_db_file(db, out_dir / "b.lawdesk-backup",
                              lambda done, total, text="": die() if "写入" in text and done * 2 >= total else None)

    assert crash_when(work)
    left_beside = [p.name for p in out_dir.iterdir()]
    assert ("b.lawdesk-backup" not in left_beside)
    if other_disk:  # written beside the output, recognisably, and taken away by the next backup there
        assert len(left_beside) == 1 and left_beside[0].startswith(".lawdesk-backup-")
        backup.backup_db_file(db, out_dir / "c.lawdesk-backup")
        assert [p.name for p in out_dir.iterdir()] == ["c.lawdesk-backup"]
    else:  # written in the temporary folder: the output folder never saw it
        assert left_beside == [] and paths.temp_dir(db).exists()
    _sweep(db)
    assert leftovers(db, out_dir) == []


def test_killed_demo_leaves_no_attachment_file_and_no_record(tmp_path):
    from core import demo

    db = tmp_path / "demo" / "lawdesk.db"
    open_store(db).close()

    def work(die):
        on_call(attachments, "_move_in", 2, die, after=True)  # a file in the store, its row not committed
        with open_store(db) as store:
            demo.fill(store)

    assert crash_when(work)
    assert any(paths.attachments_dir(db).glob("*/*"))
    _sweep(db)
    assert integrity(db) == "ok" and rows(db)["staff"] == []  # one transaction: all or nothing
    assert leftovers(db) == []


def test_finished_work_leaves_nothing(old_and_new, tmp_path):
    db, out = old_and_new
    backup.backup_db_file(db, tmp_path / "x.lawdesk-backup")
    backup.verify(out, db_path=db)
    backup.restore(db, out)
    assert not paths.temp_dir(db).exists()
    assert leftovers(db) == []


def test_a_running_job_of_another_process_is_never_swept(old_and_new):
    """The sweep takes only folders whose lock it can take: a live job (here: ours) is left alone."""
    db, _ = old_and_new
    with workdir.job(db, "backup") as job:
        (job.path / "lawdesk.db").write_bytes(b"half a snapshot")
        _sweep(db)
        assert (job.path / "lawdesk.db").exists()
    _sweep(db)
    assert not paths.temp_dir(db).exists()


def test_unreferenced_files_go_only_after_the_grace_period(old_and_new):
    """A file another process has just written and not yet referenced must survive; an old orphan goes."""
    db, _ = old_and_new
    root = paths.attachments_dir(db)
    fresh = root / "ee" / ("ee" + "1" * 62)
    old = root / "dd" / ("dd" + "2" * 62)
    for path in (fresh, old):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    now = time.time()  # the process clock, as the sweep reads it (files are stamped by it too)
    os.utime(fresh, (now, now))
    long_ago = now - workdir.GRACE_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    workdir._scanned.clear()  # the whole folder is looked through once per process
    _sweep(db)
    assert fresh.exists() and not old.exists()


def test_old_versions_leftovers_are_swept_when_old(old_and_new):
    db, _ = old_and_new
    legacy = db.parent / ".lawdesk-restore-abc123"
    legacy.mkdir()
    (legacy / "lawdesk.db").write_bytes(b"a full plain copy of the database")
    incoming = paths.attachments_dir(db) / ".incoming-xyz"
    incoming.write_bytes(b"half a file")
    now = time.time()
    for path in (legacy, incoming):
        os.utime(path, (now, now))
    _sweep(db)
    assert legacy.exists() and incoming.exists()  # young: an old version may still be running
    long_ago = time.time() - workdir.GRACE_SECONDS - 60
    for path in (legacy, incoming):
        os.utime(path, (long_ago, long_ago))
    _sweep(db)
    assert not legacy.exists() and not incoming.exists()


def test_a_part_file_beside_an_output_goes_only_when_its_writer_is_gone(tmp_path):
    """`.lawdesk-backup-….part` on another disk: locked while written, so the next backup there takes only
    the ones a killed backup left."""
    import fcntl

    usb = tmp_path / "usb"
    usb.mkdir()
    alive, dead = usb / ".lawdesk-backup-aaaa.part", usb / ".lawdesk-backup-bbbb.part"
    dead.write_bytes(b"half a zip")
    with open(alive, "w+b") as writer:
        fcntl.flock(writer.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        writing.sweep_parts(usb)
        assert alive.exists() and not dead.exists()
    writing.sweep_parts(usb)
    assert not alive.exists()
