"""Backup and restore: round trip into a fresh folder, refusal of bad files, safety copies, daily automatic backup."""
from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from core import attachments, backup, paths, recycle, settings
from core.cli import main as cli_main
from core.db import open_store
from core.errors import BackupError, DatabaseLocked
from core.lock import InstanceLock
from core.staff import roster


def _all_rows(db_file: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db_file.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        # virtual tables (full-text index) are compared through their shadow tables, which hold the data
        tables = [r[0] for r in conn.execute(
            "select name from sqlite_master where type = 'table' and sql not like 'create virtual%' order by name")]
        # sorted in Python: some tables are WITHOUT ROWID
        return {t: sorted(conn.execute(f"select * from [{t}]").fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _with_data(store) -> list[int]:
    """Attachments (one in use by nobody but the bin) and a staff member in the recycle bin."""
    ids = [attachments.add_bytes(store, b"%PDF-1.4 sign-in sheet" * 50, "签到表.pdf"),
           attachments.add_bytes(store, bytes(range(256)) * 40, "现场照片.jpg")]
    extra = roster.add(store, "临时人员", "办公室", "科员")
    recycle.delete(store, "staff", extra, "临时人员")
    return ids


@pytest.fixture
def source(demo_store):
    ids = _with_data(demo_store)
    return demo_store, ids


@pytest.fixture
def backup_file(source, tmp_path) -> Path:
    store, _ = source
    out = tmp_path / "out" / "备份.lawdesk-backup"
    backup.backup(store, out)
    return out


@pytest.fixture(scope="module")
def small_backup(tmp_path_factory) -> Path:
    """A backup with a little of everything, made once for the many refusal cases."""
    folder = tmp_path_factory.mktemp("small")
    with open_store(folder / "lawdesk.db") as store:
        for name in ("甲", "乙", "丙"):
            roster.add(store, name, "办公室")
        _with_data(store)
        out = folder / "small.lawdesk-backup"
        backup.backup(store, out)
    return out


def test_backup_then_restore_into_fresh_folder_gives_identical_rows_and_attachments(source, backup_file, tmp_path):
    store, ids = source
    manifest = backup.verify(backup_file)
    assert manifest["unit"] == "青山区政务服务数据管理局"
    assert manifest["counts"]["staff"] == store.scalar("select count(*) from staff")
    blobs = store.scalar("select count(distinct sha256) from attachment")
    assert blobs >= 2 and len([n for n in manifest["files"] if n.startswith("attachments/")]) == blobs

    target = tmp_path / "fresh" / "lawdesk.db"
    safety = backup.restore(target, backup_file)

    assert safety is None  # nothing was there to keep
    original = _all_rows(store.path)
    restored = _all_rows(target)
    assert set(restored) == set(original)
    # The restore adds one row of its own: what came from which backup (core.db.audit_restore).
    notes = [r for r in restored["audit_log"] if r[3] == "从备份恢复"]
    assert len(notes) == 1
    restored["audit_log"] = [r for r in restored["audit_log"] if r not in notes]
    restored["sqlite_sequence"] = [(t, n - 1) if t == "audit_log" else (t, n) for t, n in restored["sqlite_sequence"]]
    for table, rows in original.items():
        assert restored[table] == rows, table
    with open_store(target) as restored_store:
        for attachment_id in ids:
            assert attachments.read_bytes(restored_store, attachment_id) == attachments.read_bytes(store, attachment_id)
        # the staff member waiting in the bin still comes back in the restored copy
        bin_id = recycle.entries(restored_store)[0]["id"]
        recycle.restore(restored_store, bin_id)
        assert roster.by_name(restored_store)["临时人员"]


def test_backup_file_is_a_zip_with_a_manifest_of_hashes(backup_file):
    with zipfile.ZipFile(backup_file) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        names = set(zf.namelist())
    assert manifest["format"] == "lawdesk-backup" and manifest["format_version"] == 1
    assert "0001_base" in manifest["schema_migrations"]
    assert names == set(manifest["files"]) | {"manifest.json"}
    for name, entry in manifest["files"].items():
        assert len(entry["sha256"]) == 64 and entry["size"] > 0
        if name.startswith("attachments/"):
            assert name.rsplit("/", 1)[1] == entry["sha256"]
    # the snapshot inside is a standalone file, not a WAL database needing its -wal
    with zipfile.ZipFile(backup_file) as zf:
        assert zf.read("lawdesk.db")[18:20] == b"\x01\x01"


def _rewrite(src: Path, dst: Path, change: Callable[[str, bytes], bytes | None], add: dict | None = None) -> Path:
    """Copy a zip member by member through `change` (None drops a member), adding `add`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = change(name, zin.read(name))
            if data is not None:
                zout.writestr(name, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def _flip_blob_byte(name: str, data: bytes) -> bytes:
    if name.startswith("attachments/"):
        return data[:10] + bytes([data[10] ^ 0xFF]) + data[11:]
    return data


def _edit_manifest(edit: Callable[[dict], None]) -> Callable[[str, bytes], bytes]:
    def change(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        edit(manifest)
        return json.dumps(manifest).encode()
    return change


def _first_blob_hash_changed(manifest: dict) -> None:
    name = next(n for n in manifest["files"] if n.startswith("attachments/"))
    manifest["files"][name]["sha256"] = "0" * 64


def _db_hash_changed(manifest: dict) -> None:
    manifest["files"]["lawdesk.db"]["sha256"] = "f" * 64


def _newer_format(manifest: dict) -> None:
    manifest["format_version"] = 99


def _newer_app_db(src: Path, dst: Path, tmp: Path) -> Path:
    """A consistent backup (hashes right) whose database carries a migration this version does not know."""
    with zipfile.ZipFile(src) as zin:
        db_bytes = zin.read("lawdesk.db")
    db_file = tmp / "newer.db"
    db_file.write_bytes(db_bytes)
    conn = sqlite3.connect(db_file)
    conn.execute("insert into _sqlite_migrations (migration_set, name, applied_at) values ('lawdesk', '9999_future', 'x')")
    conn.commit()
    conn.close()
    new_db = db_file.read_bytes()

    def change(name: str, data: bytes) -> bytes:
        if name == "lawdesk.db":
            return new_db
        if name == "manifest.json":
            import hashlib
            manifest = json.loads(data)
            manifest["files"]["lawdesk.db"] = {"sha256": hashlib.sha256(new_db).hexdigest(), "size": len(new_db)}
            return json.dumps(manifest).encode()
        return data
    return _rewrite(src, dst, change)


BAD_FILES = {
    "empty": lambda src, dst, tmp: (dst.write_bytes(b""), dst)[1],
    "truncated": lambda src, dst, tmp: (dst.write_bytes(src.read_bytes()[: src.stat().st_size // 2]), dst)[1],
    "truncated_tail": lambda src, dst, tmp: (dst.write_bytes(src.read_bytes()[:-30]), dst)[1],
    "random_bytes": lambda src, dst, tmp: (dst.write_bytes(bytes(range(256)) * 64), dst)[1],
    "blob_byte_changed": lambda src, dst, tmp: _rewrite(src, dst, _flip_blob_byte),
    "manifest_blob_hash_edited": lambda src, dst, tmp: _rewrite(src, dst, _edit_manifest(_first_blob_hash_changed)),
    "manifest_db_hash_edited": lambda src, dst, tmp: _rewrite(src, dst, _edit_manifest(_db_hash_changed)),
    "manifest_not_json": lambda src, dst, tmp: _rewrite(src, dst, lambda n, d: b"{oops" if n == "manifest.json" else d),
    "blob_missing": lambda src, dst, tmp: _rewrite(src, dst, lambda n, d: None if n.startswith("attachments/") else d),
    "extra_file": lambda src, dst, tmp: _rewrite(src, dst, lambda n, d: d, add={"evil.exe": b"MZ"}),
    "foreign_zip": lambda src, dst, tmp: _rewrite(src, dst, lambda n, d: None if n == "manifest.json" else d),
    "newer_format": lambda src, dst, tmp: _rewrite(src, dst, _edit_manifest(_newer_format)),
    "newer_app_database": _newer_app_db,
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_backup_is_refused_and_nothing_changes(kind, small_backup, tmp_path):
    target_store = open_store(tmp_path / "live" / "lawdesk.db")
    attachments.add_bytes(target_store, b"current data", "现有.txt")
    roster.add(target_store, "现有人员", "办公室")
    target_store.close()
    target = target_store.path
    before_db = target.read_bytes()
    before_blobs = _folder_bytes(paths.attachments_dir(target))
    before_listing = sorted(p.name for p in target.parent.iterdir())

    bad = BAD_FILES[kind](small_backup, tmp_path / f"bad-{kind}.lawdesk-backup", tmp_path)

    with pytest.raises(BackupError) as info:
        backup.verify(bad)
    assert "LawDesk" in info.value.message or "备份" in info.value.message
    with pytest.raises(BackupError):
        backup.restore(target, bad)

    assert target.read_bytes() == before_db
    assert _folder_bytes(paths.attachments_dir(target)) == before_blobs
    assert sorted(p.name for p in target.parent.iterdir() if p.suffix != ".lock") == before_listing
    assert not paths.backups_dir(target).exists()


def test_missing_backup_file_is_refused(tmp_path):
    with pytest.raises(BackupError, match="找不到备份文件"):
        backup.restore(tmp_path / "x.db", tmp_path / "nope.lawdesk-backup")


def test_restore_keeps_a_safety_copy_that_itself_restores(tmp_path):
    db = tmp_path / "data" / "lawdesk.db"
    with open_store(db) as store:
        roster.add(store, "甲", "办公室")
        first_blob = attachments.add_bytes(store, b"old photo", "旧.jpg")
        first = tmp_path / "first.lawdesk-backup"
        backup.backup(store, first)
        roster.add(store, "乙", "办公室")
        attachments.add_bytes(store, b"new photo", "新.jpg")

    safety = backup.restore(db, first)

    assert safety.parent == paths.backups_dir(db) and safety.name.startswith("恢复前-")
    backup.verify(safety)
    with open_store(db) as store:
        assert set(roster.by_name(store)) == {"甲"}
        assert attachments.read_bytes(store, first_blob) == b"old photo"
    # the newer photo's file was only used by the replaced data: gone from the folder, kept in the safety copy
    assert len(_folder_bytes(paths.attachments_dir(db))) == 1

    second_safety = backup.restore(db, safety)

    assert second_safety != safety and second_safety.exists()
    with open_store(db) as store:
        assert set(roster.by_name(store)) == {"甲", "乙"}
        assert sorted(attachments.read_bytes(store, r["id"]) for r in store.query("select id from attachment")) == [
            b"new photo", b"old photo"]


def test_restore_replaces_data_left_in_a_wal_and_removes_stale_wal(tmp_path, small_backup):
    db = tmp_path / "busy" / "lawdesk.db"
    store = open_store(db)
    roster.add(store, "未检查点的人", "办公室")
    # simulate a crash: the row lives only in the -wal, the connection never checkpoints
    assert Path(str(db) + "-wal").stat().st_size > 0

    safety = backup.restore(db, small_backup)
    store.conn.close()

    assert not Path(str(db) + "-wal").exists() or Path(str(db) + "-wal").stat().st_size == 0
    with open_store(db) as restored:
        assert set(roster.by_name(restored)) == {"甲", "乙", "丙"}
    check = tmp_path / "check" / "lawdesk.db"
    backup.restore(check, safety)
    with open_store(check) as kept:
        assert "未检查点的人" in roster.by_name(kept)


def test_restore_is_refused_while_a_window_holds_the_database(tmp_path, small_backup):
    db = tmp_path / "open" / "lawdesk.db"
    open_store(db).close()
    before = db.read_bytes()
    with InstanceLock(db), pytest.raises(DatabaseLocked):
        backup.restore(db, small_backup)
    assert db.read_bytes() == before
    assert not paths.backups_dir(db).exists()


def test_restore_refuses_to_overwrite_a_foreign_database(tmp_path, small_backup):
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("create table customers (name text)")
    conn.commit()
    conn.close()
    before = foreign.read_bytes()
    with pytest.raises(BackupError, match="不是 LawDesk 数据库"):
        backup.restore(foreign, small_backup)
    assert foreign.read_bytes() == before


def test_auto_backup_runs_once_a_day_and_keeps_the_newest_n(store, monkeypatch):
    monkeypatch.delenv("LAWDESK_NO_AUTO_BACKUP", raising=False)
    roster.add(store, "甲", "办公室")
    settings.put(store, "backup.keep", 3)
    folder = paths.backups_dir(store.path)
    folder.mkdir()
    manual = folder / "恢复前-20260101-000000.lawdesk-backup"
    manual.write_bytes(b"kept")
    day = datetime(2026, 11, 1, 17, 30)

    first = backup.auto_backup_if_due(store, now=day)
    assert first is not None and first.parent == folder
    assert backup.auto_backup_if_due(store, now=day + timedelta(hours=3)) is None  # same day
    made = [first] + [backup.auto_backup_if_due(store, now=day + timedelta(days=d)) for d in range(1, 6)]

    assert all(p is not None for p in made)
    assert backup.auto_backups(folder) == made[-3:]
    assert manual.exists()
    assert settings.get(store, "backup.last_auto").startswith("2026-11-06")
    backup.verify(made[-1])


def test_auto_backup_is_skipped_by_env_and_never_raises(store, monkeypatch, caplog):
    monkeypatch.setenv("LAWDESK_NO_AUTO_BACKUP", "1")
    assert backup.auto_backup_if_due(store) is None
    monkeypatch.delenv("LAWDESK_NO_AUTO_BACKUP")
    paths.backups_dir(store.path).write_text("a file where the folder should be")

    assert backup.auto_backup_if_due(store) is None

    assert "自动备份失败" in caplog.text  # logged (core.logs sends it to the log file), never lost
    assert settings.get(store, "backup.last_auto") == ""


def test_cli_backup_and_restore(source, tmp_path, capsys):
    store, _ = source
    # core.db.check_file reads the application id from the header on disk, which lags behind an open WAL
    store.conn.execute("pragma wal_checkpoint(TRUNCATE)")
    out = tmp_path / "cli.lawdesk-backup"
    assert cli_main(["--db", str(store.path), "backup", "--out", str(out), "--json"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert written["file"] == str(out)
    assert written["attachments"] == store.scalar("select count(distinct sha256) from attachment")

    target = tmp_path / "cli-target" / "lawdesk.db"
    assert cli_main(["--db", str(target), "restore", str(out), "--dry-run"]) == 0
    assert "未做任何改动" in capsys.readouterr().out and not target.exists()
    assert cli_main(["--db", str(target), "restore", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["safety_copy"] is None and result["counts"]["staff"] == 26
    assert cli_main(["--db", str(target), "restore", str(out)]) == 0
    assert "恢复前的数据已保存为" in capsys.readouterr().out

    bad = tmp_path / "bad.lawdesk-backup"
    bad.write_bytes(b"not a zip at all")
    assert cli_main(["--db", str(target), "restore", str(bad)]) == 1
    assert "不能用于恢复" in capsys.readouterr().err


def test_restore_over_a_damaged_database_keeps_its_raw_bytes(tmp_path, small_backup):
    db = tmp_path / "damaged" / "lawdesk.db"
    db.parent.mkdir()
    damaged = b"SQLite format 3\x00" + bytes(range(256)) * 20
    db.write_bytes(damaged)

    safety = backup.restore(db, small_backup)

    # kept aside as it was, under a name that does not pass judgement on it
    assert safety.name.startswith("恢复前-") and safety.suffix == ".db" and "损坏" not in safety.name
    assert safety.read_bytes() == damaged
    with open_store(db) as store:
        assert store.scalar("select count(*) from staff") == 3


def test_restore_repairs_a_damaged_attachment_file(tmp_path):
    db = tmp_path / "rot" / "lawdesk.db"
    with open_store(db) as store:
        attachment_id = attachments.add_bytes(store, b"original scan " * 100, "扫描件.pdf")
        saved = tmp_path / "rot.lawdesk-backup"
        backup.backup(store, saved)
        blob = attachments.path_of(store, attachment_id)
    blob.write_bytes(b"X" * blob.stat().st_size)  # bit rot: same size, other bytes

    safety = backup.restore(db, saved)

    with open_store(db) as store:
        assert attachments.read_bytes(store, attachment_id) == b"original scan " * 100
    # the safety copy leaves the damaged file out (and says so) rather than becoming unrestorable
    assert backup.verify(safety)["missing_attachments"] == [blob.name]
