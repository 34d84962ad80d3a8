"""Hostile and damaged backups (issue 16): each is refused with a Chinese message and exit code 1, by
`verify`, `restore`, `main.py restore` and `main.py restore --dry-run`, and nothing at all is written.

Also: a database carrying schema objects the app does not create (a planted trigger) is refused, the schema of
a restored database is exactly the app's own, and sizes are refused against the manifest and the caps before
a byte is written (a 4 GiB attachment in a 4 MB file).
"""
from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from faultkit import Member, folder_state, member_of, members_of, rewrite, rows, write_zip, zeros_deflated

from core import attachments, backup, paths
from core.backup import reading, schema_check
from core.cli import main as cli_main
from core.db import open_store
from core.errors import BackupError
from core.staff import roster

GIB = 1 << 30


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """A real backup with staff, two attachments and a record in the bin."""
    folder = tmp_path_factory.mktemp("source")
    with open_store(folder / "lawdesk.db") as store:
        for name in ("甲", "乙", "丙"):
            roster.add(store, name, "办公室")
        attachments.add_bytes(store, b"%PDF-1.4 sign-in" * 40, "签到表.pdf")
        attachments.add_bytes(store, bytes(range(256)) * 8, "照片.jpg")
        out = folder / "small.lawdesk-backup"
        backup.backup(store, out)
    return out


@pytest.fixture
def target(tmp_path) -> Path:
    """The clerk's current data, which every refusal must leave exactly as it was."""
    db = tmp_path / "data" / "lawdesk.db"
    with open_store(db) as store:
        roster.add(store, "现有人员", "办公室")
        attachments.add_bytes(store, b"current scan", "现有.pdf")
    return db


def _with_members(src: Path, dst: Path, change: Callable[[list[Member]], None]) -> Path:
    """The backup rebuilt by hand (every member stored) after `change` edits its members."""
    members = [member_of(name, data) for name, data in members_of(src).items()]
    change(members)
    return write_zip(dst, members)


def _member(members: list[Member], name: str) -> Member:
    return next(m for m in members if m.name == name)


def _set(name: str, **fields) -> Callable[[list[Member]], None]:
    def change(members: list[Member]) -> None:
        for key, value in fields.items():
            setattr(_member(members, name), key, value)
    return change


def _manifest_bytes(raw: bytes) -> Callable[[list[Member]], None]:
    def change(members: list[Member]) -> None:
        members[:] = [m for m in members if m.name != "manifest.json"] + [member_of("manifest.json", raw)]
    return change


def _edit(edit: Callable[[dict], None]) -> Callable[[Path, Path], Path]:
    return lambda src, dst: rewrite(src, dst, manifest=edit)


def _first_blob(manifest: dict) -> str:
    return next(n for n in manifest["files"] if n.startswith("attachments/"))


def _bomb(declared_in_manifest: int, declared_in_zip: int) -> Callable[[Path, Path], Path]:
    """An attachment whose stream inflates to 4 GiB of zeros (about 4 MB on disk)."""
    sha = "ab" + "0" * 62  # a name of the right shape; the bytes never get far enough to be hashed

    def make(src: Path, dst: Path) -> Path:
        members = [member_of(name, data) for name, data in members_of(src).items() if name != "manifest.json"]
        members.append(Member(f"attachments/ab/{sha}", zeros_deflated(4 * GIB), declared_in_zip, 0,
                              zipfile.ZIP_DEFLATED))
        manifest = json.loads(members_of(src)["manifest.json"])
        manifest["files"][f"attachments/ab/{sha}"] = {"sha256": sha, "size": declared_in_manifest}
        members.append(member_of("manifest.json", json.dumps(manifest).encode()))
        return write_zip(dst, members)
    return make


