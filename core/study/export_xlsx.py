"""Excel 学法台账 for a year: the ledger (one row per session), 个人学时统计 and 考试成绩, ready to print.

Written with `core.ledger_xlsx` (openpyxl write-only) from SQLite cursors: no sheet holds the year's sessions,
names or scores in memory, so a year of 100,000 sessions exports in the memory of a small one
(tests/benchmarks/bench_export_year.py). The ledger records study that took place: a session planned for
a later day (未举行) is left out of its rows and its 合计. Dates are date cells.

The ledger carries every field of a session the clerk keeps, so the app imports its own ledger back losslessly
(tests/core/test_ledger_round_trip.py): what the printed page has no room for (起止时间, 地点, 主持人, 外单位人数,
合格分数线, 内容摘要) is in columns to the right of it, outside the print area.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from core import docmeta, ledger_xlsx, unit
from core.db import Store
from core.ledger_xlsx import DATE_FORMAT, Column, as_date
from core.study import people, sessions
from core.study.people import year_bounds

NUMBER, ATTENDEES, ON_LEAVE = "number", "attendees", "on_leave"  # values the export fills in itself


@dataclass(frozen=True)
class LedgerField:
    """A column of the 学法台账: its header and layout, where its value comes from (an SQL expression over the
    session `s`, or NUMBER, ATTENDEES, ON_LEAVE), and its cell in the 合计 row (blank without `total`)."""

    column: Column
    value: str
    total: Callable[[sessions.Totals], Any] | None = None


# One entry per column, in print order: a new column is one more entry. The printed columns fit A4 landscape at
# 93 % (ledger_xlsx.print_scale); long text wraps within its column. A DATE_FORMAT column's ISO text is a date cell.
# 起止时间 is not printed: a column wide enough for "14:30-17:30" would take the page below 90 %, and 日期 stays a
# date cell. The headers of the unprinted columns are the importer's names for them (importer.COLUMNS).
LEDGER = (
    LedgerField(Column("序号", 5, "center"), NUMBER, lambda _t: "合计"),
    LedgerField(Column("日期", 11, "center", DATE_FORMAT), "s.held_on", lambda t: f"{t.sessions}次"),
    LedgerField(Column("学习形式", 9, "center"), "s.form"),
    LedgerField(Column("学习主题", 22), "s.topic"),
    LedgerField(Column("学习内容（法律法规）", 20), "s.laws_text"),
    LedgerField(Column("主讲人", 10, "center"), "s.lecturer_name"),
    LedgerField(Column("参学人数", 6, "center"), "s.attended_count + s.outside_count", lambda t: t.person_times),
    # the names (and exam scores) make the ledger complete: the app imports its own ledger back losslessly
    LedgerField(Column("参学人员", 24), ATTENDEES),
    LedgerField(Column("请假人员", 16), ON_LEAVE),
    LedgerField(Column("学时", 6, "center", "0.0#"), "s.hours", lambda t: t.hours),
    LedgerField(Column("记录人", 7, "center"), "s.recorder"),
    LedgerField(Column("起止时间", 13, "center", printed=False),
                "s.start_time || case when s.end_time <> '' then '-' || s.end_time else '' end"),
    LedgerField(Column("地点", 24, printed=False), "s.location"),
    LedgerField(Column("主持人", 10, "center", printed=False), "s.host"),
    LedgerField(Column("外单位人数", 12, "center", printed=False), "nullif(s.outside_count, 0)"),
    LedgerField(Column("合格分数线", 12, "center", "0.##", printed=False), "s.pass_mark"),
    LedgerField(Column("内容摘要", 60, printed=False), "s.summary"),
)
LEDGER_COLUMNS = tuple(f.column for f in LEDGER)
PEOPLE_COLUMNS = (
    Column("序号", 6, "center"),
    Column("姓名", 10, "center"),
    Column("科室", 14, "center"),
    Column("职务", 18, "center"),
    Column("类别", 10, "center"),
    Column("参学次数", 10, "center"),
    Column("学时", 9, "center", "0.0#"),
    Column("考试成绩", 26),
    Column("是否达标", 16, "center"),
)
EXAM_COLUMNS = (
    Column("序号", 6, "center"),
    Column("考试日期", 12, "center", DATE_FORMAT),
    Column("考试名称", 30),
    Column("姓名", 10, "center"),
    Column("科室", 14, "center"),
    Column("成绩", 9, "center", "0.##"),
    Column("合格分数线", 11, "center", "0.##"),
    Column("是否合格", 10, "center"),
)
BELOW_MINIMUM_FILL = "FDE2E1"
Progress = Callable[..., None] | None


def title_prefix(store: Store) -> str:
    return unit.load(store).display_short


def held_bounds(store: Store, year: int) -> tuple[str, str]:
    """The year's date range, cut at today: sessions after today have not taken place yet."""
    start, end = year_bounds(year)
    return start, min(end, (store.clock.today() + timedelta(days=1)).isoformat())


def held_filter(store: Store, year: int) -> sessions.StudyFilter:
    return sessions.StudyFilter(year=year, held_by=store.clock.today().isoformat())


