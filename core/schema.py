"""Collects every feature's migrations in a fixed order and applies them when a database opens.

A feature adds its schema by listing its `schema` module here; modules register their migrations
with `core.migrate.migration` when imported, so this import order is the migration order.
"""
from __future__ import annotations

import sqlite_utils

from core.features import present
from core.migrate import MIGRATION_SET, MIGRATIONS

FEATURE_SCHEMAS = (
    "core.base_schema",
    "core.staff.schema",
    "core.study.schema",
    "core.rectification.schema",
    "core.reports.schema",
    "core.search.schema",
)


for _module in present(FEATURE_SCHEMAS):
    pass  # importing a schema module registers its migrations


def known_names() -> set[str]:
    return {m.name for m in MIGRATIONS._migrations}


def applied_names(db: sqlite_utils.Database) -> list[str]:
    return [m.name for m in MIGRATIONS.applied(db)]


def unknown_applied(db: sqlite_utils.Database) -> list[str]:
    """Migrations recorded in the file that this version of the app does not know (a newer app wrote it)."""
    if not db["_sqlite_migrations"].exists():
        return []
    rows = db.execute(
        "select name from _sqlite_migrations where migration_set = ?", [MIGRATION_SET]
    ).fetchall()
    known = known_names()
    return [r[0] for r in rows if r[0] not in known]


def apply(db: sqlite_utils.Database) -> None:
    MIGRATIONS.apply(db)
