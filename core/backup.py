"""Backup and restore: one zip file holding a snapshot of the database, every attachment and a manifest.

A backup (`*.lawdesk-backup`) is a zip with
  lawdesk.db                 a consistent snapshot made with SQLite's online backup API (never a file copy),
  attachments/ab/<sha256>    every attachment file the snapshot references, named by its content hash,
  manifest.json              format version, migrations, creation time, unit, row counts per table and
                             the sha256 and size of every other file in the zip.
Restore checks the whole file (hashes, names, the database itself) before it changes anything, keeps
the current data as a safety copy (itself a backup file) and then swaps the new data in by renames,
so a failure midway leaves the original usable.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import zipfile
from collections.abc import Callable
from contextlib import nullcontext
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

import sqlite_utils

from core import paths, schema, settings
from core.attachments import blob_path
from core.db import APPLICATION_ID, SQLITE_MAGIC, Store, check_file
from core.errors import BackupError, LawDeskError
from core.lock import InstanceLock

Progress = Callable[..., None]

FORMAT = "lawdesk-backup"
FORMAT_VERSION = 1
SUFFIX = ".lawdesk-backup"
DB_MEMBER = "lawdesk.db"
MANIFEST_MEMBER = "manifest.json"
AUTO_PREFIX = "自动备份-"
SAFETY_PREFIX = "恢复前-"
CHUNK = 1 << 20
_BLOB_MEMBER = re.compile(r"^attachments/([0-9a-f]{2})/([0-9a-f]{64})$")
_BLOB_NAME = re.compile(r"^[0-9a-f]{64}$")


def _no_progress(done: int, total: int, text: str = "") -> None:
    pass


# -- writing a backup ---------------------------------------------------------------------------------
def backup(store: Store, out_path: Path | str, progress: Progress | None = None) -> dict:
    """Write a backup of `store` (database and attachments) to `out_path`; returns the manifest."""
    store.conn.execute("pragma synchronous = full")
    try:
        return _write_backup(store.conn, store.attachments_dir, Path(out_path), progress or _no_progress)
    finally:
        store.conn.execute("pragma synchronous = normal")


def backup_db_file(db_path: Path | str, out_path: Path | str, progress: Progress | None = None) -> dict:
    """Back up the database at `db_path` through a connection of its own (for a worker thread)."""
    db_path = Path(db_path).expanduser()
    if not _has_data(db_path) or _application_id_or_empty(db_path) != APPLICATION_ID:
        raise BackupError(f"“{db_path}”不是 LawDesk 数据库，无法备份。请检查数据库位置。")
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    try:
        conn.execute("pragma busy_timeout = 5000")
        conn.execute("pragma synchronous = full")
        return _write_backup(conn, paths.attachments_dir(db_path), Path(out_path), progress or _no_progress)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"读取数据库时出错（{exc}），备份没有完成。请稍后重试；若反复出现，请从最近的备份恢复。") from exc
    finally:
        conn.close()


def _write_backup(conn: sqlite3.Connection, attachments_root: Path, out_path: Path, progress: Progress) -> dict:
    out_path = out_path.expanduser()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=out_path.parent, prefix=".lawdesk-backup-"))
    try:
        snapshot = work / DB_MEMBER
        _snapshot(conn, snapshot, progress)
        facts = _describe_db(snapshot)
        referenced = facts.pop("attachment_sha256")
        blobs = [sha for sha in referenced if blob_path(attachments_root, sha).is_file()]
        missing = sorted(set(referenced) - set(blobs))
        if missing:
            print(f"LawDesk 备份：有 {len(missing)} 个附件文件在磁盘上已丢失，备份中不含它们。", file=sys.stderr)
        tmp_zip = work / "backup.zip"
        manifest = _write_zip(tmp_zip, snapshot, attachments_root, blobs, facts, missing, progress)
        _fsync_file(tmp_zip)
        os.replace(tmp_zip, out_path)
        _fsync_dir(out_path.parent)
        return manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _snapshot(conn: sqlite3.Connection, target: Path, progress: Progress) -> None:
    """Copy the live database page by page with SQLite's backup API, into a standalone file."""
    def step(status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total * 2, "正在备份数据库…")

    dst = sqlite3.connect(str(target))
    try:
        conn.backup(dst, pages=512, progress=step)
        # The copy inherits WAL mode from the source; a backup must be one self-contained file.
        dst.execute("pragma journal_mode = delete")
        ok = dst.execute("pragma quick_check").fetchone()[0]
        if ok != "ok":
            raise BackupError(f"数据库自检未通过（{ok}），无法备份。请先从最近的备份恢复，或联系技术支持。")
    finally:
        dst.close()


