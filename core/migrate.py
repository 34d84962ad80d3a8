"""The one named migration set every feature adds its schema changes to (sqlite-utils Migrations)."""
from __future__ import annotations

from sqlite_utils.migrations import Migrations

MIGRATION_SET = "lawdesk"
MIGRATIONS = Migrations(MIGRATION_SET)


def migration(name: str):
    """Register a schema change; names are global and never renamed once released."""
    return MIGRATIONS(name=name)
