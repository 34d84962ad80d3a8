"""What the search index holds of a 整改事项: its text, its people (the owner by name) and its progress."""
from __future__ import annotations

from core.search.sources import Doc, Follows, Source, join, json_list

ITEM = 4  # the index code of an item (core.search.sources)


def _item(row: dict) -> Doc:
    problem = row["problem"] or ""
    title = f"{row['number']} {problem[:40]}{'…' if len(problem) > 40 else ''}"
    text = join(row["number"], row["problem"], json_list(row["measures"]), row["goal"], row["source"],
                row["source_doc"], row["leader"], row["department"], row["owner"], row["completion"],
                row["progress"])
    return Doc(ITEM, row["id"], row["id"], title, text)


SOURCES = (
    Source(
        ITEM,
        "rectification",
        (
            "number", "problem", "measures", "goal", "source", "source_doc", "leader", "department",
            "owner_staff_id", "owner_name", "completion",
        ),
        "select r.id, r.number, r.problem, r.measures, r.goal, r.source, r.source_doc, r.leader, "
        "r.department, coalesce(st.name, r.owner_name) as owner, r.completion, "
        "(select group_concat(l.text, ' · ') from rectification_log l "
        " where l.item_id = r.id and l.kind = 'progress') as progress "
        "from rectification r left join staff st on st.id = r.owner_staff_id {where} order by r.id",
        _item,
        "r.id",
        # A progress entry stands for its item (once deleted, its item could no longer be looked up from it);
        # an item's text carries its owner's name.
        follows=(
            Follows("rectification_log", "select item_id from rectification_log where id = ?", "item_id",
                    ("kind", "text")),
            Follows("staff", "select id from rectification where owner_staff_id = ?"),
        ),
    ),
)