def _attachment_shas(db_file: Path) -> list[str]:
    conn = sqlite3.connect(db_file.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return sorted({r[0] for r in conn.execute("select sha256 from attachment") if r[0]})
    finally:
        conn.close()


def _describe_db(db_file: Path) -> dict:
    """What the manifest says about the snapshot: migrations, unit, row counts, attachments."""
    conn = sqlite3.connect(db_file.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' "
            "and sql not like 'create virtual%' order by name")]
        counts = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in tables}
        unit_name = ""
        row = conn.execute("select value from settings where key = 'unit.profile'").fetchone()
        if row and row[0]:
            unit_name = (json.loads(row[0]) or {}).get("full_name", "")
        migrations = schema.applied_names(sqlite_utils.Database(conn))
    finally:
        conn.close()
    return {"unit": unit_name, "counts": counts, "schema_migrations": migrations,
            "attachment_sha256": _attachment_shas(db_file)}


def _write_zip(target: Path, snapshot: Path, attachments_root: Path, blobs: list[str], facts: dict,
               missing: list[str], progress: Progress) -> dict:
    files: dict[str, dict] = {}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        files[DB_MEMBER] = _add_member(zf, DB_MEMBER, snapshot, _file_sha256(snapshot), level=6)
        for i, sha in enumerate(blobs):
            progress(len(blobs) + i, 2 * max(len(blobs), 1), "正在备份附件…")
            source = blob_path(attachments_root, sha)
            if _file_sha256(source) != sha:
                # A damaged file would make the whole backup unrestorable: leave it out, say so.
                print(f"LawDesk 备份：附件文件 {sha[:12]}… 已损坏，备份中不含它。", file=sys.stderr)
                missing.append(sha)
                continue
            name = f"attachments/{sha[:2]}/{sha}"
            # Photos and PDFs are already compressed: the lowest level saves time, not space.
            files[name] = _add_member(zf, name, source, sha, level=1)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": _app_version(),
            "created_at": datetime.now().isoformat(timespec="seconds"),
            "unit": facts["unit"],
            "schema_migrations": facts["schema_migrations"],
            "counts": facts["counts"],
            "missing_attachments": sorted(missing),
            "files": files,
        }
        zf.writestr(MANIFEST_MEMBER, json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _app_version() -> str:
    try:
        from importlib.metadata import version

        return version("lawdesk")
    except Exception:  # noqa: BLE001 - a frozen app has no package metadata
        return ""


def _add_member(zf: zipfile.ZipFile, name: str, source: Path, sha256: str, level: int) -> dict:
    size = source.stat().st_size
    zf.write(source, name, compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)
    return {"sha256": sha256, "size": size}


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- checking a backup --------------------------------------------------------------------------------
def verify(path: Path | str, progress: Progress | None = None) -> dict:
    """Check the whole backup file without changing anything; returns its manifest or raises BackupError."""
    path = Path(path).expanduser()
    with tempfile.TemporaryDirectory(prefix="lawdesk-verify-") as work:
        return _verify(path, Path(work), extract_blobs=False, progress=progress or _no_progress)


def _bad(path: Path, why: str) -> BackupError:
    return BackupError(
        f"“{path.name}”不能用于恢复：{why}。当前数据没有任何改动。"
        "请换一个备份文件（例如备份文件夹里较早的一份），或重新复制这个文件后再试。"
    )


def _verify(path: Path, work: Path, extract_blobs: bool, progress: Progress) -> dict:
    """Read every byte of the backup, check it against the manifest; extract the db (and blobs) into `work`."""
    if not path.is_file():
        raise BackupError(f"找不到备份文件“{path}”，请重新选择。")
    if path.stat().st_size == 0:
        raise _bad(path, "文件是空的（0 字节），可能没有复制完整")
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = _read_manifest(path, zf)
            _check_members(path, zf, manifest)
            _extract_checked(path, zf, manifest, work, extract_blobs, progress)
    except zipfile.BadZipFile as exc:
        raise _bad(path, f"文件已损坏或不完整，也可能不是 LawDesk 备份（{exc}）") from exc
    except (OSError, EOFError, zipfile.LargeZipFile) as exc:
        raise _bad(path, f"读取时出错（{exc}）") from exc
    _check_database(path, work / DB_MEMBER, manifest)
    return manifest


def _read_manifest(path: Path, zf: zipfile.ZipFile) -> dict:
    try:
        raw = zf.read(MANIFEST_MEMBER)
    except KeyError:
        raise _bad(path, "文件中没有备份清单（manifest.json），它不是 LawDesk 备份文件") from None
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _bad(path, "备份清单已损坏") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _bad(path, "它不是 LawDesk 备份文件")
    version = manifest.get("format_version")
    if not isinstance(version, int):
        raise _bad(path, "备份清单已损坏（缺少格式版本）")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"“{path.name}”由更新版本的 LawDesk 创建，本版本无法读取。请先升级 LawDesk 再恢复。当前数据没有任何改动。")
    if not isinstance(manifest.get("files"), dict) or DB_MEMBER not in manifest["files"]:
        raise _bad(path, "备份清单已损坏（缺少文件列表）")
    return manifest


