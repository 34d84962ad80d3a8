"""What the search index holds of a 学法记录: its topic, form, laws, people, place and summary."""
from __future__ import annotations

from core.search.sources import Doc, Source, join

STUDY = 3  # the index code of a session (core.search.sources)
TEXT = ("topic", "form", "laws_text", "lecturer_name", "host", "recorder", "location", "summary")


def _session(row: dict) -> Doc:
    title = f"{row['held_on']} {row['form']}：{row['topic']}"
    return Doc(STUDY, row["id"], row["id"], title, join(*(row[c] for c in TEXT)))


SOURCES = (
    Source(STUDY, "study_session", ("held_on", *TEXT),
           f"select id, held_on, {', '.join(TEXT)} from study_session t {{where}} order by id",
           _session, "t.id"),
)