NESTED = b'{"format": "lawdesk-backup", "format_version": 1, "files": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
MALFORMED: dict[str, Callable[[Path, Path], Path]] = {
    # what zipfile itself cannot read
    "unknown_compression_method": lambda s, d: _with_members(s, d, _set("lawdesk.db", method=99)),
    "lzma_compression": lambda s, d: _with_members(s, d, _set("lawdesk.db", method=zipfile.ZIP_LZMA)),
    "encrypted_member": lambda s, d: _with_members(s, d, _set("lawdesk.db", flags=0x1)),
    "encrypted_manifest": lambda s, d: _with_members(s, d, _set("manifest.json", flags=0x1)),
    "manifest_unknown_method": lambda s, d: _with_members(s, d, _set("manifest.json", method=93)),
    # manifests of the wrong shape
    "manifest_nested_200000_deep": lambda s, d: _with_members(s, d, _manifest_bytes(NESTED)),
    "manifest_list_200000_deep": lambda s, d: _with_members(s, d, _manifest_bytes(b"[" * 200_000 + b"]" * 200_000)),
    "manifest_not_utf8": lambda s, d: _with_members(s, d, _manifest_bytes(b"\xff\xfe{\x00")),
    "manifest_is_a_list": lambda s, d: _with_members(s, d, _manifest_bytes(b"[1, 2]")),
    "manifest_claims_100_mb": lambda s, d: _with_members(s, d, _set("manifest.json", file_size=100 << 20)),
    "missing_attachments_is_5": _edit(lambda m: m.update(missing_attachments=5)),
    "missing_attachments_not_hashes": _edit(lambda m: m.update(missing_attachments=["../../etc/passwd"])),
    "files_is_a_list": _edit(lambda m: m.update(files=[])),
    "format_version_is_text": _edit(lambda m: m.update(format_version="1")),
    "format_version_is_true": _edit(lambda m: m.update(format_version=True)),
    "format_version_zero": _edit(lambda m: m.update(format_version=0)),
    "entry_without_sha256": _edit(lambda m: m["files"]["lawdesk.db"].pop("sha256")),
    "attachment_without_sha256": _edit(lambda m: m["files"][_first_blob(m)].pop("sha256")),
    "sha256_not_hex": _edit(lambda m: m["files"]["lawdesk.db"].update(sha256="zz" * 32)),
    "sha256_is_a_number": _edit(lambda m: m["files"]["lawdesk.db"].update(sha256=12345)),
    "size_is_text": _edit(lambda m: m["files"]["lawdesk.db"].update(size="4096")),
    "size_negative": _edit(lambda m: m["files"]["lawdesk.db"].update(size=-1)),
    "size_is_a_float": _edit(lambda m: m["files"]["lawdesk.db"].update(size=4096.0)),
    "entry_is_a_string": _edit(lambda m: m["files"].update({"lawdesk.db": "x"})),
    "counts_wrong_type": _edit(lambda m: m.update(counts=[1, 2])),
    "count_is_text": _edit(lambda m: m.update(counts={"staff": "3"})),
    "schema_migrations_is_text": _edit(lambda m: m.update(schema_migrations="0001_base")),
    "schema_migrations_disagree": _edit(lambda m: m["schema_migrations"].pop()),
    "unit_is_a_number": _edit(lambda m: m.update(unit=5)),
    "created_at_is_a_dict": _edit(lambda m: m.update(created_at={})),
    # sizes and caps
    "attachment_4gib_declared_everywhere": _bomb(4 * GIB, 4 * GIB),
    "attachment_4gib_declared_small": _bomb(1000, 1000),
    "attachment_4gib_zip_says_small": _bomb(4 * GIB, 1000),
    "database_over_the_cap": _edit(lambda m: m["files"]["lawdesk.db"].update(size=65 * GIB)),
}


def _assert_refused(bad: Path, target: Path, capsys) -> str:
    before = folder_state(target.parent)
    with pytest.raises(BackupError) as info:
        backup.verify(bad)
    message = info.value.message
    with pytest.raises(BackupError):
        backup.verify(bad, db_path=target)
    with pytest.raises(BackupError):
        backup.restore(target, bad)
    capsys.readouterr()
    for extra in ([], ["--dry-run"]):
        assert cli_main(["--db", str(target), "restore", str(bad), *extra]) == 1
        err = capsys.readouterr().err
        assert err.startswith("错误：") and "Traceback" not in err
    assert folder_state(target.parent) == before  # nothing written, nothing left behind
    assert not paths.temp_dir(target).exists() and not paths.backups_dir(target).exists()
    assert "当前数据没有任何改动" in message
    return message


@pytest.mark.parametrize("kind", sorted(MALFORMED))
def test_malformed_backup_is_refused_cleanly(kind, small, target, tmp_path, capsys):
    bad = MALFORMED[kind](small, tmp_path / f"{kind}.lawdesk-backup")
    written: list[int] = []
    real = reading._copy_hashing

    def counting(blocks, out, size, advance):
        written.append(size if out is not None else 0)
        return real(blocks, out, size, advance)

    reading._copy_hashing = counting
    try:
        _assert_refused(bad, target, capsys)
    finally:
        reading._copy_hashing = real
    assert sum(written) < 64 << 20  # a 4 GiB member is refused before it is written, never after


def test_the_bomb_is_small_on_disk(small, tmp_path):
    bad = MALFORMED["attachment_4gib_declared_everywhere"](small, tmp_path / "bomb.lawdesk-backup")
    assert bad.stat().st_size < 8 << 20
    with zipfile.ZipFile(bad) as zf:
        assert max(i.file_size for i in zf.infolist()) == 4 * GIB


