"""Attachments (附件): files stored once by SHA-256 under the database's attachment folder.

A file is written to a temporary name, fsynced and renamed into `ab/abcdef…` before any row points
at it, so the database never references a half-written file. The original name is metadata only.
Features link attachments to their records through their own link tables
(`…_attachment(owner_id → record ON DELETE CASCADE, attachment_id → attachment)`).
"""
from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import tempfile
from pathlib import Path

from core.db import Store, now_text
from core.errors import ImportFileError, RecordNotFound

MAX_ATTACHMENT_BYTES = 512 * 1024 * 1024
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff"}


def blob_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def _store_blob(root: Path, data_chunks, expected_size: int | None = None) -> tuple[str, int]:
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=root, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in data_chunks:
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        target = blob_path(root, sha)
        target.parent.mkdir(exist_ok=True)
        if target.exists() and target.stat().st_size == size:
            os.unlink(tmp_name)
        else:
            os.replace(tmp_name, target)
        return sha, size
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise


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
    sha, size = _store_blob(store.attachments_dir, _read_chunks(source))
    return _record(store, sha, size, name or source.name)


def add_bytes(store: Store, data: bytes, name: str) -> int:
    sha, size = _store_blob(store.attachments_dir, [data])
    return _record(store, sha, size, name)


def _record(store: Store, sha: str, size: int, name: str) -> int:
    mime = mimetypes.guess_type(name)[0]
    return store.insert(
        "attachment",
        {"sha256": sha, "name": name, "size": size, "mime": mime, "added_at": now_text()},
        action="添加附件",
    )


def get(store: Store, attachment_id: int) -> dict:
    return store.get("attachment", attachment_id)


def path_of(store: Store, attachment_id: int) -> Path:
    """Where the attachment's bytes are on disk (read only: never write to it)."""
    row = get(store, attachment_id)
    path = blob_path(store.attachments_dir, row["sha256"])
    if not path.exists():
        raise RecordNotFound(f"附件“{row['name']}”的文件丢失，请从备份恢复。")
    return path


def read_bytes(store: Store, attachment_id: int) -> bytes:
    return path_of(store, attachment_id).read_bytes()


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
        orphans = [r for r in store.query("select id, sha256 from attachment") if r["id"] not in used]
        for row in orphans:
            store.conn.execute("delete from attachment where id = ?", [row["id"]])
    for row in orphans:
        if not store.scalar("select count(*) from attachment where sha256 = ?", [row["sha256"]]):
            blob_path(store.attachments_dir, row["sha256"]).unlink(missing_ok=True)
    return len(orphans)
