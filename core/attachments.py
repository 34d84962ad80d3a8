"""Attachments (附件): files stored once by SHA-256 under the database's attachment folder.

A file is written to a temporary name, fsynced and renamed into `ab/abcdef…` before any row points
at it, so the database never references a half-written file. The original name is metadata only.
Features link attachments to their records through their own link tables
(`…_attachment(owner_id → record ON DELETE CASCADE, attachment_id → attachment)`).
"""
from __future__ import annotations

import errno
import hashlib
import json
import mimetypes
import os
import re
import shutil
import sqlite3
import tempfile
import time
import weakref
from contextlib import suppress
from pathlib import Path

from core import workdir
from core.db import Store
from core.errors import AttachmentTampered, ImportFileError, RecordNotFound

MAX_ATTACHMENT_BYTES = 512 * 1024 * 1024
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff"}


def blob_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def _store_blob(store: Store, data_chunks, expected_size: int | None = None) -> tuple[str, int]:
    root = store.attachments_dir
    root.mkdir(parents=True, exist_ok=True)
    job = _incoming_job(store)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=job.path, prefix="incoming-")
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in data_chunks:
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        job.claim(sha)  # before the file enters the store: if this process dies, the sweep knows it
        target = blob_path(root, sha)
        target.parent.mkdir(exist_ok=True)
        if target.exists() and target.stat().st_size == size and _digest_of(target) == sha:
            os.unlink(tmp_name)
            os.utime(target)  # in use again: not an old unreferenced file for the sweep to take
        else:  # new, or a damaged / tampered copy of the same bytes: the good copy replaces it (the repair)
            _move_in(tmp_name, target)
            _VERIFIED.pop(str(target), None)
        return sha, size
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise


def _incoming_job(store: Store) -> workdir.Job:
    """This store's job folder for arriving files, alive (locked) until the store closes.

    Its claims must outlive the transaction that references the files, which may be an outer one (the demo,
    an import). At close the files no committed row took are removed, and the folder; a process that dies
    first leaves both to the next sweep (core.workdir)."""
    job = getattr(store, "_incoming_job", None)
    if job is None or not job.path.is_dir():
        job = workdir.start(store.path, "attachments")
        store._incoming_job = job
        store.on_close.append(_finish_incoming)
        weakref.finalize(store, job.release)  # a store never closed: the lock goes with the object
    return job


def _finish_incoming(store: Store) -> None:
    """At close: every transaction is over, so a claimed file no row references is an orphan (rolled back)."""
    job = store.__dict__.pop("_incoming_job", None)
    with suppress(ValueError):
        store.on_close.remove(_finish_incoming)
    if job is None:
        return
    try:
        claimed = workdir.claims_of(job.path)
        others = workdir.live_claims(store.path, besides=job.path)
        used = {r[0] for r in store.conn.execute("select distinct sha256 from attachment")}
    except (sqlite3.Error, OSError):
        job.release()  # the next sweep sees to it
        return
    for sha in claimed - used - others:
        with suppress(OSError):
            blob_path(store.attachments_dir, sha).unlink()
    job.close()


