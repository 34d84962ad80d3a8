"""Checking a backup without changing anything (`restore --dry-run`, the settings page before it asks).

The check is the restore's own (core.backup.reading.check): the database is extracted into a scratch folder
and checked there — in the database's temporary folder when it is known, so it is swept after a crash.
"""
from __future__ import annotations

import sqlite3
import tempfile
import zipfile
from pathlib import Path

from core import workdir

from .format import FORMAT, FORMAT_VERSION, Progress, bad, clerk_errors, no_progress
from .reading import ZIP_TROUBLE, _read_manifest, check, is_database_file
from .writing import describe_db


def verify(path: Path | str, progress: Progress | None = None, db_path: Path | str | None = None) -> dict:
    """Check the whole backup file without changing anything; returns its manifest or raises BackupError.

    `db_path`, the database it would be restored into, only says where the scratch work goes."""
    path = Path(path).expanduser()
    progress = progress or no_progress
    with clerk_errors("校验备份文件"):
        if db_path is not None:
            with workdir.job(Path(db_path).expanduser(), "verify") as job:
                return check(path, job.path, extract_blobs=False, progress=progress, what="校验备份文件")
        with tempfile.TemporaryDirectory(prefix="lawdesk-verify-") as work:
            return check(path, Path(work), extract_blobs=False, progress=progress, what="校验备份文件")


def verify_quick(path: Path | str) -> dict:
    """The manifest only (no hashing): for listing and display; raises BackupError when unreadable."""
    path = Path(path)
    with clerk_errors("读取备份文件"):
        if is_database_file(path):
            return _database_summary(path)
        try:
            with zipfile.ZipFile(path) as zf:
                return _read_manifest(path, zf)
        except ZIP_TROUBLE as exc:
            raise bad(path, f"无法读取（{exc}）") from exc


def describe(path: Path | str) -> dict:
    """Manifest of a backup file for listing (no full check); raises BackupError when unreadable."""
    return verify_quick(path)


def _database_summary(path: Path) -> dict:
    from datetime import datetime

    try:
        facts = describe_db(path)
    except sqlite3.Error as exc:
        raise bad(path, f"其中的数据库无法读取（{exc}）") from exc
    shas = facts.pop("attachment_sha256")
    files = {"lawdesk.db": {"sha256": "", "size": path.stat().st_size}}
    files.update({f"attachments/{s[:2]}/{s}": {"sha256": s, "size": 0} for s in shas})
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "app_version": "",
            "created_at": datetime.fromtimestamp(path.stat().st_mtime).isoformat(timespec="seconds"),
            "missing_attachments": [], "files": files, "source_kind": "database", **facts}
