"""The one clock: every "today" and "now" in LawDesk comes from a `Clock` handed in at construction.

The store carries the clock it was opened with (`open_store(path, clock=...)`), so core functions that take
a store read `store.clock` and pages read their store's clock; nothing deep inside calls `date.today()`.
Tests open their store with a `FixedClock` before anything is drawn, so they hold on any date.
"""
from __future__ import annotations

from datetime import date, datetime, time


class Clock:
    """The real time of the machine."""

    def now(self) -> datetime:
        return datetime.now()

    def today(self) -> date:
        return self.now().date()

    def stamp(self) -> str:
        """Now as stored in the database (ISO 8601, seconds)."""
        return self.now().isoformat(timespec="seconds")


class FixedClock(Clock):
    """A clock that stands still at one moment (tests, demo data "as of" a day, reproducible exports)."""

    def __init__(self, moment: date | datetime) -> None:
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, time(9, 0))
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def set(self, moment: date | datetime) -> None:
        """Move the clock (a test stepping over midnight or a deadline)."""
        self.moment = FixedClock(moment).moment


SYSTEM_CLOCK = Clock()
