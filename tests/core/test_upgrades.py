"""Upgrades: a database written by every released schema opens with today's code, migrates and keeps every row.

`tests/data/schemas/` holds one gzipped database per released schema, named after its last migration
(`lawdesk-<last migration>.db.gz`), each filled by that release's `main.py demo`. To add the next one when a
release adds a migration: check out the release, run `python main.py --db /tmp/r.db demo`, then
`sqlite3 /tmp/r.db "pragma wal_checkpoint(truncate); vacuum"` and `gzip -9 -c /tmp/r.db >
tests/data/schemas/lawdesk-<its last migration>.db.gz`. Never edit or delete an old one.
"""
from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

import pytest

from core import schema
from core.db import open_store

SCHEMAS = sorted((Path(__file__).resolve().parents[1] / "data" / "schemas").glob("lawdesk-*.db.gz"))
DERIVED = ("search_", "sqlite_", "_sqlite_")  # the search index is rebuilt from the records; SQLite's own


def _unpack(packed: Path, folder: Path) -> Path:
    target = folder / packed.name.removesuffix(".gz")
    target.write_bytes(gzip.decompress(packed.read_bytes()))
    return target


def _snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every record table, sorted."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")
                  if not r[0].startswith(DERIVED)]
        return {t: sorted(conn.execute(f"select * from [{t}]").fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def test_there_is_a_database_of_the_current_release():
    assert SCHEMAS, "tests/data/schemas/ holds no released database"


@pytest.mark.parametrize("packed", SCHEMAS, ids=lambda p: p.name)
def test_released_database_migrates_and_keeps_every_row(tmp_path, packed):
    path = _unpack(packed, tmp_path)
    before = _snapshot(path)
    assert sum(len(rows) for rows in before.values()) > 100  # a filled database, not an empty shell
    with open_store(path) as store:
        assert set(schema.applied_names(store.db)) == schema.known_names()
        assert store.scalar("pragma integrity_check") == "ok"
        assert store.scalar("pragma foreign_key_check") is None
    after = _snapshot(path)
    for table, rows in before.items():
        kept = {row[: len(rows[0])] for row in after[table]} if rows else set()
        assert len(after[table]) == len(rows), table
        assert kept == set(rows), f"{table}: rows changed by the upgrade"


@pytest.mark.parametrize("packed", SCHEMAS, ids=lambda p: p.name)
def test_upgraded_database_is_searchable_and_opens_again(tmp_path, packed):
    path = _unpack(packed, tmp_path)
    with open_store(path) as store:
        from core.search import query

        found = query.search(store, "学法")
    assert found.groups and all(group.total for group in found.groups)
    with open_store(path) as again:  # a second open migrates nothing and loses nothing
        assert again.scalar("pragma integrity_check") == "ok"
