"""Collects every feature's migrations in a fixed order and applies them when a database opens.

The base tables come first, then each feature's `schema` module in registration order (core.features):
modules register their migrations with `core.migrate.migration` when imported, so import order is
migration order. A feature registered later (a test's) adds its migrations after all of these.
"""
from __future__ import annotations

import importlib

import sqlite_utils

import core.base_schema  # noqa: F401 - the base tables' migration is the first
from core import features, migrate
from core.migrate import MIGRATION_SET, MIGRATIONS


def _load() -> None:
    for feature in features.features():
        if feature.schema:
            importlib.import_module(feature.schema)  # importing a schema module registers its migrations


_load()


def known_names() -> set[str]:
    _load()
    return set(migrate.names())


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
    _load()
    MIGRATIONS.apply(db)
