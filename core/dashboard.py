"""首页 figures for a chosen year: each feature's own, computed in aggregate SQL by the `dashboard` module its
manifest names (core.features): `figures(store, year, today)` and `years(store)`.

Figures come from the features' own functions where they have them (totals, counts, per-person statistics,
the report check); the month / form / source breakdowns are one GROUP BY each over the same tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from core import features
from core.db import Store

LIST_LIMIT = 10  # entries shown in each 首页 list; the full list is one click away


@dataclass
class Bar:
    key: object  # what a click filters by (month number, form name…)
    label: str
    value: float
    count: int = 0


def figures(store: Store, year: int, today: date | None = None) -> dict[str, Any]:
    """Each feature's figures for `year`, by feature key (a feature not installed has none)."""
    today = today or store.clock.today()
    shown = [f for f in features.listed() if f.dashboard]
    return {f.key: features.load(f.dashboard).figures(store, year, today) for f in shown}


def years(store: Store, today: date | None = None) -> list[int]:
    """Years with any record, and this year, newest first (the 首页 year chooser)."""
    found = {(today or store.clock.today()).year}
    for module in features.modules("dashboard"):
        found.update(module.years(store))
    return sorted(found, reverse=True)


def year_range(store: Store, table: str) -> range:
    """The years from the first to the last of a table's `year` column (min/max from its index)."""
    low, high = store.conn.execute(f"select min(year), max(year) from [{table}]").fetchone()
    return range(int(low), int(high) + 1) if low is not None else range(0)
