"""Tables of the search index: its settings and the map from index rows to records.

The full-text table itself (`search_fts`) is made by `core.search.index.rebuild`, so a new index layout
(`INDEX_VERSION`) only needs a rebuild, not a migration.
"""

from __future__ import annotations

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
