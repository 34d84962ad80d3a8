"""Keeping the search index in step with the database: attach at open, follow every write, rebuild.

Layout: `search_fts` is a contentless FTS5 table (the text lives in the records' own tables, so the index
costs about what the text it indexes does) holding each document's folded text one character per token,
with positions (detail=full) so a phrase query matches any substring. Rowids are
`code << 40 | (top - sequence)`: each kind is a rowid range, newest first, and a sequence number is never
reused. An edit retires the document's old row (it is dropped from `search_doc`; its postings stay until the
next rebuild, as a contentless table cannot forget a row without its old text) and indexes the new text
under a fresh rowid. `rebuild` starts over from the database; it runs at open when the index is missing,
from an older layout, out of step with the record counts, or carrying too much garbage.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Callable

from core.db import Store
from core.search import sources
from core.search.fold import fold_many, spaced
from core.search.sources import CODE_SHIFT, ITEM, REPORT, SECTION, STAFF, STUDY, Doc

INDEX_VERSION = "2"
FTS_SQL = (
    "create virtual table search_fts using fts5(body, content='', columnsize=0, detail=full, "
    "tokenize='unicode61 remove_diacritics 2')"
)
# Rowids count down from the top of each kind's range: FTS5 walks a doclist fastest in ascending rowid order
# (it can seek to the start of a range; descending order reads towards the end first), and ascending then
# lists the most recently indexed documents first.
SEQUENCE_TOP = (1 << CODE_SHIFT) - 1
GARBAGE_LIMIT = 5000  # retired rows tolerated before the next open rebuilds (plus a fifth of the documents)

Progress = Callable[[int, int], None]  # (documents done, documents in all)


# -- meta --------------------------------------------------------------------------------------------------
def _meta(store: Store, key: str) -> str | None:
    return store.scalar("select value from search_meta where key = ?", [key])


def _put_meta(store: Store, key: str, value: object) -> None:
    store.conn.execute(
        "insert into search_meta (key, value) values (?, ?) "
        "on conflict(key) do update set value = excluded.value",
        [key, str(value)],
    )


def _bump(store: Store, key: str, by: int) -> int:
    """Add to a counter in the meta table and return the new value (read and written in one statement,
    so two connections writing the same file never get the same sequence numbers)."""
    return int(
        store.query(
            "insert into search_meta (key, value) values (?, ?) "
            "on conflict(key) do update set value = cast(value as integer) + excluded.value returning value",
            [key, by],
        )[0]["value"]
    )


def _has_fts(store: Store) -> bool:
    return bool(store.scalar("select 1 from sqlite_master where name = 'search_fts'"))


# -- writing documents -------------------------------------------------------------------------------------
def _add(store: Store, docs: list[Doc]) -> None:
    if not docs:
        return
    last = _bump(store, "sequence", len(docs))
    first = last - len(docs) + 1
    folded = fold_many([d.text for d in docs])
    rowids = [d.code << CODE_SHIFT | (SEQUENCE_TOP - first - i) for i, d in enumerate(docs)]
    store.conn.executemany(
        "insert into search_fts (rowid, body) values (?, ?)", [(r, spaced(f)) for r, f in zip(rowids, folded)]
    )
    store.conn.executemany(
        "insert into search_doc (rowid, code, record_id, owner_id) values (?, ?, ?, ?)",
        [(r, d.code, d.record_id, d.owner_id) for r, d in zip(rowids, docs)],
    )


def _retire(store: Store, where: str, params: list) -> None:
    count = store.conn.execute(f"delete from search_doc where {where}", params).rowcount
    if count:
        _bump(store, "garbage", count)


def _reindex(store: Store, code: int, record_id: int) -> None:
    _retire(store, "code = ? and record_id = ?", [code, record_id])
    _add(store, list(sources.load_ids(store, code, [record_id]).values()))


def _reindex_report(store: Store, report_id: int) -> None:
    """The report's head and all its sections (a deleted or restored report takes its sections along)."""
    _retire(
        store,
        "(code = ? and record_id = ?) or (code = ? and owner_id = ?)",
        [REPORT, report_id, SECTION, report_id],
    )
    _add(store, list(sources.load_ids(store, REPORT, [report_id]).values()))
    for docs in sources.load(store, SECTION, "where s.report_id = ?", [report_id]):
        _add(store, docs)


