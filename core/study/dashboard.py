"""首页's 学法记录 figures for a year: totals, sessions by month and by form, who is below the minimum hours."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core.dashboard import Bar
from core.db import Store
from core.study import people, sessions


@dataclass
class StudyFigures:
    year: int
    sessions: int
    person_times: int
    hours: float
    minimum: float
    by_month: list[Bar]  # 12 bars: sessions per month
    by_form: list[Bar]  # sessions per form, most first
    below_minimum: list = field(default_factory=list)  # core.study.people.PersonYear, active staff only
    people: int = 0  # active staff counted


def figures(store: Store, year: int, today: date) -> StudyFigures:
    totals = sessions.totals(store, sessions.StudyFilter(year=year))
    start, end = people.year_bounds(year)
    months = dict(
        store.conn.execute(
            "select cast(substr(held_on, 6, 2) as integer), count(*) from study_session "
            "where held_on >= ? and held_on < ? group by 1",
            [start, end],
        ).fetchall()
    )
    forms = store.conn.execute(
        "select form, count(*), coalesce(sum(hours), 0) from study_session "
        "where held_on >= ? and held_on < ? "
        "group by form order by 2 desc, form",
        [start, end],
    ).fetchall()
    everyone = [p for p in people.statistics(store, year, with_exams=False) if p.active]
    minimum = everyone[0].minimum if everyone else 0.0
    return StudyFigures(
        year,
        totals.sessions,
        totals.person_times,
        totals.hours,
        minimum,
        [Bar(m, f"{m}月", months.get(m, 0), months.get(m, 0)) for m in range(1, 13)],
        [Bar(form, form or "（未填）", count, count) for form, count, _hours in forms],
        sorted((p for p in everyone if not p.reached), key=lambda p: p.hours),
        len(everyone),
    )


def years(store: Store) -> list[int]:
    return sessions.years(store)
