"""What the search index holds of a 年度报告: its head (title, 主送, opening, 落款) and each section.

A hit in a section opens the report at that section; both kinds of document show in one results group.
"""
from __future__ import annotations

from core.search.sources import REPORT, SECTION, Doc, Source, join, json_list

KIND = "report"  # the results group's key (search --json) since before features had manifests


def _title(row: dict) -> str:
    return row["title"] or f"{row['year']}年度法治政府建设年度报告"


def _head(row: dict) -> Doc:
    text = join(row["title"], row["unit"], row["recipient"], json_list(row["opening"]), row["signature"],
                row["contact"])
    return Doc(REPORT, row["id"], row["id"], _title(row), text)


def _section(row: dict) -> Doc:
    title = f"{row['year']}年度报告 › {row['heading'] or '（无标题）'}"
    return Doc(SECTION, row["id"], row["report_id"], title, join(row["heading"], json_list(row["body"])))


SOURCES = (
    Source(
        REPORT,
        "report",
        ("year", "title", "unit", "recipient", "opening", "signature", "contact"),
        "select id, year, title, unit, recipient, opening, signature, contact from report r "
        "{where} order by id",
        _head,
        "r.id",
    ),
    Source(
        SECTION,
        "report_section",
        ("report_id", "heading", "body"),
        "select s.id, s.report_id, s.heading, s.body, r.year from report_section s "
        "join report r on r.id = s.report_id {where} order by s.id",
        _section,
        "s.id",
        needs=("report",),
    ),
)
