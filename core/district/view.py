"""The district's view of a year: every unit that sent a package × report, 学法 and 整改 figures, with totals.

One aggregate query per kind over the current packages of the year (covering indexes: 120,000 sessions are
summed from the index alone). A unit known from other years but without a package for this one is listed as
not received. 逾期 is counted as of the receiver's today: an item still open in the package whose deadline has
passed is overdue until a newer package says otherwise.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date

from core.db import Store
from core.rectification.rules import CLOSED, OPEN_STATUSES

SUBMITTED = "已报送"
NOT_SUBMITTED = "未报送"
NUMERIC = ("sessions", "person_times", "hours", "staff", "below_minimum", "items", "closed", "overdue")
_SUBMITTED_STATUSES = ("已报送", "已公开")


@dataclass
class UnitFigures:
    unit_id: int
    unit: str
    short_name: str
    package_id: int | None  # None: nothing received for this year
    created: str  # when the package was made
    report_status: str  # 已报送 / 未报送
    report_detail: str  # the report's own status (草稿, 已定稿…) or 未建立
    submitted_on: str | None
    on_time: bool | None  # None: not submitted and 3月1日 not yet passed
    sessions: int = 0
    person_times: int = 0
    hours: float = 0.0
    staff: int = 0
    below_minimum: int = 0
    items: int = 0
    closed: int = 0
    overdue: int = 0

    @property
    def received(self) -> bool:
        return self.package_id is not None

    @property
    def late(self) -> bool:
        return self.on_time is False

    def to_json(self) -> dict:
        keys = ("unit", "report_status", "submitted_on", "on_time", *NUMERIC)
        return {k: v for k, v in asdict(self).items() if k in keys}


@dataclass
class DistrictView:
    year: int
    units: list[UnitFigures]  # received first, by name; then units without a package this year

    @property
    def received(self) -> list[UnitFigures]:
        return [u for u in self.units if u.received]

    def totals(self) -> dict:
        got = self.received
        out: dict = {k: sum(getattr(u, k) for u in got) for k in NUMERIC}
        out["hours"] = round(out["hours"], 2)
        return out

    def to_json(self) -> dict:
        return {"year": self.year, "units": [u.to_json() for u in self.received], "totals": self.totals()}


def deadline(year: int) -> date:
    """The report on `year` goes to the 党委 and 政府 by 1 March of the next year."""
    return date(year + 1, 3, 1)


def district(store: Store, year: int, today: date | None = None) -> DistrictView:
    today = today or store.clock.today()
    packages = store.query(
        "select p.id, p.created, u.id as unit_id, u.name, u.short_name from district_package p "
        "join district_unit u on u.id = p.unit_id where p.year = ? and p.current = 1 order by u.name", [year])
    scope = "package_id in (select id from district_package where year = ? and current = 1)"
    sessions = _by_package(store, "select package_id, count(*), coalesce(sum(attended_count + outside_count), 0), "
                                  f"coalesce(sum(hours), 0) from district_session where {scope} group by package_id",
                           [year])
    staff = _by_package(store, "select package_id, sum(active), sum(active and not reached) from district_staff "
                               f"where {scope} group by package_id", [year])
    open_ = ", ".join(f"'{s}'" for s in OPEN_STATUSES)
    items = _by_package(store, f"select package_id, count(*), sum(status = '{CLOSED}'), sum(standing = 0 and "
                               f"deadline is not null and deadline < ? and status in ({open_})) from district_item "
                               f"where {scope} group by package_id", [today.isoformat(), year])
    reports = {r[0]: r[1:] for r in store.conn.execute(
        f"select package_id, status, status_dates from district_report where {scope}", [year])}
    units = [_figures(p, year, today, sessions, staff, items, reports) for p in packages]
    units += [UnitFigures(r["id"], r["name"], r["short_name"], None, "", NOT_SUBMITTED, "未收到报送包", None,
                          _on_time(None, year, today))
              for r in store.query("select id, name, short_name from district_unit where id not in "
                                   "(select unit_id from district_package where year = ? and current = 1) "
                                   "order by name", [year])]
    return DistrictView(year, units)


def _by_package(store: Store, sql: str, params: list) -> dict[int, tuple]:
    return {r[0]: r[1:] for r in store.conn.execute(sql, params)}


def _figures(p: dict, year: int, today: date, sessions: dict, staff: dict, items: dict,
             reports: dict) -> UnitFigures:
    status, dates = reports.get(p["id"], (None, "{}"))
    dates = json.loads(dates)
    submitted = None
    if status in _SUBMITTED_STATUSES:
        submitted = dates.get("已报送") or dates.get("已公开")
    s = sessions.get(p["id"], (0, 0, 0.0))
    st = staff.get(p["id"], (0, 0))
    it = items.get(p["id"], (0, 0, 0))
    return UnitFigures(
        p["unit_id"], p["name"], p["short_name"], p["id"], p["created"],
        SUBMITTED if submitted else NOT_SUBMITTED, status or "未建立", submitted, _on_time(submitted, year, today),
        int(s[0]), int(s[1]), round(float(s[2]), 2), int(st[0] or 0), int(st[1] or 0),
        int(it[0]), int(it[1] or 0), int(it[2] or 0))


def _on_time(submitted: str | None, year: int, today: date) -> bool | None:
    due = deadline(year)
    if submitted:
        return date.fromisoformat(submitted[:10]) <= due
    return False if today > due else None


def years(store: Store) -> list[int]:
    """Years any package was received for, newest first."""
    return [r[0] for r in store.conn.execute("select distinct year from district_package order by year desc")]


def has_packages(store: Store) -> bool:
    return store.scalar("select exists (select 1 from district_package)") == 1
