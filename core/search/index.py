"""Keeping the search index in step with the database: follow every write, catch up at open, rebuild.

Layout: `search_fts` is a contentless FTS5 table (the text lives in the records' own tables, so the index
costs about what the text it indexes does) holding each document's folded text one character per token,
with positions (detail=full) so a phrase query matches any substring. Rowids are
`code << 40 | (top - sequence)`: each kind is a rowid range, newest first, and a sequence number is never
reused. An edit retires the document's old row (it is dropped from `search_doc`; its postings stay until the
next rebuild, as a contentless table cannot forget a row without its old text) and indexes the new text
under a fresh rowid.

Every change to an indexed table, by this app or by any other program writing the file, leaves (table, id) in
`search_queue` (SQL triggers, see `core.search.schema`). The app's own saves are indexed at once by the Store
listener, which also clears the queue rows they made; `catch_up` takes in the rest. `rebuild` starts over from
the database when the index is missing, from an older layout, out of step with the record counts while the
queue is empty (writes no trigger saw), or carrying too much garbage. At open only cheap work runs (a short
queue, a small database); the rest is left `pending` for the UI to run after the window is shown.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from core.db import Store
from core.search import sources
from core.search.fold import fold_many, spaced
from core.search.schema import install_triggers, trigger_name
from core.search.sources import CODE_SHIFT, REPORT, SECTION, Doc

log = logging.getLogger(__name__)

INDEX_VERSION = "2"
FTS_SQL = (
    "create virtual table search_fts using fts5(body, content='', columnsize=0, detail=full, "
    "tokenize='unicode61 remove_diacritics 2')"
)
# Rowids count down from the top of each kind's range: FTS5 walks a doclist fastest in ascending rowid order
# (it can seek to the start of a range; descending order reads towards the end first), and ascending then
# lists the most recently indexed documents first.
SEQUENCE_TOP = (1 << CODE_SHIFT) - 1
GARBAGE_LIMIT = 5000  # retired rows tolerated before a rebuild is due (plus a fifth of the documents)
BUILDING = "building"  # the version while a rebuild runs (`rebuilt_to` says how far it got)
INLINE_QUEUE = 200  # queued changes taken in at open, before the window appears (milliseconds of work)
INLINE_REBUILD = 2000  # documents a database may hold and still be rebuilt at open (a new or small one)
QUEUE_BATCH = 500  # queued changes per transaction: a save made meanwhile waits for one batch at most
REBUILD_BATCH = 2000  # documents per transaction of a rebuild
CHUNK = 500  # ids per `in (…)` list

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


def _queued(store: Store) -> int:
    return store.scalar("select count(*) from search_queue") or 0


@contextlib.contextmanager
def _snapshot(store: Store) -> Iterator[None]:
    """Reads that must agree with each other (record counts against the queue) while others write."""
    if store.conn.in_transaction:
        yield
        return
    store.conn.execute("begin")
    try:
        yield
    finally:
        store.conn.execute("commit")


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


# -- writing documents -------------------------------------------------------------------------------------
def _add(store: Store, docs: list[Doc]) -> None:
    if not docs:
        return
    last = _bump(store, "sequence", len(docs))
    first = last - len(docs) + 1
    folded = fold_many([d.text for d in docs])
    rowids = [d.code << CODE_SHIFT | (SEQUENCE_TOP - first - i) for i, d in enumerate(docs)]
    # Written in ascending rowid order (the batch's rowids count down): FTS5 flushes its pending terms to a
    # new segment whenever a rowid is not above the last one, so descending order cost one segment (and
    # merges) per document, four to five times the work.
    store.conn.executemany(
        "insert into search_fts (rowid, body) values (?, ?)",
        [(r, spaced(f)) for r, f in zip(reversed(rowids), reversed(folded))],
    )
    store.conn.executemany(
        "insert into search_doc (rowid, code, record_id, owner_id) values (?, ?, ?, ?)",
        [(r, d.code, d.record_id, d.owner_id) for r, d in zip(reversed(rowids), reversed(docs))],
    )


def _retire(store: Store, where: str, params: list) -> list[tuple[int, int]]:
    """Drop documents from the map; returns their (code, record id)."""
    gone = store.conn.execute(f"delete from search_doc where {where} returning code, record_id", params).fetchall()
    if gone:
        _bump(store, "garbage", len(gone))
    return gone


def _reindex(store: Store, code: int, ids: Iterable[int]) -> None:
    """Documents of one code again from their records (a record no longer there just drops out)."""
    for chunk in _chunks(ids):
        marks = ", ".join("?" * len(chunk))
        _retire(store, f"code = {code} and record_id in ({marks})", chunk)
        _add(store, list(sources.load_ids(store, code, chunk).values()))


def _reindex_reports(store: Store, report_ids: Iterable[int]) -> set[int]:
    """The reports' heads and all their sections (a deleted or restored report takes its sections along);
    returns the ids of the sections that were or now are indexed."""
    sections: set[int] = set()
    for chunk in _chunks(report_ids):
        marks = ", ".join("?" * len(chunk))
        # literal codes: the partial index on owner_id only serves `code = 2` written out
        gone = _retire(
            store,
            f"(code = {REPORT} and record_id in ({marks})) or (code = {SECTION} and owner_id in ({marks}))",
            chunk + chunk,
        )
        sections.update(record_id for code, record_id in gone if code == SECTION)
        _add(store, list(sources.load_ids(store, REPORT, chunk).values()))
        for docs in sources.load(store, SECTION, f"where s.report_id in ({marks})", chunk):
            _add(store, docs)
            sections.update(d.record_id for d in docs)
    return sections


def targets(store: Store, table: str, record_id: int) -> list[tuple[int, int]]:
    """(code, record id) documents a change to `table` row `record_id` touches: its own, and those of sources
    that show the row (an item shows its owner's name). Child rows whose text is not indexed touch none."""
    found = touched(store, table, [record_id])
    return [(code, target) for code, ids in found.items() for target in sorted(ids)]


def touched(store: Store, table: str, ids: list[int]) -> dict[int, set[int]]:
    """`targets` of many rows of one table at once, by code: the sources are looked at once, not per row."""
    found: dict[int, set[int]] = {}
    available: list[int] | None = None
    for source in sources.sources():
        if source.table == table:
            found.setdefault(source.code, set()).update(ids)
        for follows in source.follows:
            if follows.table != table:
                continue
            available = sources.available(store) if available is None else available
            if source.code in available:
                shown = found.setdefault(source.code, set())
                for record_id in ids:
                    rows = store.conn.execute(follows.ids, [record_id]).fetchall()
                    shown.update(r[0] for r in rows if r[0] is not None)
    return {code: shown for code, shown in found.items() if shown}


def _take_in(store: Store, changes: list[tuple[str, int]]) -> None:
    """Index again what the changed rows touch, each document once however many of its rows changed."""
    reports: set[int] = set()
    by_table: dict[str, list[int]] = {}
    for table, record_id in changes:
        if table == "report":  # the head and every section, see `_reindex_reports`
            reports.add(record_id)
        else:
            by_table.setdefault(table, []).append(record_id)
    by_code: dict[int, set[int]] = {}
    for table, ids in by_table.items():
        for code, shown in touched(store, table, ids).items():
            by_code.setdefault(code, set()).update(shown)
    _reindex_reports(store, reports)
    for code, shown in by_code.items():
        _reindex(store, code, shown)


def _forget(store: Store, changes: list[tuple[str, int]]) -> None:
    store.conn.executemany("delete from search_queue where tbl = ? and record_id = ?", changes)


def take_in(store: Store, table: str, ids: Iterable[int]) -> None:
    """Index many new records of `table` at once (a bulk import, inside its transaction): what the listener
    does record by record, in batches; the changes their rows queued are cleared."""
    changes = [(table, record_id) for record_id in ids]
    if not changes or not _has_fts(store):
        return
    try:
        with store.transaction():
            _take_in(store, changes)
            _forget(store, changes)
    except sqlite3.Error as exc:  # as in `on_change`: a broken index must not stop the import
        log.warning("搜索索引更新失败，将重建搜索索引：%s", exc)
        with contextlib.suppress(sqlite3.Error):
            _put_meta(store, "version", "stale")


@contextlib.contextmanager
def unqueued(store: Store, tables: Iterable[str]) -> Iterator[None]:
    """Inside a bulk import's write transaction: rows inserted into `tables` queue nothing.

    The import indexes its new records itself (`take_in`), so the queue rows their insert triggers would
    write, and `take_in` delete again, are work for nothing (a third of writing 10,000 整改事项 with their
    logs). The insert triggers are dropped meanwhile and made again from their own SQL before the transaction
    commits; a rollback brings them back by itself. No other program misses a change: the transaction holds
    the write lock, so nobody else writes until the triggers are back."""
    if not store.conn.in_transaction:
        raise RuntimeError("unqueued() runs inside the import's transaction")
    names = [trigger_name(table, "insert") for table in tables]
    marks = ", ".join("?" * len(names))
    saved = store.conn.execute(
        f"select name, sql from sqlite_master where type = 'trigger' and name in ({marks})", names
    ).fetchall()
    for name, _sql in saved:
        store.conn.execute(f"drop trigger [{name}]")
    try:
        yield
    finally:
        # Made only if missing: an error that ended the transaction had SQLite roll the drop back already.
        there = {r[0] for r in store.conn.execute("select name from sqlite_master where type = 'trigger'")}
        for name, sql in saved:
            if name not in there:
                store.conn.execute(sql)


# -- the listener ------------------------------------------------------------------------------------------
class SearchIndex:
    """Listens to one Store and re-indexes the record behind every change it hears of."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def targets(self, table: str, record_id: int) -> list[tuple[int, int]]:
        return targets(self.store, table, record_id)

    def on_change(self, table: str, record_id: int, kind: str) -> None:
        if record_id is None or not _has_fts(self.store):
            return
        try:
            with self.store.transaction():
                if table == "report":  # its sections came or went with it (recycle bin): taken in too
                    touched = [(SECTION, sid) for sid in _reindex_reports(self.store, [record_id])]
                else:
                    touched = self.targets(table, record_id)
                    for code, rid in touched:
                        _reindex(self.store, code, [rid])
                # The triggers queued this write too: taken in now, so the queue holds only what the app
                # did not hear of (other programs' writes) and does not grow with the clerk's own saves.
                done = [(sources.source(code).table, rid) for code, rid in touched]
                _forget(self.store, [(table, record_id), *done])
        except sqlite3.Error as exc:
            # A broken index must not stop the clerk's save: mark it for a rebuild.
            log.warning("搜索索引更新失败，将重建搜索索引：%s", exc)
            with contextlib.suppress(sqlite3.Error):
                _put_meta(self.store, "version", "stale")


# -- open, catch up, rebuild -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Plan:
    """What bringing the index up to date takes: a rebuild of `work` documents, or `work` queued changes."""

    rebuild: bool
    work: int


def _needs_rebuild(store: Store, queued: int) -> bool:
    if not _has_fts(store) or _meta(store, "version") != INDEX_VERSION:
        return True
    indexed = dict(store.conn.execute("select code, count(*) from search_doc group by code").fetchall())
    allowance = GARBAGE_LIMIT + sum(indexed.values()) // 5
    garbage = int(_meta(store, "garbage") or 0)
    if queued:
        # every queued change may retire a document: past the allowance a rebuild is due anyway
        return garbage + queued > allowance
    if garbage > allowance:
        return True
    # With nothing queued the counts must agree; if not, rows were written where no trigger saw them (a file
    # from before the queue existed, a table rebuilt by a migration).
    return any(indexed.get(code, 0) != sources.count(store, code) for code in sources.available(store))


def needs_rebuild(store: Store) -> bool:
    """Missing, an older layout, much garbage, a long queue, or (queue empty) record counts out of step."""
    with _snapshot(store):
        return _needs_rebuild(store, _queued(store))


def plan(store: Store) -> Plan:
    with _snapshot(store):
        queued = _queued(store)
        if _needs_rebuild(store, queued):
            return Plan(True, sum(sources.count(store, code) for code in sources.available(store)))
        return Plan(False, queued)


def pending(store: Store) -> int:
    """Documents or queued changes to take in before the index is up to date (0: it is)."""
    todo = plan(store)
    return max(todo.work, 1) if todo.rebuild else todo.work


def _progress(progress: Progress | None, done: int, total: int) -> None:
    if progress:
        progress(min(done, total), max(done, total))


def drain(store: Store, progress: Progress | None = None, total: int | None = None) -> int:
    """Take in the queued changes, oldest first, a batch per transaction; returns how many."""
    total = _queued(store) if total is None else total
    done = 0
    _progress(progress, 0, total)
    while True:
        with store.transaction():
            # Claimed and taken in within one write transaction: a change queued meanwhile waits for the
            # next batch, and a failed batch leaves its rows queued.
            changes = store.conn.execute(
                "delete from search_queue where seq in (select seq from search_queue order by seq limit ?) "
                "returning tbl, record_id",
                [QUEUE_BATCH],
            ).fetchall()
            _take_in(store, changes)
        if not changes:
            return done
        done += len(changes)
        _progress(progress, done, total)


def rebuild(store: Store, progress: Progress | None = None, resume: bool = False) -> int:
    """Index every record again from the database; returns the number of documents indexed.

    A batch per transaction, so the app stays usable (a save waits for one batch) and searches meanwhile
    find what is indexed so far. A save meanwhile indexes its record at once; the batch that reaches the
    record later replaces that document. Each batch records how far it got: with `resume`, a rebuild that
    was stopped (the app closed) goes on from there instead of starting over.
    """
    codes = sources.available(store)
    start = _resume_point(store) if resume else None
    if start is None:
        _start_rebuild(store)
        start = (codes[0] if codes else 0, None)
    total = sum(sources.count(store, code) for code in codes)
    done = store.scalar("select count(*) from search_doc") or 0
    _progress(progress, done, total)
    for code in codes:
        if code < start[0]:
            continue
        after = start[1] if code == start[0] else None
        while True:
            with store.transaction():
                docs = sources.load_after(store, code, after, REBUILD_BATCH)
                _reindex_docs(store, code, docs)
                if docs:
                    _put_meta(store, "rebuilt_to", f"{code}:{docs[-1].record_id}")
            if not docs:
                break
            after = docs[-1].record_id
            done += len(docs)
            _progress(progress, done, total)
    with store.transaction():
        store.conn.execute("insert into search_fts (search_fts) values ('optimize')")
        store.conn.execute("delete from search_meta where key = 'rebuilt_to'")
        _put_meta(store, "version", INDEX_VERSION)
    return done


def _start_rebuild(store: Store) -> None:
    with store.transaction():
        store.conn.execute("drop table if exists search_fts")
        store.conn.execute(FTS_SQL)
        store.conn.execute("delete from search_doc")
        store.conn.execute("delete from search_meta")
        store.conn.execute("delete from search_queue")  # all of it is read again
        _put_meta(store, "garbage", 0)
        _put_meta(store, "version", BUILDING)


def _resume_point(store: Store) -> tuple[int, int | None] | None:
    """(code, last record id indexed) of a stopped rebuild; None when there is none to go on with."""
    if not _has_fts(store) or _meta(store, "version") != BUILDING:
        return None
    code, _, after = (_meta(store, "rebuilt_to") or "0:").partition(":")
    return int(code), int(after) if after else None


def _reindex_docs(store: Store, code: int, docs: list[Doc]) -> None:
    for chunk in _chunks(d.record_id for d in docs):
        _retire(store, f"code = {code} and record_id in ({', '.join('?' * len(chunk))})", chunk)
    _add(store, docs)


def catch_up(store: Store, progress: Progress | None = None) -> int:
    """Bring the index up to date now: rebuild it when that is due, else take in the queue; returns the
    documents and queued changes taken in. `progress(done, total)` after every batch."""
    done = 0
    for _ in range(3):  # again: changes queued during a rebuild; counts that disagree once the queue is empty
        todo = plan(store)
        if todo.rebuild:
            done += rebuild(store, progress, resume=True)
        elif todo.work:
            done += drain(store, progress, todo.work)
        else:
            break
    return done


def attach(store: Store) -> SearchIndex:
    """Make the index follow the store's writes (once per store)."""
    for listener in store.listeners:
        owner = getattr(listener, "__self__", None)
        if isinstance(owner, SearchIndex):
            return owner
    index = SearchIndex(store)
    store.listeners.append(index.on_change)
    return index


def on_open(store: Store) -> None:
    """Called by `core.db.open_store` for every store it opens: only cheap work, before any window exists.

    A short queue (another program's few writes) or a small database's rebuild is done now; anything longer
    stays `pending` for `catch_up`, which the UI runs in a worker once the window is shown.
    """
    attach(store)
    install_triggers(store.conn)
    todo = plan(store)
    if todo.rebuild and todo.work <= INLINE_REBUILD:
        rebuild(store, resume=True)
    elif not todo.rebuild and 0 < todo.work <= INLINE_QUEUE:
        drain(store, total=todo.work)
