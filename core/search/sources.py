"""What the index holds for each kind of record: the text of its fields and a title to show with a hit.

A record kind maps to one or two document codes (a report is its head — title, 主送, opening, 落款 —
plus one document per section, so a hit opens the report at the section). The code is the high part of
the index rowid, so each kind is one rowid range the query can ask for on its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from core.db import Store

REPORT, SECTION, STUDY, ITEM, STAFF = 1, 2, 3, 4, 5
CODE_SHIFT = 40  # rowid = code << 40 | (2**40 - 1 - sequence), see core.search.index


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    page: str  # the main window's page that opens these records
    codes: tuple[int, ...]


KINDS = (
    Kind("report", "年度报告", "reports", (REPORT, SECTION)),
    Kind("study", "学法记录", "study", (STUDY,)),
    Kind("rectification", "整改事项", "rectification", (ITEM,)),
    Kind("staff", "人员", "staff", (STAFF,)),
)
KIND_OF_CODE = {code: kind for kind in KINDS for code in kind.codes}


@dataclass
class Doc:
    code: int
    record_id: int  # the section id for SECTION, else the record's id
    owner_id: int  # the report of a section; the record itself otherwise
    title: str
    text: str


def _json_list(value: str | None) -> list[str]:
    try:
        items = json.loads(value or "[]")
    except ValueError:
        return [str(value)]
    if not isinstance(items, list):
        items = [items]
    return [" ".join(str(v) for v in i.values()) if isinstance(i, dict) else str(i) for i in items]


def _join(*parts: object) -> str:
    out: list[str] = []
    for part in parts:
        values = part if isinstance(part, list) else [part]
        out.extend(str(v).strip() for v in values if v not in (None, "") and str(v).strip())
    return " · ".join(out)


def _report_title(row: dict) -> str:
    return row["title"] or f"{row['year']}年度法治政府建设年度报告"


def _report(row: dict) -> Doc:
    text = _join(
        row["title"],
        row["unit"],
        row["recipient"],
        _json_list(row["opening"]),
        row["signature"],
        row["contact"],
    )
    return Doc(REPORT, row["id"], row["id"], _report_title(row), text)


def _section(row: dict) -> Doc:
    title = f"{row['year']}年度报告 › {row['heading'] or '（无标题）'}"
    return Doc(SECTION, row["id"], row["report_id"], title, _join(row["heading"], _json_list(row["body"])))


def _study(row: dict) -> Doc:
    title = f"{row['held_on']} {row['form']}：{row['topic']}"
    text = _join(
        row["topic"],
        row["form"],
        row["laws_text"],
        row["lecturer_name"],
        row["host"],
        row["recorder"],
        row["location"],
        row["summary"],
    )
    return Doc(STUDY, row["id"], row["id"], title, text)


def _item(row: dict) -> Doc:
    problem = row["problem"] or ""
    title = f"{row['number']} {problem[:40]}{'…' if len(problem) > 40 else ''}"
    text = _join(
        row["number"],
        row["problem"],
        _json_list(row["measures"]),
        row["goal"],
        row["source"],
        row["source_doc"],
        row["leader"],
        row["department"],
        row["owner"],
        row["completion"],
        row["progress"],
    )
    return Doc(ITEM, row["id"], row["id"], title, text)


def _staff(row: dict) -> Doc:
    title = " ".join(v for v in (row["name"], row["department"], row["position"]) if v)
    return Doc(
        STAFF,
        row["id"],
        row["id"],
        title,
        _join(row["name"], row["department"], row["position"], row["note"]),
    )


@dataclass(frozen=True)
class Loader:
    table: str
    sql: str  # selects one row per document; `{where}` is filled in
    make: Callable[[dict], Doc]
    id_column: str


LOADERS: dict[int, Loader] = {
    REPORT: Loader(
        "report",
        "select id, year, title, unit, recipient, opening, signature, contact from report r "
        "{where} order by id",
        _report,
        "r.id",
    ),
    SECTION: Loader(
        "report_section",
        "select s.id, s.report_id, s.heading, s.body, r.year from report_section s "
        "join report r on r.id = s.report_id {where} order by s.id",
        _section,
        "s.id",
    ),
    STUDY: Loader(
        "study_session",
        "select id, held_on, form, topic, laws_text, lecturer_name, host, recorder, location, summary "
        "from study_session t {where} order by id",
        _study,
        "t.id",
    ),
    ITEM: Loader(
        "rectification",
        "select r.id, r.number, r.problem, r.measures, r.goal, r.source, r.source_doc, r.leader, "
        "r.department, coalesce(st.name, r.owner_name) as owner, r.completion, "
        "(select group_concat(l.text, ' · ') from rectification_log l "
        " where l.item_id = r.id and l.kind = 'progress') as progress "
        "from rectification r left join staff st on st.id = r.owner_staff_id {where} order by r.id",
        _item,
        "r.id",
    ),
    STAFF: Loader(
        "staff",
        "select id, name, department, position, note from staff t {where} order by id",
        _staff,
        "t.id",
    ),
}


def available(store: Store) -> list[int]:
    """Codes whose tables exist in this database (features are added one by one)."""
    tables = {r[0] for r in store.conn.execute("select name from sqlite_master where type = 'table'")}
    needed = {
        REPORT: ("report",),
        SECTION: ("report", "report_section"),
        STUDY: ("study_session",),
        ITEM: ("rectification", "rectification_log", "staff"),
        STAFF: ("staff",),
    }
    return [code for code in LOADERS if all(t in tables for t in needed[code])]


def load(
    store: Store, code: int, where: str = "", params: list | tuple = (), batch: int = 2000
) -> Iterator[list[Doc]]:
    """Documents of one code, in batches (the whole table for a rebuild, a few ids for an edit)."""
    loader = LOADERS[code]
    cur = store.conn.execute(loader.sql.format(where=where), params)
    cols = [c[0] for c in cur.description]
    while rows := cur.fetchmany(batch):
        yield [loader.make(dict(zip(cols, row))) for row in rows]


def load_ids(store: Store, code: int, ids: list[int]) -> dict[int, Doc]:
    """Documents by record id (section id for SECTION)."""
    if not ids:
        return {}
    loader = LOADERS[code]
    where = f"where {loader.id_column} in ({', '.join('?' * len(ids))})"
    return {doc.record_id: doc for docs in load(store, code, where, ids) for doc in docs}


def count(store: Store, code: int) -> int:
    return store.scalar(f"select count(*) from [{LOADERS[code].table}]") or 0
