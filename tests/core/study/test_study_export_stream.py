"""The 学法台账 streams a year from SQLite: each session's names in its own row, columns from one list, and
memory that does not grow with the year (issue 13)."""
from __future__ import annotations

import tracemalloc
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from core import unit
from core.ledger_xlsx import Column
from core.staff import roster
from core.study import export_xlsx, sessions
from core.study.sessions import ON_LEAVE, Attendee, Session

YEAR = 2026  # the tests' clock stands at 2026-11-21


@pytest.fixture
def staff(store):
    unit.save(store, unit.UnitProfile(full_name="测试区司法局", short_name="区司法局", min_study_hours=4))
    return {name: roster.add(store, name, dept, "科员", dept == "局领导")
            for name, dept in (("王局长", "局领导"), ("张三", "办公室"), ("李四", "办公室"), ("赵五", "业务科"))}


def _ledger(path) -> list[list]:
    ws = load_workbook(path)["学法台账"]
    return [[c.value for c in row] for row in ws.iter_rows(min_row=2)]


def test_each_row_carries_its_own_sessions_names(store, staff, tmp_path):
    def save(held_on, topic, attendees, **kw):
        return sessions.save(store, Session(held_on=held_on, topic=topic, attendees=attendees, hours=2, **kw))

    # saved out of date order, so id order differs from the ledger's (date, then id)
    save("2026-03-02", "民法典考试", [Attendee(staff["李四"]), Attendee(staff["赵五"], ON_LEAVE, "出差"),
                                             Attendee(staff["王局长"], score=92), Attendee(staff["张三"], score=59.5)],
                form=sessions.EXAM_FORM, pass_mark=60)
    save("2026-03-02", "无人签到", [])
    save("2026-01-10", "全员请假", [Attendee(staff["李四"], ON_LEAVE), Attendee(staff["张三"], ON_LEAVE, "病假")])
    save("2026-12-01", "尚未举行", [Attendee(staff["张三"])])  # after today: not in the ledger
    save("2025-12-31", "上一年", [Attendee(staff["张三"])])
    path = tmp_path / "台账.xlsx"
    assert export_xlsx.write_ledger(store, YEAR, path) == 3
    header, *rows, total = _ledger(path)
    at = {title: i for i, title in enumerate(header)}
    got = [(r[at["序号"]], r[at["学习主题"]], r[at["参学人数"]], r[at["参学人员"]], r[at["请假人员"]]) for r in rows]
    assert got == [
        (1, "全员请假", 0, None, "张三（病假）、李四"),  # names in staff order, a reason in brackets
        (2, "民法典考试", 3, "王局长（92分）、张三（59.5分）、李四", "赵五（出差）"),  # 李四 sat no score
        (3, "无人签到", 0, None, None),
    ]
    assert total[:2] == ["合计", "3次"] and total[at["参学人数"]] == 3 and total[at["学时"]] == 6


def test_a_new_ledger_column_is_one_entry(store, staff, tmp_path, monkeypatch):
    sessions.save(store, Session(held_on="2026-05-16", topic="学习民法典", location="三楼会议室", hours=2,
                                 attendees=[Attendee(staff["张三"]), Attendee(staff["李四"], ON_LEAVE, "出差")]))
    fields = list(export_xlsx.LEDGER)
    fields.insert(2, export_xlsx.LedgerField(Column("地点", 12), "s.location"))
    monkeypatch.setattr(export_xlsx, "LEDGER", tuple(fields))
    path = tmp_path / "台账.xlsx"
    export_xlsx.write_ledger(store, YEAR, path)
    header, row, total = _ledger(path)
    assert header[:4] == ["序号", "日期", "地点", "学习形式"] and len(header) == len(fields)
    values = dict(zip(header, row))
    assert values["地点"] == "三楼会议室" and values["日期"].date() == date(2026, 5, 16)
    assert values["参学人员"] == "张三" and values["请假人员"] == "李四（出差）" and values["学时"] == 2
    assert dict(zip(header, total))["地点"] is None and dict(zip(header, total))["参学人数"] == 1


def _fill_year(store, year: int, count: int, people: list[int]) -> None:
    """`count` sessions of ten people each (one on leave, every tenth an exam), written straight to the tables."""
    now = store.clock.stamp()
    with store.transaction():
        for k in range(count):
            exam = k % 10 == 0
            session_id = store.conn.execute(
                "insert into study_session (held_on, topic, form, hours, pass_mark, attended_count, on_leave_count, "
                "created_at, updated_at) values (?,?,?,?,?,?,?,?,?)",
                [(date(year, 1, 1) + timedelta(days=k * 365 // count)).isoformat(), f"第{k}期",
                 sessions.EXAM_FORM if exam else "集中学法", 2.0, 60.0 if exam else None, 9, 1, now, now]).lastrowid
            store.conn.executemany(
                "insert into study_attendance (session_id, staff_id, status, leave_reason, score) values (?,?,?,?,?)",
                [(session_id, p, "on_leave" if j == 0 else "attended", "出差" if j == 0 else "",
                  80.0 if exam and j else None) for j, p in enumerate(people[k % 20:k % 20 + 10])])


def test_memory_does_not_grow_with_the_year(store, tmp_path):
    unit.save(store, unit.UnitProfile(full_name="测试区司法局", short_name="区司法局"))
    people = [roster.add(store, f"人员{i}", "办公室", "科员") for i in range(30)]
    _fill_year(store, 2024, 300, people)
    _fill_year(store, 2025, 3000, people)
    peaks = {}
    for year in (2024, 2025):
        tracemalloc.start()
        try:
            assert export_xlsx.write_ledger(store, year, tmp_path / f"{year}.xlsx") == {2024: 300, 2025: 3000}[year]
            peaks[year] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    # held in full, ten times the sessions took eight times the memory (4.1 MB against 0.5 MB)
    assert peaks[2025] < 2 * peaks[2024], peaks