def ledger_rows(store: Store, year: int) -> Iterator[list]:
    """The ledger's data rows for a year, oldest first, streamed: the sessions and, merged in step, their
    attendance come from two queries in the same order, so only one session's names are held at a time."""
    start, end = held_bounds(store, year)
    own = (NUMBER, ATTENDEES, ON_LEAVE)
    cursor = store.conn.execute(
        f"select s.id, {', '.join('null' if f.value in own else f.value for f in LEDGER)} from study_session s "
        "where s.held_on >= ? and s.held_on < ? order by s.held_on, s.id", [start, end])
    names = _names_by_session(store, start, end)  # opened second: both read the same snapshot
    at = {f.value: i for i, f in enumerate(LEDGER)}
    dates = [i for i, f in enumerate(LEDGER) if f.column.number_format == DATE_FORMAT]
    number_at, attendees_at, on_leave_at = at[NUMBER], at[ATTENDEES], at[ON_LEAVE]
    pending = next(names, None)
    for number, (session_id, *row) in enumerate(cursor, 1):
        row[number_at] = number
        for i in dates:
            row[i] = as_date(row[i])
        if pending is not None and pending[0] == session_id:
            row[attendees_at], row[on_leave_at] = pending[1], pending[2]
            pending = next(names, None)
        else:
            row[attendees_at] = row[on_leave_at] = ""
        yield row


def _names_by_session(store: Store, start: str, end: str) -> Iterator[tuple[int, str, str]]:
    """(session id, 参学人员, 请假人员) of each session held in [start, end) that has attendance, in the ledger's
    order: 「张三、李四（92分）」 with exam scores, 「王五（出差）、赵六」 with leave reasons; names in staff order."""
    rows = store.conn.execute(
        "select a.session_id, a.status = 'attended', st.name, a.leave_reason, a.score from study_session s "
        "join study_attendance a on a.session_id = s.id join staff st on st.id = a.staff_id "
        "where s.held_on >= ? and s.held_on < ? order by s.held_on, s.id, a.staff_id", [start, end])
    for session_id, people_there in groupby(rows, key=itemgetter(0)):
        attended, on_leave = [], []
        for _session, present, name, reason, score in people_there:
            if present:
                attended.append(name if score is None else f"{name}（{sessions.format_hours(score)}分）")
            else:
                on_leave.append(f"{name}（{reason}）" if reason else name)
        yield session_id, "、".join(attended), "、".join(on_leave)


def write_ledger(store: Store, year: int, path: Path | str, progress: Progress = None) -> int:
    """Write the year's 学法台账 workbook; returns the number of sessions written."""
    prefix = title_prefix(store)
    totals = sessions.totals(store, held_filter(store, year))
    title = f"{prefix}{year}年度学法台账"
    wb = ledger_xlsx.new_workbook(docmeta.for_store(store, title))
    count = ledger_xlsx.write_sheet(
        wb, "学法台账", title, [f.column for f in LEDGER], ledger_rows(store, year),
        totals=[f.total(totals) if f.total else "" for f in LEDGER],
        progress=progress, total_rows=totals.sessions)
    _people_sheet(wb, store, year, prefix)
    _exam_sheet(wb, store, year, prefix)
    if progress:
        progress(count, count, "正在保存文件…")
    ledger_xlsx.save(wb, path)
    return count


def _people_sheet(wb, store: Store, year: int, prefix: str) -> None:
    minimum = sessions.format_hours(float(unit.load(store).min_study_hours))
    ledger_xlsx.write_sheet(
        wb, "个人学时统计", f"{prefix}{year}年度个人学法学时统计（要求不少于{minimum}学时）", PEOPLE_COLUMNS,
        _people_rows(store, year), row_fill=lambda row: BELOW_MINIMUM_FILL if row[8].startswith("未达标") else None)


def _people_rows(store: Store, year: int) -> Iterator[list]:
    """Leaders first, then everyone else; each person's exams as one text (no objects for the year's scores)."""
    leaders, others = people.split(people.statistics(store, year, with_exams=False))
    exams = people.exam_texts(store, year)
    for number, p in enumerate([*leaders, *others], start=1):
        yield [number, p.name, p.department, p.position, "领导干部" if p.is_leader else "一般干部",
               p.sessions, p.hours, exams.get(p.staff_id, ""), p.status_text()]


def _exam_sheet(wb, store: Store, year: int, prefix: str) -> None:
    ledger_xlsx.write_sheet(wb, "考试成绩", f"{prefix}{year}年度学法考试成绩", EXAM_COLUMNS, _exam_rows(store, year),
                            row_fill=lambda row: BELOW_MINIMUM_FILL if row[7] == "不合格" else None)


def _exam_rows(store: Store, year: int) -> Iterator[list]:
    for number, e in enumerate(people.iter_exam_results(store, year), start=1):
        passed = "" if e["score"] is None or e["pass_mark"] is None else (
            "合格" if e["score"] >= e["pass_mark"] else "不合格")
        yield [number, as_date(e["held_on"]), e["topic"], e["name"], e["department"],
               e["score"] if e["score"] is not None else "缺考", e["pass_mark"], passed]
