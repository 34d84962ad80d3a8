"""The index follows writes made by other programs: the change queue, catching up at open and after it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.db import open_store
from core.search import index
from core.search.query import search
from core.staff import roster

STAMP = "2026-03-05T09:00:00"


def _session(store, topic: str) -> int:
    from core.study import sessions

    return sessions.save(store, sessions.Session(held_on="2026-03-05", topic=topic, form="集中学法"))


def _ids(store, text: str, kind: str) -> list[int]:
    return [h.record_id for g in search(store, text, limit=500).groups if g.kind == kind for h in g.hits]


def _outside(path: Path) -> sqlite3.Connection:
    """Another program writing the file: plain sqlite3, no LawDesk code, foreign keys off (the default)."""
    return sqlite3.connect(path, isolation_level=None)


def _insert_sessions(conn: sqlite3.Connection, topics: list[str]) -> None:
    conn.execute("begin")
    conn.executemany(
        "insert into study_session (held_on, form, topic, created_at, updated_at) values (?, ?, ?, ?, ?)",
        [("2026-03-05", "集中学法", t, STAMP, STAMP) for t in topics],
    )
    conn.execute("commit")


def _queued(store) -> int:
    return store.scalar("select count(*) from search_queue")


def test_outside_insert_update_and_delete_are_followed_at_the_next_open(tmp_path):
    path = tmp_path / "x.db"
    with open_store(path) as store:
        kept = _session(store, "学习保密法")
        gone = _session(store, "学习档案法")
    with _outside(path) as conn:
        _insert_sessions(conn, ["学习鲲鹏条例"])
        conn.execute("update study_session set topic = '学习魑魅条例' where id = ?", [kept])
        conn.execute("delete from study_session where id = ?", [gone])
        conn.execute("insert into staff (name, created_at) values ('司马光', ?)", [STAMP])
    conn.close()
    with open_store(path) as store:
        new = store.scalar("select id from study_session where topic = '学习鲲鹏条例'")
        assert _ids(store, "鲲鹏", "study") == [new]
        assert _ids(store, "魑魅", "study") == [kept]
        assert _ids(store, "保密", "study") == []
        assert _ids(store, "档案", "study") == []
        assert _ids(store, "司马", "staff")
        assert _queued(store) == 0 and not index.needs_rebuild(store)


def test_outside_progress_entry_and_its_deletion_reach_the_item(tmp_path):
    from core.rectification import items

    path = tmp_path / "r.db"
    with open_store(path) as store:
        item = items.create(store, {"problem": "窗口告知不到位"})
    with _outside(path) as conn:
        conn.execute(
            "insert into rectification_log (item_id, on_date, at, kind, text, by_whom) "
            "values (?, '2026-03-05', ?, 'progress', '已组织业务轮训', '脚本')",
            [item, STAMP],
        )
    conn.close()
    with open_store(path) as store:
        assert _ids(store, "轮训", "rectification") == [item]
    with _outside(path) as conn:
        conn.execute("delete from rectification_log where text = '已组织业务轮训'")
    conn.close()
    with open_store(path) as store:
        assert _ids(store, "轮训", "rectification") == []


def test_the_apps_own_writes_leave_the_queue_empty(store):
    from core import recycle
    from core.rectification import items
    from core.study import sessions

    sid = _session(store, "学习保密法")
    s = sessions.get(store, sid)
    s.topic = "学习档案法"
    sessions.save(store, s)
    pid = roster.add(store, "欧阳明", "法规科", "科员")
    item = items.create(store, {"problem": "窗口告知不到位", "owner_staff_id": pid})
    items.add_progress(store, item, "已组织业务轮训", on_date="2026-01-05")
    roster.update(store, pid, name="欧阳晓明")
    sessions.delete(store, sid)
    recycle.restore(store, recycle.entries(store)[0]["id"])
    assert _queued(store) == 0
    assert _ids(store, "档案", "study") == [sid] and _ids(store, "晓明", "rectification") == [item]
    assert not index.needs_rebuild(store)


def test_a_long_queue_is_left_for_later_and_catching_up_reports_progress(tmp_path):
    path = tmp_path / "many.db"
    open_store(path).close()
    count = index.INLINE_QUEUE + 2 * index.QUEUE_BATCH + 17
    with _outside(path) as conn:
        _insert_sessions(conn, [f"第{i}次学习鲲鹏条例" for i in range(count)])
    conn.close()
    with open_store(path) as store:  # opening did not take in the queue: the window comes first
        assert index.pending(store) == count
        assert _ids(store, "鲲鹏", "study") == []
        seen: list[tuple[int, int]] = []
        assert index.catch_up(store, lambda done, total: seen.append((done, total))) == count
        assert seen[0] == (0, count) and seen[-1] == (count, count) and len(seen) >= 4
        assert [d for d, _ in seen] == sorted(d for d, _ in seen)
        assert search(store, "鲲鹏", cap=5000).groups[0].total == count
        assert index.pending(store) == 0 and not index.needs_rebuild(store)


def test_a_rebuild_of_a_big_database_is_left_for_later(tmp_path, monkeypatch):
    path = tmp_path / "big.db"
    with open_store(path) as store:
        for i in range(5):
            _session(store, f"第{i}次学习")
        store.conn.execute("update search_meta set value = 'old' where key = 'version'")
    monkeypatch.setattr(index, "INLINE_REBUILD", 3)
    with open_store(path) as store:
        assert index.needs_rebuild(store) and index.pending(store) == 5
        seen: list[tuple[int, int]] = []
        assert index.catch_up(store, lambda done, total: seen.append((done, total))) == 5
        assert seen[-1] == (5, 5)
        assert len(_ids(store, "学习", "study")) == 5 and index.pending(store) == 0


def test_a_stopped_rebuild_goes_on_where_it_stopped(store, monkeypatch):
    from core.errors import Cancelled

    for i in range(5):
        _session(store, f"第{i}次学习")
    monkeypatch.setattr(index, "REBUILD_BATCH", 2)

    def stop_after_a_batch(done: int, total: int) -> None:
        if done:
            raise Cancelled()  # the clerk closed the window

    with pytest.raises(Cancelled):
        index.rebuild(store, stop_after_a_batch)
    assert index.needs_rebuild(store)
    seen: list[tuple[int, int]] = []
    index.catch_up(store, lambda done, total: seen.append((done, total)))
    assert seen[0] == (2, 5) and seen[-1] == (5, 5)
    assert len(_ids(store, "学习", "study")) == 5 and not index.needs_rebuild(store)
    assert store.scalar("select count(*) from search_doc") == 5


def test_a_dropped_trigger_is_made_again_at_open(tmp_path):
    path = tmp_path / "t.db"
    open_store(path).close()
    with _outside(path) as conn:
        conn.execute("drop trigger search_queue_staff_insert")
    conn.close()
    with open_store(path) as store:
        assert store.scalar("select 1 from sqlite_master where name = 'search_queue_staff_insert'")
    with _outside(path) as conn:
        conn.execute("insert into staff (name, created_at) values ('诸葛亮', ?)", [STAMP])
    conn.close()
    with open_store(path) as store:
        assert _ids(store, "诸葛", "staff")


def test_an_outside_write_during_catch_up_is_not_lost(tmp_path):
    path = tmp_path / "w.db"
    with open_store(path) as store:
        sid = _session(store, "学习保密法")
    with _outside(path) as conn:
        conn.execute("update study_session set topic = '学习档案法' where id = ?", [sid])  # first in the queue
        _insert_sessions(conn, [f"第{i}次学习" for i in range(index.QUEUE_BATCH + 10)])
        with open_store(path) as store:

            def write_meanwhile(done: int, total: int) -> None:
                if done == index.QUEUE_BATCH:  # its first change was taken in with the first batch
                    conn.execute("update study_session set topic = '学习鲲鹏条例' where id = ?", [sid])

            index.catch_up(store, write_meanwhile)
            assert _ids(store, "鲲鹏", "study") == [sid] and _ids(store, "档案", "study") == []
            assert _queued(store) == 0
    conn.close()


def test_a_report_to_the_recycle_bin_and_back_leaves_the_queue_empty(demo_store):
    from core import recycle
    from core.reports import repository

    assert _queued(demo_store) == 0  # the demo bureau was written through the app
    report = demo_store.scalar("select id from report order by id limit 1")
    repository.delete(demo_store, report)
    assert _queued(demo_store) == 0
    recycle.restore(demo_store, recycle.entries(demo_store)[0]["id"])
    assert _queued(demo_store) == 0 and not index.needs_rebuild(demo_store)


def _documents(store, table: str, record_id: int) -> list[tuple[str, str]]:
    from core.search import sources

    wanted = index.targets(store, table, record_id)
    if table == "report":
        wanted = [(sources.REPORT, record_id)] + [
            (sources.SECTION, r["id"]) for r in store.query("select id from report_section where report_id = ?",
                                                            [record_id])
        ]
    docs = [sources.load_ids(store, code, [rid]).get(rid) for code, rid in wanted]
    return [(d.title, d.text) for d in docs if d is not None]


def _changed(value, declared: str):
    if value is None or "int" in declared.lower() or "real" in declared.lower():
        return (value or 0) + 1 if not isinstance(value, str) else value + "变"
    return f"{value}变"


def test_updates_the_triggers_let_pass_change_no_document(demo_store):
    """Only updates of the columns the documents are made of are queued: every other column of a watched
    table is changed here, and the documents stay the same (a new indexed column must be added to its source)."""
    from core.search.schema import watched as watched_tables

    for table, watched in watched_tables().items():
        row = demo_store.query(f"select * from [{table}] order by id limit 1")[0]
        before = _documents(demo_store, table, row[watched.key] if table == "rectification_log" else row["id"])
        assert before, table
        info = demo_store.conn.execute(f"pragma table_info([{table}])").fetchall()
        for _cid, column, declared, *_rest in info:
            if column in ("id", watched.key, *watched.columns):
                continue
            demo_store.conn.execute("savepoint probe")
            try:
                demo_store.conn.execute(f"update [{table}] set [{column}] = ? where id = ?",
                                        [_changed(row[column], declared), row["id"]])
            except sqlite3.IntegrityError:
                pass  # a reference or a rule the probe value breaks: not a value a document could show
            else:
                key = row[watched.key] if table == "rectification_log" else row["id"]
                assert _documents(demo_store, table, key) == before, f"{table}.{column} changes a document"
            finally:
                demo_store.conn.execute("rollback to probe")
                demo_store.conn.execute("release probe")


def test_a_save_takes_the_write_lock_before_it_reads(tmp_path):
    """While the catch-up worker commits batches, a save that read first and wrote later would fail with
    "database is locked" instead of waiting: the store's transaction takes the lock at its start."""
    path = tmp_path / "lock.db"
    with open_store(path) as ui, open_store(path) as worker:
        worker.conn.execute("pragma busy_timeout = 0")
        with ui.transaction():
            ui.scalar("select count(*) from staff")
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                worker.conn.execute("insert into staff (name, created_at) values ('司马光', ?)", [STAMP])
            ui.conn.execute("insert into staff (name, created_at) values ('诸葛亮', ?)", [STAMP])
        assert ui.scalar("select count(*) from staff") == 1
