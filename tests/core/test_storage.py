"""Storage foundation: open/migrate, refusing foreign and newer files, audit, recycle bin, attachments, lock."""
from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from core import attachments, recycle, settings, unit
from core.db import APPLICATION_ID, open_store
from core.errors import DatabaseLocked, NewerVersionError, NotLawDeskDatabase, RuleViolation
from core.lock import InstanceLock
from core.paths import looks_like_network_share
from core.schema import known_names
from core.staff import roster

ROOT = Path(__file__).resolve().parents[2]


def test_core_never_imports_qt():
    code = textwrap.dedent(
        """
        import pkgutil, importlib, sys
        import core
        names = [m.name for m in pkgutil.walk_packages(core.__path__, 'core.')]
        for name in names:
            importlib.import_module(name)
        assert len(names) > 10, names
        bad = [m for m in sys.modules if m.startswith('PySide6') or m.startswith('shiboken')]
        assert not bad, bad
        print(len(names))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) > 10


def test_new_database_migrates_from_empty(tmp_path):
    path = tmp_path / "new.db"
    store = open_store(path)
    applied = {r["name"] for r in store.query("select name from _sqlite_migrations")}
    assert applied == known_names()
    assert store.scalar("pragma application_id") == APPLICATION_ID
    assert store.scalar("pragma journal_mode") == "wal"
    assert store.scalar("pragma foreign_keys") == 1
    store.close()
    # opening again applies nothing new and keeps data
    again = open_store(path)
    assert {r["name"] for r in again.query("select name from _sqlite_migrations")} == applied
    again.close()


def test_newer_version_file_is_refused_untouched(tmp_path):
    path = tmp_path / "newer.db"
    store = open_store(path)
    store.conn.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at) values ('lawdesk', '9999_from_the_future', 'x')")
    store.close()
    before = path.read_bytes()
    with pytest.raises(NewerVersionError) as err:
        open_store(path)
    assert "更新版本" in err.value.message
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0


@pytest.mark.parametrize("content", [b"hello, not a database\n" * 10, b"\x00\x01\x02" * 1000])
def test_non_database_file_is_refused_untouched(tmp_path, content):
    path = tmp_path / "junk.db"
    path.write_bytes(content)
    with pytest.raises(NotLawDeskDatabase) as err:
        open_store(path)
    assert "不是 LawDesk 数据库" in err.value.message
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junk.db"]


def test_foreign_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("create table customers (id integer primary key, name text)")
    conn.execute("insert into customers (name) values ('x')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotLawDeskDatabase) as err:
        open_store(path)
    assert "别的程序" in err.value.message
    assert path.read_bytes() == before


def test_every_write_leaves_an_audit_row(store, tmp_path):
    def audit_count():
        return store.scalar("select count(*) from audit_log")

    steps = [
        lambda: roster.add(store, "张三", "办公室", "科员"),
        lambda: roster.update(store, 1, position="副主任"),
        lambda: roster.mark_left(store, 1, "2026-01-31"),
        lambda: unit.save(store, unit.UnitProfile(full_name="某区行政审批局")),
        lambda: settings.put(store, "backup.keep", 5),
        lambda: attachments.add_bytes(store, b"scan", "签到表.pdf"),
    ]
    for step in steps:
        before = audit_count()
        step()
        assert audit_count() == before + 1
    row = store.query("select * from audit_log where action = '修改人员'")[0]
    assert row["os_user"] and row["at"] and row["table_name"] == "staff" and row["record_id"] == 1
    assert '"科员"' in row["before"] and '"副主任"' in row["after"]


def _family_tables(store):
    """A parent with cascading children and an optional link, to exercise the generic recycle bin."""
    store.conn.executescript(
        """
        create table t_parent (id integer primary key autoincrement, name text);
        create table t_child (id integer primary key autoincrement,
                              parent_id integer not null references t_parent(id) on delete cascade, text text);
        create table t_grandchild (id integer primary key autoincrement,
                              child_id integer not null references t_child(id) on delete cascade, n integer);
        create table t_link (parent_id integer not null references t_parent(id) on delete cascade,
                             staff_id integer not null references staff(id));
        create table t_note (id integer primary key autoincrement,
                             parent_id integer references t_parent(id) on delete set null, text text);
        """
    )


def test_delete_to_bin_and_restore_brings_record_back_with_links(store):
    _family_tables(store)
    staff_id = roster.add(store, "李四", "办公室")
    pid = store.insert("t_parent", {"name": "学法记录甲"}, action="test")
    cid = store.insert("t_child", {"parent_id": pid, "text": "child"}, action="test")
    store.insert("t_grandchild", {"child_id": cid, "n": 7}, action="test")
    store.conn.execute("insert into t_link values (?, ?)", [pid, staff_id])
    note = store.insert("t_note", {"parent_id": pid, "text": "points at parent"}, action="test")
    snapshot = {t: store.query(f"select * from {t} order by rowid") for t in
                ("t_parent", "t_child", "t_grandchild", "t_link", "t_note")}

    bin_id = recycle.delete(store, "t_parent", pid, "学法记录甲")
    assert store.scalar("select count(*) from t_parent") == 0
    assert store.scalar("select count(*) from t_grandchild") == 0
    assert store.get("t_note", note)["parent_id"] is None
    assert [e["label"] for e in recycle.entries(store)] == ["学法记录甲"]

    assert recycle.restore(store, bin_id) == ("t_parent", pid)
    for table, rows in snapshot.items():
        assert store.query(f"select * from {table} order by rowid") == rows
    assert recycle.entries(store) == []


def test_staff_used_by_records_cannot_be_deleted(store):
    _family_tables(store)
    staff_id = roster.add(store, "王五", "办公室")
    pid = store.insert("t_parent", {"name": "x"}, action="test")
    store.conn.execute("insert into t_link values (?, ?)", [pid, staff_id])
    with pytest.raises(RuleViolation):
        recycle.delete(store, "staff", staff_id, "王五")
    assert roster.get(store, staff_id)["name"] == "王五"


def test_emptying_the_bin_deletes_for_good_and_purges_files(store, tmp_path):
    store.conn.executescript(
        """create table t_doc (id integer primary key autoincrement, name text);
           create table t_doc_attachment (doc_id integer not null references t_doc(id) on delete cascade,
                                          attachment_id integer not null references attachment(id));""")
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"\xff\xd8 fake jpeg" * 100)
    doc = store.insert("t_doc", {"name": "d"}, action="test")
    att = attachments.add_file(store, source)
    store.conn.execute("insert into t_doc_attachment values (?, ?)", [doc, att])
    blob = attachments.path_of(store, att)
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    assert blob == store.attachments_dir / sha[:2] / sha
    assert attachments.read_bytes(store, att) == source.read_bytes()

    recycle.delete(store, "t_doc", doc, "d")
    assert attachments.purge_unreferenced(store) == 0, "an attachment of a record in the bin is kept"
    assert blob.exists()
    assert recycle.empty(store) == 1
    assert not blob.exists()
    assert store.scalar("select count(*) from attachment") == 0


def test_same_content_is_stored_once(store):
    a = attachments.add_bytes(store, b"same bytes", "a.txt")
    b = attachments.add_bytes(store, b"same bytes", "b.txt")
    assert a != b
    assert attachments.path_of(store, a) == attachments.path_of(store, b)
    files = [p for p in store.attachments_dir.rglob("*") if p.is_file()]
    assert len(files) == 1


def test_second_instance_is_refused(tmp_path):
    db = tmp_path / "lawdesk.db"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from core.lock import InstanceLock; l = InstanceLock(sys.argv[1]); l.acquire();"
         " print('locked', flush=True); time.sleep(30)", str(db)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseLocked) as err:
            InstanceLock(db).acquire()
        assert "另一个 LawDesk 窗口" in err.value.message
    finally:
        holder.kill()
        holder.wait()
    lock = InstanceLock(db)
    lock.acquire()  # free again once the other process is gone
    lock.release()


def test_network_share_paths_are_recognised():
    assert looks_like_network_share(Path("//server/share/lawdesk.db"))
    assert looks_like_network_share(Path("\\\\server\\share\\lawdesk.db"))
    assert not looks_like_network_share(Path("/tmp/lawdesk.db"))
