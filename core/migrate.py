"""The one named migration set every feature adds its schema changes to (sqlite-utils Migrations).

A released migration is never edited or renamed: a change is a new migration. When a release adds one, keep
a database written by that release in `tests/data/schemas/` (how: the docstring of tests/core/test_upgrades.py),
so every later version is tested to open it, migrate it and keep every row.
"""
from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "lawdesk"
MIGRATIONS = Migrations(MIGRATION_SET)


def migration(name: str):
    """Register a schema change; names are global and never renamed once released."""
    return MIGRATIONS(name=name)


def names() -> list[str]:
    """Every migration this version of the app knows, in the order they apply (pending on an empty file)."""
    return [m.name for m in MIGRATIONS.pending(sqlite_utils.Database(memory=True))]
