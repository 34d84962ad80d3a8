"""Per-person yearly study statistics (个人学时统计): sessions, hours, exams, the unit's minimum; leaders apart."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter

from core import unit
from core.db import Store
from core.study.sessions import EXAM_FORM, format_hours


@dataclass
class ExamResult:
    session_id: int
    held_on: str
    topic: str
    score: float | None
    pass_mark: float | None

    @property
    def passed(self) -> bool | None:
        if self.score is None or self.pass_mark is None:
            return None
        return self.score >= self.pass_mark

    def text(self) -> str:
        return exam_text(self.score, self.pass_mark)


def exam_text(score: float | None, pass_mark: float | None) -> str:
    """One exam as 考试成绩 prints it: 「92（合格）」, 「55（不合格）」, 「92」 without a pass mark, or 「缺考」."""
    if score is None:
        return "缺考"
    mark = format_hours(score)
    return mark if pass_mark is None else f"{mark}（{'合格' if score >= pass_mark else '不合格'}）"


@dataclass
class PersonYear:
    staff_id: int
    name: str
    department: str
    position: str
    is_leader: bool
    active: bool
    sessions: int
    hours: float
    on_leave: int
    minimum: float
    exams: list[ExamResult] = field(default_factory=list)
    left_on: str | None = None  # left the unit during the year: the yearly minimum does not apply

    @property
    def reached(self) -> bool:
        return self.hours >= self.minimum or self.left_on is not None

    def status_text(self) -> str:
        """是否达标 as the ledger prints it."""
        if self.hours >= self.minimum:
            return "达标"
        if self.left_on is not None:
            return f"{self.left_on}离职"
        return f"未达标（差{format_hours(self.missing_hours)}学时）"

    @property
    def missing_hours(self) -> float:
        return max(0.0, self.minimum - self.hours)

    def exam_text(self) -> str:
        return "；".join(e.text() for e in self.exams)


def year_bounds(year: int) -> tuple[str, str]:
    return f"{year:04d}-01-01", f"{year + 1:04d}-01-01"


def statistics(store: Store, year: int, with_exams: bool = True) -> list[PersonYear]:
    """Everyone on the roster that year (still working, or left during or after it), and anyone who studied.

    Ordered as the roster is (科室 in roster order, leaders first); callers split leaders off with `split`.
    """
    start, end = year_bounds(year)
    minimum = float(unit.load(store).min_study_hours)
    rows = store.query(
        """with counted as (
               select a.staff_id,
                      sum(a.status = 'attended') as sessions,
                      sum(case when a.status = 'attended' then s.hours else 0 end) as hours,
                      sum(a.status = 'on_leave') as on_leave
               from study_attendance a join study_session s on s.id = a.session_id
               where s.held_on >= ? and s.held_on < ?
               group by a.staff_id)
           select st.id, st.name, st.department, st.position, st.is_leader, st.active, st.left_on,
                  coalesce(c.sessions, 0) as sessions, coalesce(c.hours, 0) as hours,
                  coalesce(c.on_leave, 0) as on_leave
           from staff st left join counted c on c.staff_id = st.id
           where c.staff_id is not null or st.active = 1 or st.left_on >= ?
           order by (select min(id) from staff d where d.department = st.department), st.is_leader desc, st.id""",
        [start, end, start])
    people = [PersonYear(r["id"], r["name"], r["department"], r["position"], bool(r["is_leader"]),
                         bool(r["active"]), int(r["sessions"]), float(r["hours"]), int(r["on_leave"]), minimum,
                         left_on=r["left_on"] if not r["active"] and r["left_on"] and r["left_on"] < end else None)
              for r in rows]
    if not with_exams:  # 首页 needs hours only; the exam join costs as much again
        return people
    by_id = {p.staff_id: p for p in people}
    # each person's exams by date: no roster order and no staff columns (exam_results has them), plain tuples
    for staff_id, session_id, held_on, topic, score, pass_mark in store.conn.execute(
            """select a.staff_id, s.id, s.held_on, s.topic, a.score, s.pass_mark
               from study_session s join study_attendance a on a.session_id = s.id
               where s.form = ? and s.held_on >= ? and s.held_on < ? and a.status = 'attended'
               order by s.held_on, s.id""", [EXAM_FORM, start, end]):
        if staff_id in by_id:
            by_id[staff_id].exams.append(ExamResult(session_id, held_on, topic, score, pass_mark))
    return people


def exam_results(store: Store, year: int) -> list[dict]:
    """Every exam score of the year (on-leave people have none), by exam date then roster order."""
    return list(iter_exam_results(store, year))


def iter_exam_results(store: Store, year: int) -> Iterator[dict]:
    """`exam_results` read as they are used: a year of 100,000 sessions has some 90,000 scores."""
    start, end = year_bounds(year)
    cursor = store.conn.execute(
        """select s.id as session_id, s.held_on, s.topic, s.pass_mark, a.staff_id, a.status, a.score,
                  st.name, st.department, st.position
           from study_session s join study_attendance a on a.session_id = s.id join staff st on st.id = a.staff_id
           where s.form = ? and s.held_on >= ? and s.held_on < ? and a.status = 'attended'
           order by s.held_on, s.id, (select min(id) from staff d where d.department = st.department),
                    st.is_leader desc, st.id""",
        [EXAM_FORM, start, end])
    columns = [c[0] for c in cursor.description]
    for row in cursor:
        yield dict(zip(columns, row))


def exam_texts(store: Store, year: int) -> dict[int, str]:
    """staff id → that person's exams of the year as 考试成绩 prints them (「92（合格）；缺考」), by exam date.

    One query ordered by person, so only one person's scores are held at a time, not the year's."""
    start, end = year_bounds(year)
    rows = store.conn.execute(
        """select a.staff_id, a.score, s.pass_mark
           from study_session s join study_attendance a on a.session_id = s.id
           where s.form = ? and s.held_on >= ? and s.held_on < ? and a.status = 'attended'
           order by a.staff_id, s.held_on, s.id""", [EXAM_FORM, start, end])
    return {staff_id: "；".join(exam_text(score, mark) for _id, score, mark in exams)
            for staff_id, exams in groupby(rows, key=itemgetter(0))}


def split(people: list[PersonYear]) -> tuple[list[PersonYear], list[PersonYear]]:
    """(领导干部, 其他人员)."""
    return [p for p in people if p.is_leader], [p for p in people if not p.is_leader]
