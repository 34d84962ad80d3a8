"""首页's 整改事项 figures for a year: counts by status and source, what is overdue or due soon now."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.dashboard import LIST_LIMIT, Bar, year_range
from core.db import Store
from core.rectification import items, rules


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


def figures(store: Store, year: int, today: date) -> RectificationFigures:
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


def years(store: Store) -> range:
    return year_range(store, "rectification")