def _check_members(path: Path, zf: zipfile.ZipFile, manifest: dict) -> None:
    """The zip must hold exactly the files the manifest lists, each of the listed size, with safe names."""
    names = [n for n in zf.namelist() if n != MANIFEST_MEMBER]
    if len(names) + 1 != len(zf.namelist()) or len(set(names)) != len(names):
        raise _bad(path, "文件中有重复的条目，可能被改动过")
    listed = manifest["files"]
    extra = sorted(set(names) - set(listed))
    absent = sorted(set(listed) - set(names))
    if extra:
        raise _bad(path, f"含有清单之外的文件（{extra[0]}），可能被改动过")
    if absent:
        raise _bad(path, f"缺少清单中的文件（{absent[0]}），备份不完整")
    for name in names:
        if name != DB_MEMBER and not _BLOB_MEMBER.match(name):
            raise _bad(path, f"含有无法识别的文件“{name}”")
        entry = listed[name]
        if not isinstance(entry, dict) or zf.getinfo(name).file_size != entry.get("size"):
            raise _bad(path, f"“{name}”的大小与清单不符，可能被改动过")


def _extract_checked(path: Path, zf: zipfile.ZipFile, manifest: dict, work: Path, extract_blobs: bool,
                     progress: Progress) -> None:
    """Stream every member through SHA-256 (reading all bytes also checks the zip's CRCs)."""
    names = sorted(manifest["files"])
    total = sum(manifest["files"][n]["size"] for n in names) or 1
    done = 0
    for name in names:
        progress(done, total, "正在校验备份文件…")
        target: Path | None = None
        if name == DB_MEMBER:
            target = work / DB_MEMBER
        elif extract_blobs:
            target = work / name
        with zf.open(name) as src:
            sha = _copy_hashing(src, target)
        expected = manifest["files"][name]["sha256"]
        match = _BLOB_MEMBER.match(name)
        if sha != expected or (match and (match.group(2) != sha or match.group(1) != sha[:2])):
            raise _bad(path, f"“{name}”的内容与清单中的校验值不符，文件已损坏或被改动过")
        done += manifest["files"][name]["size"]
    progress(total, total, "校验完成")


def _copy_hashing(src: BinaryIO, target: Path | None) -> str:
    digest = hashlib.sha256()
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") if target is not None else nullcontext() as out:
        while block := src.read(CHUNK):
            digest.update(block)
            if out is not None:
                out.write(block)
        if out is not None:
            out.flush()
            os.fsync(out.fileno())
    return digest.hexdigest()


