"""Excel 学法台账 for a year: the ledger (one row per session), 个人学时统计 and 考试成绩, ready to print.

Written with `core.ledger_xlsx` (openpyxl write-only), so a year of 10,000 sessions streams to disk
instead of being held cell by cell in memory. The ledger records study that took place: a session
planned for a later day (未举行) is left out of its rows and its 合计. Dates are date cells.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

from core import docmeta, ledger_xlsx, unit
from core.db import Store
from core.ledger_xlsx import DATE_FORMAT, Column, as_date
from core.study import people, sessions
from core.study.people import year_bounds

# widths fit A4 landscape at 100 % (ledger_xlsx.print_scale); long text wraps within its column
LEDGER_COLUMNS = (
    Column("序号", 5, "center"),
    Column("日期", 11, "center", DATE_FORMAT),
    Column("学习形式", 9, "center"),
    Column("学习主题", 22),
    Column("学习内容（法律法规）", 20),
    Column("主讲人", 10, "center"),
    Column("参学人数", 6, "center"),
    # the names (and exam scores) make the ledger complete: the app imports its own ledger back losslessly
    Column("参学人员", 24),
    Column("请假人员", 16),
    Column("学时", 6, "center", "0.0#"),
    Column("记录人", 7, "center"),
)
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


def on_leave_by_session(store: Store, year: int) -> dict[int, str]:
    """session id → 「张三（出差）、李四」 for every session held in the year, in one query."""
    return _names_by_session(store, year, "on_leave", lambda reason, _score: reason)


def attendees_by_session(store: Store, year: int) -> dict[int, str]:
    """session id → 「张三、李四（92分）」: who attended, with the exam score where there was one."""
    return _names_by_session(store, year, "attended",
                             lambda _reason, score: "" if score is None else f"{sessions.format_hours(score)}分")


def _names_by_session(store: Store, year: int, status: str, note: Callable[[str, float | None], str]
                      ) -> dict[int, str]:
    """session id → the names with `status`, each followed by its `note` in brackets, in one query."""
    start, end = held_bounds(store, year)
    out: dict[int, list[str]] = {}
    for session_id, name, reason, score in store.conn.execute(
            "select a.session_id, st.name, a.leave_reason, a.score from study_attendance a "
            "join study_session s on s.id = a.session_id join staff st on st.id = a.staff_id "
            "where s.held_on >= ? and s.held_on < ? and a.status = ? order by a.session_id, st.id",
            [start, end, status]):
        extra = note(reason, score)
        out.setdefault(session_id, []).append(f"{name}（{extra}）" if extra else name)
    return {k: "、".join(v) for k, v in out.items()}


def ledger_rows(store: Store, year: int) -> Iterator[list]:
    """The ledger's data rows for a year, oldest first, streamed from one query (no list of 10,000 dicts)."""
    leave, attending = on_leave_by_session(store, year), attendees_by_session(store, year)
    start, end = held_bounds(store, year)
    cursor = store.conn.execute(
        "select id, held_on, form, topic, laws_text, lecturer_name, attended_count + outside_count, hours, recorder "
        "from study_session where held_on >= ? and held_on < ? order by held_on, id", [start, end])
    for number, (sid, held_on, form, topic, laws_text, lecturer, persons, hours, recorder) in enumerate(cursor, 1):
        yield [number, as_date(held_on), form, topic, laws_text, lecturer, persons, attending.get(sid, ""),
               leave.get(sid, ""), hours, recorder]


def write_ledger(store: Store, year: int, path: Path | str, progress: Progress = None) -> int:
    """Write the year's 学法台账 workbook; returns the number of sessions written."""
    prefix = title_prefix(store)
    totals = sessions.totals(store, held_filter(store, year))
    title = f"{prefix}{year}年度学法台账"
    wb = ledger_xlsx.new_workbook(docmeta.for_store(store, title))
    count = ledger_xlsx.write_sheet(
        wb, "学法台账", title, LEDGER_COLUMNS, ledger_rows(store, year),
        totals=["合计", f"{totals.sessions}次", "", "", "", "", totals.person_times, "", "", totals.hours, ""],
        progress=progress, total_rows=totals.sessions)
    _people_sheet(wb, store, year, prefix)
    _exam_sheet(wb, store, year, prefix)
    if progress:
        progress(count, count, "正在保存文件…")
    ledger_xlsx.save(wb, path)
    return count


def _people_sheet(wb, store: Store, year: int, prefix: str) -> None:
    leaders, others = people.split(people.statistics(store, year))
    rows = []
    for number, p in enumerate([*leaders, *others], start=1):
        reached = p.status_text()
        rows.append([number, p.name, p.department, p.position, "领导干部" if p.is_leader else "一般干部",
                     p.sessions, p.hours, p.exam_text(), reached])
    minimum = sessions.format_hours(float(unit.load(store).min_study_hours))
    ledger_xlsx.write_sheet(
        wb, "个人学时统计", f"{prefix}{year}年度个人学法学时统计（要求不少于{minimum}学时）", PEOPLE_COLUMNS, rows,
        row_fill=lambda row: BELOW_MINIMUM_FILL if row[8].startswith("未达标") else None)


def _exam_sheet(wb, store: Store, year: int, prefix: str) -> None:
    rows = []
    for number, e in enumerate(people.exam_results(store, year), start=1):
        passed = "" if e["score"] is None or e["pass_mark"] is None else (
            "合格" if e["score"] >= e["pass_mark"] else "不合格")
        rows.append([number, as_date(e["held_on"]), e["topic"], e["name"], e["department"],
                     e["score"] if e["score"] is not None else "缺考", e["pass_mark"], passed])
    ledger_xlsx.write_sheet(wb, "考试成绩", f"{prefix}{year}年度学法考试成绩", EXAM_COLUMNS, rows,
                            row_fill=lambda row: BELOW_MINIMUM_FILL if row[7] == "不合格" else None)
