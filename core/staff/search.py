"""What the search index holds of a person: name, 科室, 职务 and note."""
from __future__ import annotations

from core.search.sources import Doc, Source, join

STAFF = 5  # the index code of a person (core.search.sources)


def _person(row: dict) -> Doc:
    title = " ".join(v for v in (row["name"], row["department"], row["position"]) if v)
    text = join(row["name"], row["department"], row["position"], row["note"])
    return Doc(STAFF, row["id"], row["id"], title, text)


SOURCES = (
    Source(
        STAFF,
        "staff",
        ("name", "department", "position", "note"),
        "select id, name, department, position, note from staff t {where} order by id",
        _person,
        "t.id",
    ),
)
