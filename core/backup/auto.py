"""Automatic daily backups into the database's backups folder, and the listing the settings page shows."""
from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from core import paths, settings
from core.clock import SYSTEM_CLOCK

from .format import AUTO_PREFIX, SAFETY_PREFIX, SUFFIX
from .writing import backup

logger = logging.getLogger("core.backup")


def auto_backup_if_due(store, now: datetime | None = None) -> Path | None:
    """Once a day (at app close): back up into the database's backup folder and keep the newest N.

    Never raises: a failed automatic backup must not stop the app from closing.
    """
    if os.environ.get("LAWDESK_NO_AUTO_BACKUP") == "1":
        return None
    try:
        now = now or store.clock.now()
        last = str(settings.get(store, "backup.last_auto") or "")
        if last[:10] == now.date().isoformat():
            return None
        folder = paths.backups_dir(store.path)
        target = free_name(folder, f"{AUTO_PREFIX}{now:%Y%m%d-%H%M%S}", SUFFIX)
        backup(store, target)
        settings.put(store, "backup.last_auto", now.isoformat(timespec="seconds"))
        prune(folder, int(settings.get(store, "backup.keep") or 10))
        return target
    except Exception as exc:  # noqa: BLE001 - logged, never raised at close
        logger.warning("LawDesk：自动备份失败：%s", exc, exc_info=True)
        return None


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def auto_backups(folder: Path) -> list[Path]:
    """Automatic backups in `folder`, oldest first (their names carry the time)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{AUTO_PREFIX}*{SUFFIX}") if p.is_file())


def list_backups(folder: Path) -> list[dict]:
    """Backups in a folder, newest first: path, name, kind (自动备份 / 恢复前副本 / 手动备份), time, size.

    Safety copies are database files (`恢复前-….db`), listed with them: they restore the same way."""
    if not folder.is_dir():
        return []
    rows = []
    candidates = [*folder.glob(f"*{SUFFIX}"), *folder.glob(f"{SAFETY_PREFIX}*.db")]
    for path in candidates:
        if not path.is_file():
            continue
        stat = path.stat()
        kind = "自动备份" if path.name.startswith(AUTO_PREFIX) else (
            "恢复前副本" if path.name.startswith(SAFETY_PREFIX) else "手动备份")
        rows.append({"path": path, "name": path.name, "kind": kind, "size": stat.st_size,
                     "modified": datetime.fromtimestamp(stat.st_mtime).isoformat(timespec="seconds")})
    return sorted(rows, key=lambda r: (r["modified"], r["name"]), reverse=True)


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` automatic backups (safety copies and manual backups stay)."""
    keep = max(int(keep), 1)
    old = auto_backups(folder)[:-keep]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def default_name(now: datetime | None = None) -> str:
    return f"LawDesk-备份-{(now or SYSTEM_CLOCK.now()):%Y%m%d-%H%M%S}{SUFFIX}"
