"""`export package`: the unit's year, collected, signed with this installation's key and written to one file."""
from __future__ import annotations

from pathlib import Path

from core import migrate
from core.db import Store
from core.district import collect, keys, writer
from core.district.writer import Progress, Written


def schema_name() -> str:
    """The last migration this version knows: which records' shape the sender had."""
    return migrate.names()[-1]


def export_package(store: Store, year: int, out: Path | str, *, attachments: bool = True,
                   progress: Progress = None) -> Written:
    """Write `out` (a .lawdesk-pkg) for `year`; with attachments=False the files' names and hashes only."""
    found = collect.collect(store, year)
    signer = keys.load_or_create(store.path)
    files = writer.attachment_files(store.attachments_dir, found.attachments) if attachments else None
    return writer.write_package(
        out, unit=found.unit, year=year, created=store.clock.stamp(), signer=signer, schema=schema_name(),
        records=found.records, attachments=files, progress=progress)
