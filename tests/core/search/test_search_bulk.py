"""Imports index their records in bulk: nothing queued on the way, triggers as they were, index rows in order."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from core import tabular
from core.errors import RuleViolation
from core.search import index
from core.search.query import search
from core.staff import importer as staff_importer
from core.staff import roster
from core.study import importer as study_importer
from core.study import sessions


def _triggers(store) -> dict[str, str]:
    return dict(store.conn.execute("select name, sql from sqlite_master where type = 'trigger'").fetchall())


def _ids(store, text: str, kind: str) -> list[int]:
    return [h.record_id for g in search(store, text, limit=500).groups if g.kind == kind for h in g.hits]


def _ledger(path, rows: list[list]):
    wb = Workbook()
    wb.active.append(["日期", "学习主题", "参学人员", "请假人员", "学时"])
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def _roster_file(path, names: list[str]):
    wb = Workbook()
    wb.active.append(["姓名", "科室", "职务"])
    for name in names:
        wb.active.append([name, "办公室", "科员"])
    wb.save(path)
    return path


def test_an_import_queues_nothing_and_leaves_the_triggers_as_they_were(store, tmp_path):
    before = _triggers(store)
    ids = staff_importer.commit_staff(
        store, staff_importer.preview_staff(store, _roster_file(tmp_path / "r.xlsx", ["欧阳鲲鹏", "司马魑魅"])))
    assert _triggers(store) == before
    assert store.scalar("select count(*) from search_queue") == 0
    assert _ids(store, "鲲鹏", "staff") == [ids[0]] and _ids(store, "魑魅", "staff") == [ids[1]]
    # the triggers work again: a write the app does not hear of is queued
    store.conn.execute("insert into staff (name, created_at) values ('诸葛', '2026-03-05T09:00:00')")
    assert store.scalar("select count(*) from search_queue") == 1


def test_a_failed_import_leaves_nothing_and_the_triggers_in_place(store, tmp_path, monkeypatch):
    zhang = roster.add(store, "张三", "办公室", "科员")
    before = _triggers(store)
    path = _ledger(tmp_path / "t.xlsx", [["2026-03-05", "学习鲲鹏条例", "张三", "", 2]])
    result = study_importer.preview(store, path)
    assert [item.attendee_ids for item in result.accepted] == [[zhang]]

    def broken(*args, **kwargs):
        raise RuleViolation("写入审计记录失败")

    monkeypatch.setattr(tabular, "record_import", broken)
    with pytest.raises(RuleViolation):
        study_importer.commit(store, result)
    assert store.scalar("select count(*) from study_session") == 0
    assert store.scalar("select count(*) from study_attendance") == 0
    assert _triggers(store) == before
    store.conn.execute("insert into study_session (held_on, topic, created_at, updated_at) "
                       "values ('2026-03-06', '外部写入', '', '')")
    assert store.scalar("select count(*) from search_queue") == 1


def test_unqueued_only_inside_a_transaction(store):
    with pytest.raises(RuntimeError), index.unqueued(store, ["staff"]):
        pass
    assert "search_queue_staff_insert" in _triggers(store)


def test_a_session_saved_between_preview_and_commit_stops_the_whole_import(store, tmp_path):
    roster.add(store, "张三", "办公室", "科员")
    sessions.save(store, sessions.Session(held_on="2026-03-05", topic="学习宪法", form="集中学法"))
    path = _ledger(tmp_path / "t.xlsx", [["2026-03-05", "学习宪法", "张三", "", 2],      # row 2: in the database
                                         ["2026-03-05", "学习民法典", "张三", "", 2],    # row 3: same day, new topic
                                         ["2026-03-06", "学习保密法", "张三", "", 1]])   # row 4
    result = study_importer.preview(store, path)
    assert [(r.row, "数据库中已有" in r.reason) for r in result.rejected] == [(2, True)]
    assert [item.row for item in result.accepted] == [3, 4]
    sessions.save(store, sessions.Session(held_on="2026-03-06", topic="学习保密法", form="集中学法"))
    with pytest.raises(RuleViolation, match="第 4 行"):
        study_importer.commit(store, result)
    assert store.scalar("select count(*) from study_session") == 2


def test_index_rows_are_written_in_ascending_rowid_order(store, monkeypatch):
    """FTS5 starts a new segment whenever a rowid is not above the last one; a batch's rowids count down."""
    written: list[list[int]] = []

    class Recording:
        def __init__(self, conn):
            self.conn = conn

        def __getattr__(self, name):
            return getattr(self.conn, name)

        def executemany(self, sql, rows):
            rows = list(rows)
            if sql.startswith("insert into search_fts "):
                written.append([r[0] for r in rows])
            return self.conn.executemany(sql, rows)

    ids = [roster.add(store, f"人员{n}", "办公室", "科员") for n in range(5)]
    monkeypatch.setattr(store, "conn", Recording(store.conn))
    with store.transaction():
        index.take_in(store, "staff", ids)
    assert written and all(batch == sorted(batch) for batch in written) and sum(map(len, written)) == 5
    monkeypatch.undo()
    assert _ids(store, "人员3", "staff") == [ids[3]]


def test_the_targets_of_many_rows_are_those_of_each(demo_store):
    staff = [r[0] for r in demo_store.conn.execute(
        "select distinct owner_staff_id from rectification where owner_staff_id is not null limit 3")]
    assert staff
    each: dict[int, set[int]] = {}
    for staff_id in staff:
        for code, record_id in index.targets(demo_store, "staff", staff_id):
            each.setdefault(code, set()).add(record_id)
    assert index.touched(demo_store, "staff", staff) == each
    assert len(each) == 2  # the people's own documents and the items they are responsible for
