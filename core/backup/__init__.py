"""Backup and restore: one zip file holding a snapshot of the database, every attachment and a manifest.

A backup (`*.lawdesk-backup`) is a zip with
  lawdesk.db                 a consistent snapshot made with SQLite's online backup API (never a file copy),
                             stored uncompressed: writing it costs the disk's time, not the CPU's
  attachments/ab/<sha256>    every attachment file the snapshot references, named by its content hash,
  manifest.json              format version, migrations, creation time, unit, row counts per table and
                             the sha256 and size of every other file in the zip.
Restore checks the whole file (manifest shape, names, sizes and caps, hashes, the database and its schema)
before it changes anything, keeps the current data as a safety copy (the current file itself, kept aside) and
then swaps the new data in by one rename, so a failure midway leaves the original in place.

  writing.py       the backup itself            reading.py       reading a backup without trusting it
  schema_check.py  only our own schema objects  restoring.py     the safety copy and the swap
  verifying.py     --dry-run                    auto.py          daily backups, listing, pruning
  format.py        names, caps, the manifest's shape, the clerk's words for errors
Temporary work lives in the database's temporary folder (core.workdir), swept at every start.
"""
from __future__ import annotations

from .auto import auto_backup_if_due, auto_backups, default_name, list_backups, prune
from .cli import register_cli
from .format import (
    AUTO_PREFIX,
    DB_MEMBER,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST_MEMBER,
    SAFETY_PREFIX,
    SUFFIX,
    human_size,
)
from .restoring import restore, restore_with_manifest
from .verifying import describe, verify, verify_quick
from .writing import backup, backup_db_file

__all__ = [
    "AUTO_PREFIX", "DB_MEMBER", "FORMAT", "FORMAT_VERSION", "MANIFEST_MEMBER", "SAFETY_PREFIX", "SUFFIX",
    "auto_backup_if_due", "auto_backups", "backup", "backup_db_file", "default_name", "describe", "human_size",
    "list_backups", "prune", "register_cli", "restore", "restore_with_manifest", "verify", "verify_quick",
]
