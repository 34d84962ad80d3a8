"""首页 figures for a chosen year: study, rectification and the annual report, each computed in aggregate SQL.

Every part is computed on its own (`study`, `rectification`, `report`) so the page can fill in lazily, and a
part whose feature is not installed is None. Figures come from the features' own functions where they have
them (totals, counts, per-person statistics, the report check); the month / form / source breakdowns are
one GROUP BY each over the same tables.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType

from core.db import Store

LIST_LIMIT = 10  # entries shown in each 首页 list; the full list is one click away


def _feature(module: str) -> ModuleType | None:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        return None


# -- study -------------------------------------------------------------------------------------------------
@dataclass
class Bar:
    key: object  # what a click filters by (month number, form name…)
    label: str
    value: float
    count: int = 0


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


def study(store: Store, year: int) -> StudyFigures | None:
    sessions = _feature("core.study.sessions")
    people = _feature("core.study.people")
    if sessions is None or people is None:
        return None
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


# -- rectification -----------------------------------------------------------------------------------------
@dataclass
class RectificationFigures:
    year: int
    total: int
    by_status: list[Bar]
    by_source: list[Bar]
    overdue: int  # open items past their deadline now (any year)
    due_soon: int
    due_soon_days: int
    overdue_items: list[dict]
    due_soon_items: list[dict]


def rectification(store: Store, year: int, today: date | None = None) -> RectificationFigures | None:
    items = _feature("core.rectification.items")
    rules = _feature("core.rectification.rules")
    if items is None or rules is None:
        return None
    today = today or date.today()
    in_year = items.counts(store, items.ItemFilter(year=year), today=today)
    now = items.counts(store, items.ItemFilter(), today=today)
    sources = store.conn.execute(
        "select source, count(*) from rectification where year = ? group by source order by 2 desc, source",
        [year],
    ).fetchall()
    overdue = items.list_items(store, items.ItemFilter(overdue_only=True), today=today, limit=LIST_LIMIT)
    due_soon = items.list_items(store, items.ItemFilter(due_soon_only=True), today=today, limit=LIST_LIMIT)
    return RectificationFigures(
        year,
        int(in_year["total"]),
        [Bar(s, s, int(in_year[s]), int(in_year[s])) for s in rules.STATUSES],
        [Bar(s, s or "（未填）", n, n) for s, n in sources],
        int(now["逾期"]),
        int(now["临期"]),
        items.due_soon_days(store),
        overdue,
        due_soon,
    )


# -- the annual report -------------------------------------------------------------------------------------
@dataclass
class Deadline:
    what: str  # 报送党委、政府 / 向社会公开
    due: date
    days_left: int  # negative: past
    done: bool  # the report's status has reached it


@dataclass
class ReportFigures:
    year: int
    report_id: int | None
    title: str
    status: str
    findings: list  # core.reports.checks.Finding, deadline reminders left out (shown as deadlines)
    section_ids: dict  # finding's section uid → section id, to open the report there
    deadlines: list[Deadline]


def report(store: Store, year: int, today: date | None = None) -> ReportFigures | None:
    """The report on `year` (filed by 3月1日 and published by 4月1日 of the next year)."""
    repository = _feature("core.reports.repository")
    checks = _feature("core.reports.checks")
    model = _feature("core.reports.model")
    if repository is None or checks is None or model is None:
        return None
    today = today or date.today()
    report_id = store.scalar("select id from report where year = ? order by id desc limit 1", [year])
    status = "未建立"
    title, findings, section_ids = "", [], {}
    if report_id is not None:
        loaded = repository.load(store, report_id)
        title, status = repository.label({"title": loaded.title, "year": loaded.year}), loaded.status
        findings = [f for f in checks.check(loaded, today) if f.code != "deadline"]
        section_ids = {s.uid: s.id for s in model.walk(loaded)}
    order = list(model.STATUSES)
    reached = order.index(status) if status in order else -1
    deadlines = [
        Deadline(what, due, (due - today).days, reached >= order.index(needed))
        for what, due, needed in (
            ("报送党委、政府", date(year + 1, 3, 1), "已报送"),
            ("向社会公开", date(year + 1, 4, 1), "已公开"),
        )
    ]
    return ReportFigures(year, report_id, title, status, findings, section_ids, deadlines)


# -- years ---------------------------------------------------------------------------------------------------
def years(store: Store, today: date | None = None) -> list[int]:
    """Years with any record, and this year, newest first (the 首页 year chooser); min/max from indexes."""
    found = {(today or date.today()).year}
    sessions = _feature("core.study.sessions")
    if sessions is not None:
        found.update(sessions.years(store))
    for table in ("rectification", "report"):
        if store.scalar("select 1 from sqlite_master where type = 'table' and name = ?", [table]):
            low, high = store.conn.execute(f"select min(year), max(year) from {table}").fetchone()
            if low is not None:
                found.update(range(int(low), int(high) + 1))
    return sorted(found, reverse=True)
