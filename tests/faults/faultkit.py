"""Tools of the fault suite: hand-made zips (any method, flag or size a hostile file can claim), rewritten
backups whose hashes still match, a crash at a chosen point (fork, then SIGKILL), and the checks that follow
every fault: the data is whole and unchanged (or whole and new), and nothing is left behind.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core import paths

SQLITE_OWN = ("sqlite_",)


# -- zips by hand ------------------------------------------------------------------------------------
@dataclass
class Member:
    """One zip member as it lies in the file: `data` is written as is (already compressed for method 8)."""

    name: str
    data: bytes
    file_size: int
    crc: int
    method: int = zipfile.ZIP_STORED
    flags: int = 0


def member_of(name: str, content: bytes, method: int = zipfile.ZIP_STORED, flags: int = 0) -> Member:
    data = content
    if method == zipfile.ZIP_DEFLATED:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        data = packer.compress(content) + packer.flush()
    return Member(name, data, len(content), zlib.crc32(content), method, flags)


def write_zip(path: Path, members: list[Member]) -> Path:
    """A zip with ZIP64 fields on every member, so it can claim any size; zipfile reads it like its own."""
    out = bytearray()
    central = bytearray()
    for m in members:
        offset = len(out)
        name = m.name.encode("utf-8")
        flags = m.flags | 0x800  # names in UTF-8
        local_extra = struct.pack("<HHQQ", 1, 16, m.file_size, len(m.data))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, flags, m.method, 0, 0x21, m.crc,
                           0xFFFFFFFF, 0xFFFFFFFF, len(name), len(local_extra)) + name + local_extra + m.data
        extra = struct.pack("<HHQQQ", 1, 24, m.file_size, len(m.data), offset)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, flags, m.method, 0, 0x21, m.crc,
                               0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra), 0, 0, 0, 0, 0xFFFFFFFF) + name + extra
    cd_offset = len(out)
    out += central
    eocd64 = len(out)
    out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(members), len(members), len(central),
                       cd_offset)
    out += struct.pack("<IIQI", 0x07064B50, 0, eocd64, 1)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    path.write_bytes(bytes(out))
    return path


def members_of(backup: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(backup) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def zeros_deflated(size: int) -> bytes:
    """A raw deflate stream of `size` zero bytes, made in milliseconds: the same flushed 1 MiB block repeated."""
    mib = 1 << 20
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(bytes(mib)) + packer.flush(zlib.Z_FULL_FLUSH)
    tail_packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    tail = tail_packer.compress(bytes(size % mib)) + tail_packer.flush() if size % mib else b"\x03\x00"
    return block * (size // mib) + tail


# -- rewriting a real backup with consistent hashes ----------------------------------------------------
def rewrite(src: Path, dst: Path, *, manifest: Callable[[dict], object] | None = None,
            database: Callable[[sqlite3.Connection], object] | None = None, work: Path | None = None) -> Path:
    """A copy of a backup whose database (changed by `database`) and manifest (by `manifest`) still agree:
    every hash and size in the manifest is that of the new bytes, as a careful forger would make it."""
    members = members_of(src)
    info = json.loads(members["manifest.json"])
    if database is not None:
        db_file = (work or dst.parent) / f"{dst.stem}-planted.db"
        db_file.write_bytes(members["lawdesk.db"])
        conn = sqlite3.connect(db_file, isolation_level=None)
        try:
            database(conn)
        finally:
            conn.close()
        members["lawdesk.db"] = db_file.read_bytes()
        db_file.unlink()
    for name, data in members.items():
        if name != "manifest.json":
            info["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    if manifest is not None:
        manifest(info)
    members["manifest.json"] = json.dumps(info, ensure_ascii=False).encode("utf-8")
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return dst


# -- what a database folder holds --------------------------------------------------------------------
def folder_state(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative name → bytes), lock files aside: "nothing written" compares these."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock") and p.parent.suffix != ".logs"}


def rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every record table (the search index and SQLite's own tables aside)."""
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")
                  if not r[0].startswith(("search_", "sqlite_"))]
        return {t: sorted(conn.execute(f"select * from [{t}]").fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("pragma integrity_check").fetchone()[0]
    finally:
        conn.close()


def leftovers(db: Path, *more_folders: Path) -> list[str]:
    """What a crash may leave, after the next start's sweep: anything in the temporary folder, temporary names
    of this or older versions, attachment files no row references, referenced ones missing or damaged."""
    found = []
    tmp = paths.temp_dir(db)
    if tmp.exists():
        found += [f"temp: {p.relative_to(tmp)}" for p in tmp.rglob("*")]
    for folder in (db.parent, paths.backups_dir(db), paths.attachments_dir(db), *more_folders):
        if folder.is_dir():
            found += [f"temp name: {p}" for p in folder.rglob("*")
                      if p.name.startswith((".lawdesk-", ".incoming-", "incoming-")) or p.name.endswith(".part")]
    root = paths.attachments_dir(db)
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        used = {r[0] for r in conn.execute("select sha256 from attachment")}
    finally:
        conn.close()
    on_disk = {p.name: p for p in root.glob("*/*")} if root.is_dir() else {}
    found += [f"unreferenced attachment: {name}" for name in sorted(set(on_disk) - used)]
    found += [f"missing attachment: {sha}" for sha in sorted(used - set(on_disk))]
    found += [f"damaged attachment: {name}" for name, p in sorted(on_disk.items())
              if name in used and hashlib.sha256(p.read_bytes()).hexdigest() != name]
    return found


# -- a crash at a chosen point -----------------------------------------------------------------------
def crash_when(work: Callable[[Callable[[], None]], None]) -> bool:
    """Run `work(die)` in a forked child; `die()` kills it with SIGKILL (no finally, no atexit, no flush).

    True when the child was killed, False when `work` finished without calling `die`."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            work(lambda: os.kill(os.getpid(), signal.SIGKILL))
        except BaseException:  # noqa: BLE001 - reported through the exit code
            import traceback

            traceback.print_exc()
            code = 3
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    assert os.WEXITSTATUS(status) == 0, "the child failed before the chosen point"
    return False


def on_call(owner: object, name: str, nth: int, die: Callable[[], None], after: bool = False) -> None:
    """Make the `nth` call of `owner.name` die (before it runs, or with `after` once it has)."""
    original = getattr(owner, name)
    calls = [0]

    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == nth and not after:
            die()
        result = original(*args, **kwargs)
        if calls[0] == nth and after:
            die()
        return result

    setattr(owner, name, wrapper)
