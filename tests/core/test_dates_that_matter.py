"""Dates that catch edge cases, each set on the store's clock: 1 January, 28 February / 1 March around the
3月1日 filing deadline, 31 December and a leap day. Core functions read "today" from the clock only."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from core import dashboard
from core.clock import Clock, FixedClock
from core.db import open_store
from core.rectification import items
from core.reports import checks
from core.reports.template import new_report
from core.unit import UnitProfile

FILING = "报送党委、政府"


@pytest.fixture
def dated(tmp_path):
    """A store whose clock the test moves."""
    clock = FixedClock(date(2026, 1, 1))
    store = open_store(tmp_path / "dated.db", clock=clock)
    yield store, clock
    store.close()


def _filing(report, today: date) -> str:
    found = [f.message for f in checks.check(report, today) if f.code == "deadline" and FILING in f.message]
    return found[0] if found else ""


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 1, 1), "还有 59 天"),
    (date(2026, 2, 28), "还有 1 天"),
    (date(2026, 3, 1), "还有 0 天"),  # due today is not late
    (date(2026, 3, 2), "已超过报送党委、政府期限（2026年3月1日）1 天"),
    (date(2028, 2, 29), ""),  # two years on, a 2025 report's deadlines are history
])
def test_filing_deadline_of_last_years_report(today, expected):
    report = new_report(UnitProfile(full_name="某局"), 2025)
    message = _filing(report, today)
    assert (expected in message) if expected else message == ""


def test_filing_deadline_counts_the_leap_day():
    report = new_report(UnitProfile(full_name="某局"), 2027)
    assert "还有 1 天" in _filing(report, date(2028, 2, 29))
    assert "还有 2 天" in _filing(report, date(2028, 2, 28))  # 28 Feb → 29 Feb → 1 Mar


@pytest.mark.parametrize(("deadline", "today", "overdue", "due_soon"), [
    ("2026-12-31", date(2026, 12, 31), 0, 1),  # due today: 临期, not 逾期
    ("2026-12-31", date(2027, 1, 1), 1, 0),  # over the year boundary
    ("2028-02-29", date(2028, 2, 29), 0, 1),
    ("2028-02-29", date(2028, 3, 1), 1, 0),
    ("2028-03-01", date(2028, 2, 23), 0, 1),  # seven days ahead across the leap day
    ("2028-03-01", date(2028, 2, 22), 0, 0),
])
def test_overdue_and_due_soon_follow_the_clock(dated, deadline, today, overdue, due_soon):
    store, clock = dated
    items.create(store, {"problem": "制度未更新", "deadline": deadline}, year=2026)
    clock.set(today)
    counts = items.counts(store)  # no `today` passed: the store's clock decides
    assert (counts["逾期"], counts["临期"]) == (overdue, due_soon)


def test_new_year_is_offered_on_1_january(dated):
    store, clock = dated
    clock.set(date(2026, 12, 31))
    assert dashboard.years(store)[0] == 2026
    clock.set(date(2027, 1, 1))
    assert dashboard.years(store)[0] == 2027


def test_audit_and_recycle_stamps_come_from_the_clock(dated):
    store, clock = dated
    clock.set(datetime(2028, 2, 29, 23, 59, 30))
    item_id = items.create(store, {"problem": "闰日登记"}, year=2028)
    stamps = {r["at"] for r in store.query("select at from audit_log where record_id = ?", [item_id])}
    assert stamps == {"2028-02-29T23:59:30"}
    assert store.get("rectification", item_id)["created_at"] == "2028-02-29T23:59:30"


def test_a_reopened_store_keeps_the_clock(dated):
    store, clock = dated
    with store.reopen() as other:
        assert other.clock is clock


def test_the_system_clock_is_the_default(tmp_path):
    with open_store(tmp_path / "plain.db") as store:
        assert type(store.clock) is Clock
        assert abs((store.clock.now() - datetime.now()).total_seconds()) < 5