def _log_owner(store: Store, log_id: int) -> list[tuple[int, int]]:
    item = store.scalar("select item_id from rectification_log where id = ?", [log_id])
    return [(ITEM, item)] if item is not None else []


def _staff_targets(store: Store, staff_id: int) -> list[tuple[int, int]]:
    """The person, and the items they own (an item's text carries its owner's name)."""
    owned = (
        store.query("select id from rectification where owner_staff_id = ?", [staff_id])
        if ITEM in sources.available(store)
        else []
    )
    return [(STAFF, staff_id)] + [(ITEM, r["id"]) for r in owned]


# -- the listener ------------------------------------------------------------------------------------------
class SearchIndex:
    """Listens to one Store and re-indexes the record behind every change it hears of."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def targets(self, table: str, record_id: int) -> list[tuple[int, int]]:
        """(code, record id) documents a change to `table` row `record_id` touches."""
        simple = {"report_section": SECTION, "study_session": STUDY, "rectification": ITEM}
        if table in simple:
            return [(simple[table], record_id)]
        if table == "rectification_log":
            return _log_owner(self.store, record_id)
        if table == "staff":
            return _staff_targets(self.store, record_id)
        return []  # child rows whose text is not indexed (attendance, evidence, versions…)

    def on_change(self, table: str, record_id: int, kind: str) -> None:
        if record_id is None or not _has_fts(self.store):
            return
        try:
            with self.store.transaction():
                if table == "report":
                    _reindex_report(self.store, record_id)
                for code, rid in self.targets(table, record_id):
                    _reindex(self.store, code, rid)
        except sqlite3.Error as exc:
            # A broken index must not stop the clerk's save: mark it for a rebuild at the next open.
            print(f"搜索索引更新失败，下次打开时将重建：{exc}", file=sys.stderr)
            with contextlib.suppress(sqlite3.Error):
                _put_meta(self.store, "version", "stale")


# -- open, rebuild -----------------------------------------------------------------------------------------
def needs_rebuild(store: Store) -> bool:
    """Missing, an older layout, record counts out of step (a write that did not notify), or much garbage."""
    if not _has_fts(store) or _meta(store, "version") != INDEX_VERSION:
        return True
    indexed = dict(store.conn.execute("select code, count(*) from search_doc group by code").fetchall())
    codes = sources.available(store)
    if any(indexed.get(code, 0) != sources.count(store, code) for code in codes):
        return True
    garbage = int(_meta(store, "garbage") or 0)
    return garbage > GARBAGE_LIMIT + sum(indexed.values()) // 5


def rebuild(store: Store, progress: Progress | None = None) -> int:
    """Index every record again from the database; returns the number of documents."""
    codes = sources.available(store)
    total = sum(sources.count(store, code) for code in codes)
    done = 0
    with store.transaction():
        store.conn.execute("drop table if exists search_fts")
        store.conn.execute(FTS_SQL)
        store.conn.execute("delete from search_doc")
        store.conn.execute("delete from search_meta")
        for code in codes:
            for docs in sources.load(store, code):
                _add(store, docs)
                done += len(docs)
                if progress:
                    progress(done, total)
        store.conn.execute("insert into search_fts (search_fts) values ('optimize')")
        _put_meta(store, "garbage", 0)
        _put_meta(store, "version", INDEX_VERSION)
    return done


def attach(store: Store) -> SearchIndex:
    """Bring the index up to date and make it follow the store's writes (once per store)."""
    for listener in store.listeners:
        owner = getattr(listener, "__self__", None)
        if isinstance(owner, SearchIndex):
            return owner
    if needs_rebuild(store):
        rebuild(store)
    index = SearchIndex(store)
    store.listeners.append(index.on_change)
    return index


def on_open(store: Store) -> None:
    """Called by `core.db.open_store` for every store it opens."""
    attach(store)
