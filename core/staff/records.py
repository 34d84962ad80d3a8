"""The staff feature's record API: `get / list / save / delete` with `StaffRecord` in and out.

`save` goes through `roster.add` / `roster.update` (same cleaning, initials and audit as before); `delete`
moves an unreferenced person to the recycle bin as the list page does; `list` gives `roster.Person` lines.
"""
from __future__ import annotations

from dataclasses import dataclass

from core import recycle
from core.db import Store
from core.staff import roster
from core.staff.roster import Person, StaffFilter

Line = Person
Filter = StaffFilter

__all__ = ["Filter", "Line", "Record", "StaffRecord", "delete", "get", "list", "save"]


@dataclass
class StaffRecord:
    """One person; `active` and `left_on` are read-only here (离职 has its own actions)."""

    name: str
    department: str = ""
    position: str = ""
    is_leader: bool = False
    note: str = ""
    active: bool = True
    left_on: str | None = None
    id: int | None = None

    def fields(self) -> dict:
        """The editable fields, as `roster.add` / `roster.update` take them."""
        return {"name": self.name, "department": self.department, "position": self.position,
                "is_leader": self.is_leader, "note": self.note}


Record = StaffRecord


def get(store: Store, id: int) -> StaffRecord:  # noqa: A002 - the same names in every feature
    row = roster.get(store, id)
    return StaffRecord(id=row["id"], name=row["name"], department=row["department"], position=row["position"],
                       is_leader=bool(row["is_leader"]), note=row["note"] or "", active=bool(row["active"]),
                       left_on=row["left_on"])


def list(store: Store, filter: StaffFilter | None = None) -> list[Person]:  # noqa: A001, A002
    """The roster as list lines (in-post people by default, as `roster.people`)."""
    return roster.people(store, filter)


def save(store: Store, record: StaffRecord) -> int:
    """Insert (id None) or update; returns the person's id."""
    if record.id is None:
        return roster.add(store, **record.fields())
    roster.update(store, record.id, **record.fields())
    return record.id


def delete(store: Store, id: int) -> None:  # noqa: A002
    """To the recycle bin; RuleViolation when records still name the person."""
    recycle.delete(store, "staff", id, f"人员 {roster.get(store, id)['name']}")