def _check_database(path: Path, db_file: Path, manifest: dict) -> None:
    """The extracted database must be a sound LawDesk database this version can open."""
    try:
        check_file(db_file)
    except LawDeskError as exc:
        raise BackupError(f"“{path.name}”中的数据库不能使用：{exc.message}") from exc
    try:
        conn = sqlite3.connect(db_file.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            if conn.execute("pragma application_id").fetchone()[0] != APPLICATION_ID:
                raise _bad(path, "其中的数据库不是 LawDesk 数据库")
            ok = conn.execute("pragma integrity_check").fetchone()[0]
        finally:
            conn.close()
        shas = set(_attachment_shas(db_file))
    except sqlite3.DatabaseError as exc:
        raise _bad(path, f"其中的数据库已损坏（{exc}）") from exc
    if ok != "ok":
        raise _bad(path, f"其中的数据库已损坏（{ok}）")
    in_zip = {n.rsplit("/", 1)[1] for n in manifest["files"] if n != DB_MEMBER}
    lacking = shas - in_zip - set(manifest.get("missing_attachments") or [])
    if lacking:
        raise _bad(path, f"缺少 {len(lacking)} 个附件文件，备份不完整")


# -- restoring ---------------------------------------------------------------------------------------
def restore(db_path: Path | str, backup_path: Path | str, progress: Progress | None = None) -> Path | None:
    """Replace the data at `db_path` with the backup; returns the safety copy of the old data (None if none).

    Refuses (DatabaseLocked) while a LawDesk window has the database open.
    """
    db_path = Path(db_path).expanduser()
    backup_path = Path(backup_path).expanduser()
    progress = progress or _no_progress
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with InstanceLock(db_path):
        _refuse_foreign_target(db_path)
        work = Path(tempfile.mkdtemp(dir=db_path.parent, prefix=".lawdesk-restore-"))
        try:
            _verify(backup_path, work, extract_blobs=True, progress=progress)
            safety = _safety_copy(db_path, progress)
            _swap_in(db_path, work)
            return safety
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _refuse_foreign_target(db_path: Path) -> None:
    """Restoring over a file that is not a LawDesk database would destroy somebody else's data."""
    if not _has_data(db_path):
        return
    with open(db_path, "rb") as fh:
        is_sqlite = fh.read(16) == SQLITE_MAGIC
    if is_sqlite and _application_id_or_empty(db_path) in (APPLICATION_ID, None):
        return
    raise BackupError(
        f"“{db_path.name}”不是 LawDesk 数据库，为免覆盖别的程序的数据，不会恢复到这里。"
        "请用 --db 指定一个 LawDesk 数据库文件或一个新的文件名。")


def _application_id_or_empty(db_path: Path) -> int | None:
    """The file's application id as SQLite sees it (None for an empty database)."""
    # Without a -wal the file on disk is complete: read it as immutable so no -wal/-shm is left behind.
    query = "?mode=ro" if Path(str(db_path) + "-wal").exists() else "?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(db_path.resolve().as_uri() + query, uri=True)
        try:
            if conn.execute("select count(*) from sqlite_master").fetchone()[0] == 0:
                return None
            return conn.execute("pragma application_id").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return APPLICATION_ID  # a damaged LawDesk file is exactly what one restores over; kept raw first


def _has_data(db_path: Path) -> bool:
    return db_path.exists() and db_path.stat().st_size > 0


def _safety_copy(db_path: Path, progress: Progress) -> Path | None:
    """Keep the current data as a backup file before it is replaced (damaged files are copied raw)."""
    if not _has_data(db_path):
        return None
    folder = paths.backups_dir(db_path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = _free_name(folder, f"{SAFETY_PREFIX}{stamp}", SUFFIX)
    try:
        conn = sqlite3.connect(str(db_path), isolation_level=None)
        try:
            conn.execute("pragma synchronous = full")
            _write_backup(conn, paths.attachments_dir(db_path), target, progress)
        finally:
            conn.close()
        return target
    except (sqlite3.DatabaseError, BackupError):
        # The current file is damaged, which is often why one restores: keep its raw bytes instead.
        return _raw_copy(db_path, _free_name(folder, f"{SAFETY_PREFIX}{stamp}-损坏的数据库", ""))


def _raw_copy(db_path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    for suffix in ("", "-wal"):
        source = Path(str(db_path) + suffix)
        if source.exists():
            shutil.copy2(source, folder / (db_path.name + suffix))
    return folder


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def _swap_in(db_path: Path, work: Path) -> None:
    """Move the verified files into place: attachments first (additive), then the database by one rename."""
    root = paths.attachments_dir(db_path)
    staged_root = work / "attachments"
    if staged_root.is_dir():
        for blob in sorted(staged_root.glob("*/*")):
            target = blob_path(root, blob.name)
            if target.is_file() and _file_sha256(target) == blob.name:
                continue  # already there and sound: leave it (it may be open in a viewer)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(blob, target)
        _fsync_dir(root)
    _checkpoint(db_path)
    aside = _move_aside(db_path, work)
    try:
        os.replace(work / DB_MEMBER, db_path)
    except BaseException:
        for original, moved in aside:
            os.replace(moved, original)
        raise
    _fsync_dir(db_path.parent)
    _remove_orphan_blobs(db_path, root)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _checkpoint(db_path: Path) -> None:
    """Fold the current WAL into the main file, so moving the WAL aside loses nothing even on a crash."""
    if not _has_data(db_path):
        return
    try:
        conn = sqlite3.connect(str(db_path), isolation_level=None)
        try:
            conn.execute("pragma wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        pass  # a damaged file: its raw bytes are already in the safety copy


def _move_aside(db_path: Path, work: Path) -> list[tuple[Path, Path]]:
    """A stale -wal next to the new file would be replayed into it: move the old ones out of the way."""
    moved = []
    for suffix in ("-wal", "-shm", "-journal"):
        original = Path(str(db_path) + suffix)
        if original.exists():
            aside = work / f"old{suffix}"
            os.replace(original, aside)
            moved.append((original, aside))
    return moved


def _remove_orphan_blobs(db_path: Path, root: Path) -> None:
    """Attachment files only the replaced data used (they are in the safety copy)."""
    if not root.is_dir():
        return
    try:
        used = set(_attachment_shas(db_path))
    except sqlite3.DatabaseError:
        return
    for blob in root.glob("*/*"):
        if _BLOB_NAME.match(blob.name) and blob.name not in used:
            # e.g. open in a viewer on Windows: a leftover file harms nothing
            with contextlib.suppress(OSError):
                blob.unlink(missing_ok=True)


# -- automatic backups -------------------------------------------------------------------------------
def auto_backup_if_due(store: Store, now: datetime | None = None) -> Path | None:
    """Once a day (at app close): back up into the database's backup folder and keep the newest N.

    Never raises: a failed automatic backup must not stop the app from closing.
    """
    if os.environ.get("LAWDESK_NO_AUTO_BACKUP") == "1":
        return None
    try:
        now = now or datetime.now()
        last = str(settings.get(store, "backup.last_auto") or "")
        if last[:10] == now.date().isoformat():
            return None
        folder = paths.backups_dir(store.path)
        target = _free_name(folder, f"{AUTO_PREFIX}{now:%Y%m%d-%H%M%S}", SUFFIX)
        backup(store, target)
        settings.put(store, "backup.last_auto", now.isoformat(timespec="seconds"))
        prune(folder, int(settings.get(store, "backup.keep") or 10))
        return target
    except Exception as exc:  # noqa: BLE001 - logged, never raised at close
        print(f"LawDesk：自动备份失败：{exc}", file=sys.stderr)
        return None


def auto_backups(folder: Path) -> list[Path]:
    """Automatic backups in `folder`, oldest first (their names carry the time)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{AUTO_PREFIX}*{SUFFIX}") if p.is_file())


def list_backups(folder: Path) -> list[dict]:
    """Backup files in a folder, newest first: path, name, kind (自动备份 / 恢复前副本 / 手动备份), time, size."""
    if not folder.is_dir():
        return []
    rows = []
    for path in folder.glob(f"*{SUFFIX}"):
        if not path.is_file():
            continue
        stat = path.stat()
        kind = "自动备份" if path.name.startswith(AUTO_PREFIX) else (
            "恢复前副本" if path.name.startswith(SAFETY_PREFIX) else "手动备份")
        rows.append({"path": path, "name": path.name, "kind": kind, "size": stat.st_size,
                     "modified": datetime.fromtimestamp(stat.st_mtime).isoformat(timespec="seconds")})
    return sorted(rows, key=lambda r: (r["modified"], r["name"]), reverse=True)


def human_size(size: int) -> str:
    value = float(size)
    for unit_name in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit_name == "GB":
            return f"{value:.0f} {unit_name}" if unit_name == "B" else f"{value:.1f} {unit_name}"
        value /= 1024
    return f"{size} B"


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` automatic backups (safety copies and manual backups stay)."""
    keep = max(int(keep), 1)
    old = auto_backups(folder)[:-keep]
    for path in old:
        path.unlink(missing_ok=True)
    return old


# -- command line ------------------------------------------------------------------------------------
def register_cli(cli) -> None:
    parser = cli.command("backup", "把数据库和全部附件备份到一个文件（.lawdesk-backup）")
    parser.add_argument("--out", type=Path, required=True, help="备份文件（或文件夹：自动取名）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.set_defaults(run=_run_backup)
    parser = cli.command("restore", "从备份文件恢复：先校验整个文件，再保留当前数据的安全副本，然后恢复")
    parser.add_argument("file", type=Path, help="备份文件")
    parser.add_argument("--dry-run", action="store_true", help="只校验备份文件，不做任何改动")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.set_defaults(run=_run_restore)


def default_name(now: datetime | None = None) -> str:
    return f"LawDesk-备份-{(now or datetime.now()):%Y%m%d-%H%M%S}{SUFFIX}"


def _run_backup(args) -> int:
    from core.cli import emit, store_for

    out = Path(args.out).expanduser()
    if out.is_dir():
        out = out / default_name()
    with store_for(args) as store:
        manifest = backup(store, out)
    size = out.stat().st_size
    emit(args, {"file": str(out), "size": size, **_summary(manifest)},
         f"已备份到：{out}（{human_size(size)}，{len(manifest['files']) - 1} 个附件文件）" + _missing_note(manifest))
    return 0


def _run_restore(args) -> int:
    from core.cli import emit

    db_path = Path(args.db).expanduser() if args.db else paths.default_db_path()
    if args.dry_run:
        manifest = verify(args.file)
        emit(args, {"file": str(args.file), "valid": True, **_summary(manifest)},
             f"备份文件完好：{args.file}（{manifest['created_at']}，{manifest.get('unit') or '未填单位'}）。未做任何改动。")
        return 0
    safety = restore(db_path, args.file)
    manifest = verify_quick(args.file)
    text = f"已从“{args.file}”恢复到：{db_path}。"
    text += f"\n恢复前的数据已保存为：{safety}" if safety else "\n（原来没有数据，未生成安全副本。）"
    text += _missing_note(manifest)
    emit(args, {"db": str(db_path), "restored_from": str(args.file),
                "safety_copy": str(safety) if safety else None, **_summary(manifest)}, text)
    return 0


def verify_quick(path: Path | str) -> dict:
    """The manifest only (no hashing): for display after a full check has already been done."""
    with zipfile.ZipFile(Path(path)) as zf:
        return json.loads(zf.read(MANIFEST_MEMBER).decode("utf-8"))


def _summary(manifest: dict) -> dict[str, Any]:
    return {"created_at": manifest.get("created_at"), "unit": manifest.get("unit"),
            "counts": manifest.get("counts"), "attachments": len(manifest.get("files", {})) - 1,
            "missing_attachments": manifest.get("missing_attachments") or []}


def _missing_note(manifest: dict) -> str:
    missing = manifest.get("missing_attachments") or []
    if not missing:
        return ""
    return (f"\n注意：有 {len(missing)} 个附件文件在备份时已丢失或损坏，备份中不含它们；"
            "这些附件需要从更早的备份中找回。")


def describe(path: Path | str) -> dict:
    """Manifest of a backup file for listing (no full check); raises BackupError when unreadable."""
    path = Path(path)
    try:
        return verify_quick(path)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise _bad(path, f"无法读取（{exc}）") from exc

