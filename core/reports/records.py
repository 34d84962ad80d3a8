"""The reports feature's record API: `get / list / save / delete` with `Report` in and out.

Everything goes through `core.reports.repository`, so audit rows, section ids, change announcements and the
recycle bin behave exactly as before; `list` gives the list page's typed rows.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.db import Store
from core.reports import repository
from core.reports.model import Report
from core.reports.repository import Listed

Record = Report
Line = Listed

__all__ = ["Filter", "Line", "Record", "delete", "get", "list", "save"]


@dataclass
class Filter:
    year: int | None = None


def get(store: Store, id: int) -> Report:  # noqa: A002 - the same names in every feature
    """The report with its sections."""
    return repository.load(store, id)


def list(store: Store, filter: Filter | None = None) -> list[Listed]:  # noqa: A001, A002
    """Reports newest year first, of one year when the filter names it."""
    rows = repository.listed(store)
    year = filter.year if filter else None
    return [r for r in rows if r.year == year] if year else rows


def save(store: Store, record: Report) -> int:
    """Insert (id None) or update the report and its sections; returns its id (also set on the record)."""
    repository.save(store, record)
    return record.id  # type: ignore[return-value]


def delete(store: Store, id: int) -> None:  # noqa: A002
    """To the recycle bin, with its sections, versions and draft."""
    repository.delete(store, id)
