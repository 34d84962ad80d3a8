"""Tables of the search index: its settings, the map from index rows to records, and the change queue.

The full-text table itself (`search_fts`) is made by `core.search.index.rebuild`, so a new index layout
(`INDEX_VERSION`) only needs a rebuild, not a migration. The queue (`search_queue`) is filled by triggers on
the indexed tables, so the index learns of writes made by other programs too; `core.search.index` empties it.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.migrate import migration


@migration("0500_search")
def create_search(db) -> None:
    db.execute("create table search_meta (key text primary key, value text)")
    # One row per live document. Index rows no longer listed here are garbage left by edits (a contentless
    # FTS5 table cannot forget a row without being given its old text); the query skips them.
    db.execute(
        """create table search_doc (
            rowid integer primary key,
            code integer not null,
            record_id integer not null,
            owner_id integer not null
        )"""
    )
    db.execute("create index search_doc_record on search_doc(code, record_id)")
    db.execute("create index search_doc_report on search_doc(owner_id) where code = 2")


# -- the change queue ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Watched:
    """An indexed table: a change to one of its rows queues (`queued`, the row's `key` column)."""

    queued: str
    key: str
    columns: tuple[str, ...]  # the columns the documents show: only updates of these are queued


def watched() -> dict[str, Watched]:
    """The indexed tables, from every feature's search sources (core.search.sources).

    Updates of other columns (updated_at, attendance counts, file names) change no document, so they do not
    fill the queue. tests/core/search/test_search_queue.py checks the columns against the documents.
    """
    from core.search import sources  # not at import: core.schema reads this module while core.db loads

    tables: dict[str, Watched] = {}
    for source in sources.sources():
        tables[source.table] = Watched(source.table, "id", source.columns)
        tables.update({f.table: Watched(source.table, f.key, f.columns) for f in source.follows if f.key})
    return tables


EVENTS = ("insert", "update", "delete")


def trigger_name(table: str, event: str) -> str:
    return f"search_queue_{table}_{event}"


def _enqueue(queued: str, value: str, when: str = "") -> str:
    # `where not exists` rather than `insert or ignore`: the statement that fired a trigger imposes its own
    # conflict policy on the trigger's statements (an outer INSERT OR ABORT would turn a duplicate into an error).
    return (
        f"insert into search_queue (tbl, record_id) select '{queued}', {value} where {value} is not null "
        f"{when}and not exists (select 1 from search_queue where tbl = '{queued}' and record_id = {value});"
    )


def trigger_sql(table: str, event: str, spec: Watched) -> str:
    """Plain SQL, no app function: a change made by any SQLite client (a script, another tool) is queued."""
    new, old = f"new.[{spec.key}]", f"old.[{spec.key}]"
    body = _enqueue(spec.queued, old if event == "delete" else new)
    on = event
    if event == "update":
        columns = dict.fromkeys(("id", spec.key, *spec.columns))  # the key too: a row may move
        on = f"update of {', '.join(f'[{c}]' for c in columns)}"
        # a progress entry moved to another item: the old item changes too
        body += " " + _enqueue(spec.queued, old, f"and {old} is not {new} ")
    return (
        f"create trigger if not exists [{trigger_name(table, event)}] after {on} on [{table}] "
        f"for each row begin {body} end"
    )


def install_triggers(db) -> int:
    """Create the queue triggers missing on the watched tables that exist (a feature's tables may arrive after
    this migration ran, and rebuilding a table drops its triggers); returns how many were made."""
    names = {r[0]: r[1] for r in db.execute("select name, type from sqlite_master where type in ('table', 'trigger')")}
    made, tables = 0, watched()
    for table in tables:
        if names.get(table) != "table":
            continue
        for event in EVENTS:
            if trigger_name(table, event) not in names:
                db.execute(trigger_sql(table, event, tables[table]))
                made += 1
    return made


@migration("0510_search_queue")
def create_search_queue(db) -> None:
    # Every change to an indexed table, by this app or any other program, leaves (table, id) here until the index
    # has taken it in; one row per record however often it changed.
    db.execute(
        """create table search_queue (
            seq integer primary key,
            tbl text not null,
            record_id integer not null,
            unique (tbl, record_id)
        )"""
    )
    install_triggers(db)
