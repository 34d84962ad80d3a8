"""The rectification feature's record API: `get / list / save / delete` with `Item` in and out.

`save` goes through `items.create` / `items.update` (numbering, rules, log, audit and change announcements as
before); status, progress and evidence keep their own calls in `items`. `list` gives `ItemLine` rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

from core.db import Store
from core.rectification import items
from core.rectification.items import EDITABLE, ItemFilter, ItemLine

Line = ItemLine
Filter = ItemFilter

__all__ = ["Filter", "Item", "Line", "Record", "delete", "get", "list", "save"]


@dataclass
class Item:
    """One 整改事项; number, status and the closing fields are read-only here (they follow the rules)."""

    problem: str
    source: str = "自查自纠"
    source_doc: str = ""
    source_date: str | None = None
    goal: str = ""
    measures: list[str] = field(default_factory=list)
    leader: str = ""
    department: str = ""
    owner_staff_id: int | None = None
    owner_name: str = ""
    deadline: str | None = None
    standing: bool = False
    report_id: int | None = None
    report_section_id: int | None = None
    year: int | None = None
    id: int | None = None
    number: str = ""
    status: str = ""
    owner: str | None = None  # the roster name, else the free-text name
    completed_on: str | None = None
    completion: str = ""
    closed_on: str | None = None
    closed_by: str = ""
    no_evidence_reason: str = ""
    created_at: str = ""
    updated_at: str = ""

    def editable(self) -> dict:
        """The fields `items.create` / `items.update` take."""
        return {k: getattr(self, k) for k in EDITABLE}


Record = Item
_NAMES = frozenset(f.name for f in fields(Item))


def get(store: Store, id: int) -> Item:  # noqa: A002 - the same names in every feature
    row = items.get(store, id)
    item = Item(**{k: v for k, v in row.items() if k in _NAMES})
    item.standing = bool(item.standing)
    return item


def list(store: Store, filter: ItemFilter | None = None) -> list[ItemLine]:  # noqa: A001, A002
    """Matching items by deadline, with overdue / due-soon flags (as `items.list_items`)."""
    return [ItemLine(**row) for row in items.list_items(store, filter)]


def save(store: Store, record: Item) -> int:
    """Create (id None: numbered under `year`, default this year) or update; returns the item's id."""
    if record.id is None:
        data = record.editable()
        data.update({k: getattr(record, k) for k in ("report_id", "report_section_id")
                     if getattr(record, k) is not None})
        return items.create(store, data, year=record.year)
    items.update(store, record.id, record.editable())
    return record.id


def delete(store: Store, id: int) -> None:  # noqa: A002
    """To the recycle bin, with its log and evidence links."""
    items.delete(store, id)
