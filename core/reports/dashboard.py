"""首页's 年度报告 figures for a year: the report's status, what the check finds, the two deadlines."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.dashboard import year_range
from core.db import Store
from core.reports import checks, model, repository


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


def figures(store: Store, year: int, today: date) -> ReportFigures:
    """The report on `year` (filed by 3月1日 and published by 4月1日 of the next year)."""
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


def years(store: Store) -> range:
    return year_range(store, "report")
