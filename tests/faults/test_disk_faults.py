"""The disk, not the data: a full disk, a read-only folder, no permission, a file in use — each told as what it
is ("磁盘空间已满", "只读", "权限", "占用"), never blamed on the backup file or called a damaged database, with
exit code 1 on the command line and the current data untouched, nothing left behind.
"""
from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections import namedtuple
from pathlib import Path

import pytest
from faultkit import folder_state, leftovers

from core import attachments, backup, paths
from core.backup import format as backup_format
from core.cli import main as cli_main
from core.db import open_store
from core.errors import BackupError, StorageError
from core.staff import roster

Usage = namedtuple("Usage", "total used free")


@pytest.fixture
def current_and_backup(tmp_path) -> tuple[Path, Path]:
    source = tmp_path / "source" / "lawdesk.db"
    with open_store(source) as store:
        roster.add(store, "备份里的人", "办公室")
        attachments.add_bytes(store, b"in the backup" * 100, "备份.pdf")
    out = tmp_path / "b.lawdesk-backup"
    backup.backup_db_file(source, out)
    db = tmp_path / "data" / "lawdesk.db"
    with open_store(db) as store:
        roster.add(store, "现有人员", "办公室")
        attachments.add_bytes(store, b"current" * 100, "现有.pdf")
    return db, out


def _not_about_the_file(message: str) -> None:
    assert "不能用于恢复" not in message and "损坏" not in message and "当前数据没有任何改动" in message


def _restore_fails(db: Path, out: Path, capsys, expected: str) -> None:
    before = folder_state(db.parent)
    with pytest.raises(StorageError) as info:
        backup.restore(db, out)
    assert expected in info.value.message
    _not_about_the_file(info.value.message)
    assert folder_state(db.parent) == before
    assert not paths.backups_dir(db).exists() or not any(paths.backups_dir(db).iterdir())
    assert leftovers(db) == []


def test_restore_without_room_is_refused_before_writing(current_and_backup, monkeypatch, capsys):
    db, out = current_and_backup
    monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10 << 30, 10 << 30, 1 << 20))
    _restore_fails(db, out, capsys, "磁盘空间不足")
    capsys.readouterr()
    assert cli_main(["--db", str(db), "restore", str(out)]) == 1
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and "Traceback" not in err


def test_restore_running_out_of_space_blames_the_disk_not_the_backup(current_and_backup, monkeypatch, capsys):
    db, out = current_and_backup
    real_fsync = os.fsync

    def fsync(fd):  # the extracted copy's flush is where a full disk shows (delayed allocation)
        if os.fstat(fd).st_size > 4096:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)
    monkeypatch.setattr(os, "fsync", fsync)
    _restore_fails(db, out, capsys, "磁盘空间已满")


@pytest.mark.parametrize("error, words", [(errno.EROFS, "只读"), (errno.EACCES, "权限"), (errno.EBUSY, "占用"),
                                          (errno.ENOSPC, "磁盘空间已满")])
def test_restore_failing_at_the_swap_keeps_the_current_data(error, words, current_and_backup, monkeypatch, capsys):
    db, out = current_and_backup
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == db:
            raise OSError(error, os.strerror(error), str(dst))
        return real(src, dst, *args, **kwargs)
    monkeypatch.setattr(os, "replace", replace)
    _restore_fails(db, out, capsys, words)


def test_read_only_data_folder(current_and_backup, monkeypatch, capsys):
    db, out = current_and_backup
    real = os.mkdir

    def mkdir(path, *args, **kwargs):
        if str(path).endswith(".tmp"):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real(path, *args, **kwargs)
    monkeypatch.setattr(os, "mkdir", mkdir)
    _restore_fails(db, out, capsys, "只读")
    with pytest.raises(StorageError, match="只读"):
        backup.verify(out, db_path=db)


@pytest.mark.parametrize("other_disk", [False, True], ids=["same_disk", "other_disk"])
def test_backup_onto_a_full_disk(other_disk, current_and_backup, tmp_path, monkeypatch, capsys):
    db, _ = current_and_backup
    if other_disk:
        monkeypatch.setattr(backup.writing, "_same_disk", lambda a, b: False)
    usb = tmp_path / "usb"
    usb.mkdir()
    real_fsync = os.fsync

    def fsync(fd):
        if os.fstat(fd).st_size > 4096:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)
    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(StorageError, match="磁盘空间已满"):
        backup.backup_db_file(db, usb / "b.lawdesk-backup")
    assert list(usb.iterdir()) == [] and not paths.temp_dir(db).exists()
    monkeypatch.setattr(os, "fsync", real_fsync)
    capsys.readouterr()
    monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10 << 30, 10 << 30, 1 << 20))
    assert cli_main(["--db", str(db), "backup", "--out", str(usb / "c.lawdesk-backup")]) == 1
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and "Traceback" not in err
    assert list(usb.iterdir()) == [] and not paths.temp_dir(db).exists()


def test_backup_into_a_read_only_folder(current_and_backup, tmp_path, monkeypatch):
    db, _ = current_and_backup
    target = tmp_path / "cdrom" / "b.lawdesk-backup"
    target.parent.mkdir()
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == target:
            raise OSError(errno.EROFS, "Read-only file system", str(dst))
        return real(src, dst, *args, **kwargs)
    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(StorageError, match="只读"):
        backup.backup_db_file(db, target)
    assert list(target.parent.iterdir()) == [] and not paths.temp_dir(db).exists()


def test_sqlite_disk_errors_are_told_apart():
    def error(code: int) -> sqlite3.Error:
        exc = sqlite3.OperationalError("x")
        exc.sqlite_errorcode = code
        return exc

    assert "磁盘空间已满" in backup_format.sqlite_error(error(13), "备份").message  # SQLITE_FULL
    assert "只读" in backup_format.sqlite_error(error(8), "备份").message  # SQLITE_READONLY
    assert "另一个 LawDesk" in backup_format.sqlite_error(error(5), "备份").message  # SQLITE_BUSY
    assert "已损坏" in backup_format.sqlite_error(error(11), "备份").message  # SQLITE_CORRUPT


def test_a_damaged_current_database_is_kept_without_being_called_damaged(current_and_backup):
    """Restoring over a damaged file keeps its bytes aside as `恢复前-….db`; no name passes judgement."""
    db, out = current_and_backup
    damaged = b"SQLite format 3\x00" + bytes(range(256)) * 20
    db.write_bytes(damaged)
    Path(str(db) + "-wal").unlink(missing_ok=True)
    safety = backup.restore(db, out)
    assert safety.read_bytes() == damaged and "损坏" not in safety.name
    with pytest.raises(BackupError):
        backup.verify(safety)  # it is damaged: said when one tries to restore it, not in its name