def _move_in(tmp_name: str, target: Path) -> None:
    try:
        os.replace(tmp_name, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:  # the attachment folder was moved to another disk and linked back
            raise
        staged = target.with_name(f".incoming-{target.name}")
        shutil.copyfile(tmp_name, staged)
        os.replace(staged, target)
        os.unlink(tmp_name)


def _read_chunks(path: Path, chunk: int = 1 << 20):
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            yield block


def add_file(store: Store, source: Path | str, name: str | None = None) -> int:
    """Copy a file into the attachment store; returns the attachment id."""
    source = Path(source)
    if not source.is_file():
        raise ImportFileError(f"找不到文件“{source}”，请重新选择。")
    size = source.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        raise ImportFileError(f"“{source.name}”超过 512 MB，请压缩或拆分后再添加。")
    sha, size = _store_blob(store, _read_chunks(source))
    return _record(store, sha, size, name or source.name)


def add_bytes(store: Store, data: bytes, name: str) -> int:
    sha, size = _store_blob(store, [data])
    return _record(store, sha, size, name)


def _record(store: Store, sha: str, size: int, name: str) -> int:
    mime = mimetypes.guess_type(name)[0]
    return store.insert(
        "attachment",
        {"sha256": sha, "name": name, "size": size, "mime": mime, "added_at": store.clock.stamp()},
        action="添加附件",
    )


def get(store: Store, attachment_id: int) -> dict:
    return store.get("attachment", attachment_id)


def path_of(store: Store, attachment_id: int) -> Path:
    """Where the attachment's bytes are on disk (read only: never write to it)."""
    row = get(store, attachment_id)
    path = _existing(store, row)
    _verify(store, row, path)  # every open, preview and export comes through here
    return path


def read_bytes(store: Store, attachment_id: int) -> bytes:
    """The attachment's bytes, checked against its SHA-256 (AttachmentTampered when they differ)."""
    row = get(store, attachment_id)
    data = _existing(store, row).read_bytes()
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        raise AttachmentTampered(_tampered_message(store, row))
    return data


# Files already hashed, by (path) → (size, mtime): opening a large scan twice in a session hashes it once.
_VERIFIED: dict[str, tuple[int, int]] = {}


def _digest_of(path: Path) -> str:
    digest = hashlib.sha256()
    for block in _read_chunks(path):
        digest.update(block)
    return digest.hexdigest()


def _verify(store: Store, row: dict, path: Path) -> None:
    """Refuse bytes that are not the ones added: the clerk would print or send altered evidence unawares."""
    stat = path.stat()
    stamp = (stat.st_size, stat.st_mtime_ns)
    if _VERIFIED.get(str(path)) == stamp:
        return
    if stat.st_size != row["size"] or _digest_of(path) != row["sha256"]:
        raise AttachmentTampered(_tampered_message(store, row))
    _VERIFIED[str(path)] = stamp


def _existing(store: Store, row: dict) -> Path:
    path = blob_path(store.attachments_dir, row["sha256"])
    if not path.exists():
        raise RecordNotFound(f"附件“{row['name']}”的文件丢失，请从备份恢复。")
    return path


def _tampered_message(store: Store, row: dict) -> str:
    owners = "、".join(_owners_of(store, row["id"])) or "（没有记录使用它）"
    return (f"附件“{row['name']}”（编号 {row['id']}，属于 {owners}）的文件内容与添加时不一致："
            "它可能被其他程序改动过，或者磁盘出了错。为免使用被改动的材料，本程序不会打开或导出它。"
            "请找到原始文件，在这条记录中重新添加同一个文件，即可修复；找不到原始文件时，请从备份恢复。")


def _owners_of(store: Store, attachment_id: int) -> list[str]:
    """The records that link this attachment, as "table #id" (for the message: which record to fix)."""
    from core.recycle import _references_to  # local: recycle imports this module

    owners = []
    for ref in _references_to(store, "attachment"):
        cols = [c[1] for c in store.conn.execute(f"pragma table_info([{ref.table}])")]
        owner_col = "owner_id" if "owner_id" in cols else ("id" if "id" in cols else None)
        if owner_col is None:
            continue
        for (owner,) in store.conn.execute(
                f"select [{owner_col}] from [{ref.table}] where [{ref.column}] = ?", [attachment_id]):
            owners.append(f"{ref.table.removesuffix('_attachment')} #{owner}")
    return owners


def is_image(row: dict) -> bool:
    return Path(row["name"]).suffix.lower() in IMAGE_SUFFIXES


def referenced_ids(store: Store) -> set[int]:
    """Attachment ids still in use by a record or by a record waiting in the recycle bin."""
    from core.recycle import _references_to  # local: recycle imports this module

    ids: set[int] = set()
    refs = _references_to(store, "attachment")
    for ref in refs:
        ids.update(r[0] for r in store.conn.execute(f"select [{ref.column}] from [{ref.table}]") if r[0] is not None)
    columns = {ref.column for ref in refs}
    for (payload,) in store.conn.execute("select payload from recycle_bin"):
        _walk(json.loads(payload)["tree"], columns, ids)
    return ids


def _walk(node: dict, columns: set[str], ids: set[int]) -> None:
    for col in columns:
        value = node["row"].get(col)
        if isinstance(value, int):
            ids.add(value)
    for child in node["children"]:
        _walk(child, columns, ids)


def purge_unreferenced(store: Store) -> int:
    """Delete attachment rows nobody uses, and their files when no other row shares the bytes."""
    used = referenced_ids(store)
    with store.transaction():
        orphans = [r for r in store.query("select * from attachment") if r["id"] not in used]
        for row in orphans:
            store.conn.execute("delete from attachment where id = ?", [row["id"]])
            store.audit("删除不再使用的附件", "attachment", row["id"], row, None)  # name, size, hash: what went
        if orphans:
            store.notify("attachment", kind="delete")
    for row in orphans:
        if not store.scalar("select count(*) from attachment where sha256 = ?", [row["sha256"]]):
            blob_path(store.attachments_dir, row["sha256"]).unlink(missing_ok=True)
    return len(orphans)


_BLOB_NAME = re.compile(r"^[0-9a-f]{64}$")


def remove_files(root: Path, shas: set[str]) -> None:
    """Delete these attachment files (a dead job's claims no row took: see core.workdir)."""
    for sha in shas:
        with suppress(OSError):  # open in a viewer (Windows), or never written: the next sweep tries again
            blob_path(root, sha).unlink()


def remove_unreferenced_files(root: Path, referenced: set[str], protected: set[str], grace: float) -> int:
    """Delete attachment files under `root` no row references (`referenced`) once older than `grace` seconds
    (another process may have just written one and not committed its row yet); `protected`: what running jobs
    have claimed. Returns how many went."""
    if not root.is_dir():
        return 0
    now = time.time()
    removed = 0
    for folder in os.scandir(root):
        if not (folder.is_dir(follow_symlinks=False) and len(folder.name) == 2):
            continue
        for entry in os.scandir(folder.path):
            name = entry.name
            if not _BLOB_NAME.match(name) or name in referenced or name in protected:
                continue
            try:
                if now - entry.stat().st_mtime < grace:
                    continue
                os.unlink(entry.path)
                removed += 1
            except OSError:
                continue  # open in a viewer (Windows), or already gone: the next sweep tries again
    return removed