# -- planted schema objects --------------------------------------------------------------------------
PLANTED = {
    "trigger_emptying_the_audit_log": "create trigger wipe after insert on audit_log begin delete from audit_log; end",
    "view": "create view everyone as select * from staff",
    "index": "create index staff_by_note on staff(note)",
    "table": "create table extra (x)",
    "column_added": "alter table staff add column secret text",
    "search_trigger_with_another_body": "drop trigger search_queue_staff_insert; create trigger search_queue_staff_insert "
                                        "after insert on staff begin delete from audit_log; end",
    "trigger_named_like_the_index": "create trigger search_fts_x after insert on staff begin delete from audit_log; end",
    "table_dropped": "drop table audit_log",
    "through_writable_schema": "pragma writable_schema = on; insert into sqlite_master values ('trigger', "
                               "'sqlite_x', 'audit_log', 0, 'create trigger sqlite_x after insert on audit_log "
                               "begin delete from audit_log; end')",
}


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_database_with_planted_schema_is_refused(kind, small, target, tmp_path, capsys):
    bad = rewrite(small, tmp_path / f"{kind}.lawdesk-backup", database=lambda c: c.executescript(PLANTED[kind]))
    message = _assert_refused(bad, target, capsys)
    assert "不能用于恢复" in message


def test_the_planted_trigger_of_the_report_never_runs(small, target, tmp_path):
    """The issue's case end to end: refused, and the audit log keeps filling as before."""
    bad = rewrite(small, tmp_path / "planted.lawdesk-backup", database=lambda c: c.execute(PLANTED[
        "trigger_emptying_the_audit_log"]))
    with pytest.raises(BackupError, match="触发器"):
        backup.restore(target, bad)
    with open_store(target) as store:
        roster.add(store, "新人", "办公室")
        assert store.scalar("select count(*) from audit_log") >= 3


def test_restored_schema_is_exactly_the_apps_own(small, tmp_path):
    db = tmp_path / "restored" / "lawdesk.db"
    backup.restore(db, small)
    fresh = tmp_path / "fresh" / "lawdesk.db"
    open_store(fresh).close()
    assert schema_check.objects(db) == schema_check.objects(fresh)
    assert schema_check.unexpected(db) == ([], [])


def test_a_backup_of_an_older_release_is_migrated_and_accepted(tmp_path):
    """A database written by a released version (tests/data/schemas) backs up and restores: the check
    compares it after the migrations the next start would run, so an older schema is not "planted"."""
    import gzip

    packed = sorted((Path(__file__).resolve().parents[1] / "data" / "schemas").glob("lawdesk-*.db.gz"))[0]
    old = tmp_path / "old" / "lawdesk.db"
    old.parent.mkdir()
    old.write_bytes(gzip.decompress(packed.read_bytes()))
    before = rows(old)
    out = tmp_path / "old.lawdesk-backup"
    backup.backup_db_file(old, out)
    restored = tmp_path / "new" / "lawdesk.db"
    backup.restore(restored, out)
    after = rows(restored)
    after["audit_log"] = [r for r in after["audit_log"] if r[3] != "从备份恢复"]  # the restore's own audit row
    for table, kept in before.items():
        if table != "_sqlite_migrations":  # the migrations the restore ran are recorded there
            assert len(after[table]) == len(kept), table


def test_schema_reference_ignores_sqlites_own_tables(small, tmp_path):
    """ANALYZE (pragma optimize) adds sqlite_stat1; that is SQLite's, not a plant."""
    ok = rewrite(small, tmp_path / "analyzed.lawdesk-backup", database=lambda c: c.execute("analyze"))
    assert backup.verify(ok)["counts"]["staff"] == 3


def test_member_sizes_are_checked_before_reading(small, tmp_path):
    """The zip's own directory must agree with the manifest before a byte is extracted."""
    def grow(members: list[Member]) -> None:
        _member(members, "lawdesk.db").file_size += 1
    bad = _with_members(small, tmp_path / "sizes.lawdesk-backup", grow)
    with pytest.raises(BackupError, match="大小与清单不符"):
        backup.verify(bad)


def test_a_stored_database_reads_at_disk_speed(small):
    """Backups store the database uncompressed (hashing it while writing); earlier deflated ones still restore."""
    with zipfile.ZipFile(small) as zf:
        assert zf.getinfo("lawdesk.db").compress_type == zipfile.ZIP_STORED


def test_a_deflated_backup_of_an_earlier_version_still_restores(small, tmp_path):
    members = members_of(small)
    old_style = tmp_path / "deflated.lawdesk-backup"
    with zipfile.ZipFile(old_style, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    db = tmp_path / "restored" / "lawdesk.db"
    backup.restore(db, old_style)
    assert {r[1] for r in rows(db)["staff"]} >= {"甲", "乙", "丙"}


def test_planted_database_file_as_source_is_refused_too(small, target, tmp_path):
    """A safety copy (a database file) is checked like a backup file: schema, soundness, attachments."""
    source = tmp_path / "copy" / "恢复前-20260101-000000.db"
    source.parent.mkdir()
    backup.restore(source, small)
    conn = sqlite3.connect(source)
    conn.execute(PLANTED["trigger_emptying_the_audit_log"])
    conn.commit()
    conn.close()
    before = folder_state(target.parent)
    with pytest.raises(BackupError, match="触发器"):
        backup.restore(target, source)
    assert folder_state(target.parent) == before
