"""What the index holds for each kind of record: the text of its fields and a title to show with a hit.

Each feature says what it gives the index in the `search` module its manifest names: `SOURCES`, one `Source`
per document code, and optionally `KIND`, the key of its results group (default: the feature's key). A
record kind maps to one or two document codes (a report is its head — title, 主送, opening, 落款 — plus one
document per section, so a hit opens the report at the section). The code is the high part of the index
rowid, so each kind is one rowid range the query can ask for on its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from core import features
from core.db import Store

# A report's head and its sections: documents with an owner, which the index re-reads together (and the
# search_doc_report index is made for code 2). Codes are never renumbered: they are in every index row.
REPORT, SECTION = 1, 2
CODE_SHIFT = 40  # rowid = code << 40 | (2**40 - 1 - sequence), see core.search.index


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    page: str  # the main window's page that opens these records
    codes: tuple[int, ...]


@dataclass
class Doc:
    code: int
    record_id: int  # the section id for SECTION, else the record's id
    owner_id: int  # the report of a section; the record itself otherwise
    title: str
    text: str


@dataclass(frozen=True)
class Follows:
    """Another table whose rows show in a source's documents (a progress entry in its 整改事项, an owner)."""

    table: str
    ids: str  # SQL: the ids of the documents a row of `table` shows in (`?` is the row's id)
    key: str = ""  # the column naming the one document a row belongs to: then a trigger queues that document
    columns: tuple[str, ...] = ()  # with `key`: the columns the documents show (only updates of these queue)


@dataclass(frozen=True)
class Source:
    """One document code: where its rows come from and which writes change its documents."""

    code: int  # the high part of the index rowid: fixed for good once released
    table: str  # the records' table: a change to one of its rows re-indexes that row's document
    columns: tuple[str, ...]  # the columns of `table` the document shows (only their updates are queued)
    sql: str  # selects one row per document; `{where}` is filled in
    make: Callable[[dict], Doc]
    id_column: str
    needs: tuple[str, ...] = ()  # other tables `sql` reads
    follows: tuple[Follows, ...] = ()

    @property
    def tables(self) -> tuple[str, ...]:
        return (self.table, *self.needs, *(f.table for f in self.follows))


def sources() -> list[Source]:
    """Every present feature's sources, by code (a rebuild goes code by code)."""
    return sorted((s for m in features.modules("search") for s in m.SOURCES), key=lambda s: s.code)


def source(code: int) -> Source:
    return next(s for s in sources() if s.code == code)


def kinds() -> list[Kind]:
    """Result groups in the features' order: the feature's label and page, the codes of its sources."""
    found = []
    for feature in features.listed():
        if feature.search:
            module = features.load(feature.search)
            codes = tuple(s.code for s in module.SOURCES)
            found.append(Kind(getattr(module, "KIND", feature.key), feature.label, feature.key, codes))
    return found


def json_list(value: str | None) -> list[str]:
    try:
        items = json.loads(value or "[]")
    except ValueError:
        return [str(value)]
    if not isinstance(items, list):
        items = [items]
    return [" ".join(str(v) for v in i.values()) if isinstance(i, dict) else str(i) for i in items]


def join(*parts: object) -> str:
    out: list[str] = []
    for part in parts:
        for value in part if isinstance(part, list) else (part,):
            text = "" if value is None else str(value).strip()
            if text:
                out.append(text)
    return " · ".join(out)


def available(store: Store) -> list[int]:
    """Codes whose tables exist in this database (features are added one by one)."""
    tables = {r[0] for r in store.conn.execute("select name from sqlite_master where type = 'table'")}
    return [s.code for s in sources() if all(t in tables for t in s.tables)]


def load(
    store: Store, code: int, where: str = "", params: list | tuple = (), batch: int = 2000
) -> Iterator[list[Doc]]:
    """Documents of one code, in batches (the whole table for a rebuild, a few ids for an edit)."""
    loader = source(code)
    cur = store.conn.execute(loader.sql.format(where=where), params)
    cols = [c[0] for c in cur.description]
    while rows := cur.fetchmany(batch):
        yield [loader.make(dict(zip(cols, row))) for row in rows]


def load_after(store: Store, code: int, after: int | None, limit: int) -> list[Doc]:
    """The next `limit` documents of one code by record id, after `after` (a rebuild in batches)."""
    loader = source(code)
    where, params = (f"where {loader.id_column} > ?", [after]) if after is not None else ("", [])
    cur = store.conn.execute(loader.sql.format(where=where) + " limit ?", [*params, limit])
    cols = [c[0] for c in cur.description]
    return [loader.make(dict(zip(cols, row))) for row in cur.fetchall()]


def load_ids(store: Store, code: int, ids: list[int]) -> dict[int, Doc]:
    """Documents by record id (section id for SECTION)."""
    if not ids:
        return {}
    loader = source(code)
    where = f"where {loader.id_column} in ({', '.join('?' * len(ids))})"
    return {doc.record_id: doc for docs in load(store, code, where, ids) for doc in docs}


def count(store: Store, code: int) -> int:
    return store.scalar(f"select count(*) from [{source(code).table}]") or 0
