"""Open, check and migrate the LawDesk database; the `Store` every core function works on.

Every write goes through `Store.insert` / `update` / `delete_row` so that it leaves an audit row and
change listeners (the search index) hear of it. One user action is one `store.transaction()`; after it
commits, `Store.on_commit` hears which tables it changed (what the UI refreshes from).
"""
from __future__ import annotations

import getpass
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import sqlite_utils

from core import paths, schema
from core.clock import SYSTEM_CLOCK, Clock
from core.errors import (
    DatabaseBusy,
    NewerVersionError,
    NotLawDeskDatabase,
    RecordNotFound,
    StorageError,
    describe_sqlite_error,
    sqlite_error_kind,
)
from core.features import present

APPLICATION_ID = 0x4C574453  # "LWDS" in the SQLite header: marks a LawDesk file
SQLITE_MAGIC = b"SQLite format 3\x00"

ChangeListener = Callable[[str, int | None, str], None]  # (table, record id, "insert" | "update" | "delete")
CommitListener = Callable[[frozenset[str]], None]  # the tables one commit changed
EVERYTHING = "*"  # announced for a commit that wrote rows without naming their table: reread everything
# Modules whose `on_open(store)` runs on every store opened, e.g. the search index attaching its listener;
# core.workdir first: it sweeps what a crash left (temporary work, attachment files no row took).
OPEN_HOOKS = ("core.workdir", "core.search.index")


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def check_file(path: Path) -> None:
    """Refuse, without writing a byte, a file that is not a LawDesk database or is from a newer version."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as fh:
        header = fh.read(100)
    if not header.startswith(SQLITE_MAGIC):
        raise NotLawDeskDatabase(
            f"“{path.name}”不是 LawDesk 数据库文件（也不是 SQLite 数据库）。文件未做任何改动。"
            "请选择正确的数据库文件，或用 --db 指定一个新文件名来新建数据库。"
        )
    app_id = int.from_bytes(header[68:72], "big")
    try:
        conn = _connect_read_only(path)
    except sqlite3.Error as exc:
        raise _not_readable(path, exc) from exc
    try:
        tables = conn.execute("select count(*) from sqlite_master").fetchone()[0]
        # In WAL mode a fresh header may still sit in the -wal file; SQLite's own answer counts.
        app_id = conn.execute("pragma application_id").fetchone()[0] or app_id
        if app_id != APPLICATION_ID:
            if tables:
                raise NotLawDeskDatabase(
                    f"“{path.name}”是别的程序的 SQLite 数据库，不是 LawDesk 数据库。文件未做任何改动。"
                    "请选择 LawDesk 的数据库文件。"
                )
            return
        unknown = schema.unknown_applied(sqlite_utils.Database(conn))
    except sqlite3.DatabaseError as exc:
        raise _not_readable(path, exc) from exc
    finally:
        conn.close()
    if unknown:
        raise NewerVersionError(
            f"“{path.name}”由更新版本的 LawDesk 写入（含本版本不认识的结构：{', '.join(unknown[:3])}）。"
            "为免损坏数据，本版本不会打开它。请升级 LawDesk 后再打开。"
        )


def _not_readable(path: Path, exc: sqlite3.Error) -> Exception:
    """Only a damaged file is called damaged: a read-only folder, no permission or a full disk say so."""
    if sqlite_error_kind(exc) in (None, "damaged"):
        return NotLawDeskDatabase(f"“{path.name}”已损坏或不是数据库：{exc}。文件未做任何改动。")
    return StorageError(describe_sqlite_error(exc, f"读取“{path.name}”", path) + "\n\n文件未做任何改动。")


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write, even where the folder is read-only.

    A WAL database needs its -shm file, which SQLite cannot create in a read-only folder (SQLITE_CANTOPEN);
    then the file is read as `immutable` — safe there, because nobody can be writing where no -wal can be
    created. A -wal left with content (the folder made read-only after a crash) holds committed changes that
    an immutable read would miss, so that case is refused instead."""
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(uri + "?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("select count(*) from sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if sqlite_error_kind(exc) not in ("cant_open", "read_only") or _writable(path.parent):
            raise
        wal = Path(str(path) + "-wal")
        if wal.exists() and wal.stat().st_size:
            raise StorageError(
                f"“{path.name}”所在的文件夹是只读的，而最近的修改还在“{wal.name}”里，只读方式读不到。"
                "请把整个数据文件夹复制到可以写入的位置（例如“文档”）后用 --db 指向那里的文件，"
                "或请管理员取消只读设置。文件未做任何改动。") from exc
    return sqlite3.connect(uri + "?immutable=1", uri=True, isolation_level=None, check_same_thread=False)


def _writable(path: Path) -> bool:
    # os.access honours read-only mounts and `chattr +i` even for root, which ignores the mode bits.
    return os.access(path, os.W_OK)


class Store:
    """An open LawDesk database with its attachment folder."""

    read_only = False  # opened by open_store(read_only=True) on a file or folder that cannot be written

    def __init__(self, path: Path, db: sqlite_utils.Database, clock: Clock = SYSTEM_CLOCK) -> None:
        self.path = path
        self.clock = clock
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        self.attachments_dir = paths.attachments_dir(path)
        self.listeners: list[ChangeListener] = []
        self.on_commit: list[CommitListener] = []
        self.on_close: list[Callable[[Store], None]] = []  # run before the connection closes (core.attachments)
        self._changed: set[str] = set()  # tables named since the outermost transaction began

    # -- transactions ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One user action: everything inside commits together or not at all (nested = savepoint).

        The outermost one takes the write lock at once (BEGIN IMMEDIATE): a transaction that read first and
        wrote later would fail, not wait, if another connection (a worker catching up the search index)
        committed in between. After its commit `on_commit` hears the tables named by `notify` in it, or
        EVERYTHING when rows changed and none was named; after a rollback nothing."""
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        self._begin_immediate()
        before = self.conn.total_changes
        try:
            yield self
            self.conn.execute("commit")
        except BaseException:
            self._changed.clear()
            if self.conn.in_transaction:  # an error may already have ended it
                self.conn.execute("rollback")
            raise
        changed, self._changed = self._changed, set()
        self._announce(changed or ({EVERYTHING} if self.conn.total_changes != before else set()))

    def _begin_immediate(self) -> None:
        """Wait (busy_timeout) for another writer — a command-line import, the window — then say so in words."""
        try:
            self.conn.execute("begin immediate")
        except sqlite3.OperationalError as exc:
            if sqlite_error_kind(exc) == "busy":
                raise DatabaseBusy(describe_sqlite_error(exc, "保存")) from exc
            raise

    # -- reading --------------------------------------------------------------------------------
    def query(self, sql: str, params: Any = ()) -> list[dict]:
        cur = self.conn.execute(sql, params)
        cols = [c[0] for c in cur.description or ()]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def get(self, table: str, record_id: int) -> dict:
        rows = self.query(f"select * from [{table}] where id = ?", [record_id])
        if not rows:
            raise RecordNotFound(f"找不到这条记录（{table} #{record_id}），它可能已被删除到回收站。")
        return rows[0]

    # -- audited writes -------------------------------------------------------------------------
    def insert(self, table: str, row: dict, *, action: str) -> int:
        with self.transaction():
            cols = list(row)
            sql = f"insert into [{table}] ({', '.join(f'[{c}]' for c in cols)}) values ({', '.join('?' * len(cols))})"
            record_id = self.conn.execute(sql, [row[c] for c in cols]).lastrowid
            self.audit(action, table, record_id, None, self._row_or_none(table, record_id))
            self._notify(table, record_id, "insert")
        return record_id

    def update(self, table: str, record_id: int, changes: dict, *, action: str) -> None:
        if not changes:
            return
        with self.transaction():
            before = self.get(table, record_id)
            sets = ", ".join(f"[{c}] = ?" for c in changes)
            self.conn.execute(f"update [{table}] set {sets} where id = ?", [*changes.values(), record_id])
            self.audit(action, table, record_id, before, self.get(table, record_id))
            self._notify(table, record_id, "update")

    def delete_row(self, table: str, record_id: int, *, action: str) -> None:
        """Hard delete of one row (cascades follow the schema). Records go via `core.recycle` instead."""
        with self.transaction():
            before = self.get(table, record_id)
            self.conn.execute(f"delete from [{table}] where id = ?", [record_id])
            self.audit(action, table, record_id, before, None)
            self._notify(table, record_id, "delete")

    def audit(self, action: str, table: str | None, record_id: int | None, before: Any, after: Any) -> None:
        self.conn.execute(
            "insert into audit_log (at, os_user, action, table_name, record_id, before, after) values (?,?,?,?,?,?,?)",
            [self.clock.stamp(), os_user(), action, table, record_id, _json(before), _json(after)],
        )

    def _row_or_none(self, table: str, record_id: int) -> dict | None:
        rows = self.query(f"select * from [{table}] where id = ?", [record_id])
        return rows[0] if rows else None

    def _notify(self, table: str, record_id: int | None, kind: str) -> None:
        self._changed.add(table)
        for listener in list(self.listeners):
            listener(table, record_id, kind)
        if not self.conn.in_transaction:  # an autocommit write: announced now, there is no commit to wait for
            changed, self._changed = self._changed, set()
            self._announce(changed)

    def notify(self, table: str, record_id: int | None = None, kind: str = "update") -> None:
        """Tell listeners a record (or, without an id, some rows of `table`) changed through a write that did
        not go through insert/update. Call it inside the write's transaction."""
        self._notify(table, record_id, kind)

    def _announce(self, tables: set[str]) -> None:
        if tables:
            for listener in list(self.on_commit):
                listener(frozenset(tables))

    def reopen(self) -> Store:
        """A second connection to the same file with the same clock (a worker thread never shares this one)."""
        return open_store(self.path, clock=self.clock)

    def reconnect(self) -> None:
        """Point this Store at a fresh connection to its file, which a restore replaced (pages hold on to the
        object); everything is announced as changed."""
        self.conn.close()  # already closed for a restore; a no-op then
        fresh = self.reopen()
        self.db, self.conn = fresh.db, fresh.conn
        self._announce({EVERYTHING})

    def close(self, *, truncate: bool = False) -> None:
        """Close; `truncate=True` only where this process holds the instance lock exclusively (the window).

        TRUNCATE waits for every other connection and takes the write lock to empty the -wal, which made
        another process's import fail mid-way; PASSIVE copies what it can without waiting or blocking anyone
        (the -wal is emptied by the next TRUNCATE or reused by SQLite)."""
        for hook in list(self.on_close):
            hook(self)
        if not self.read_only:
            with suppress(sqlite3.Error):
                self.conn.execute(f"pragma wal_checkpoint({'TRUNCATE' if truncate else 'PASSIVE'})")
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def audit_restore(db_path: Path, backup_path: Path, manifest: dict, safety: Path | None,
                  clock: Clock = SYSTEM_CLOCK) -> None:
    """The audit row of a restore, written into the restored database once the swap is done (core.backup).

    A plain connection, not open_store: a restored older file is migrated by the next open, and the audit
    table has had these columns since the first version. A failure here must not undo a finished restore,
    so it is logged and swallowed."""
    after = {"backup": str(backup_path), "created_at": manifest.get("created_at"),
             "unit": manifest.get("unit"), "counts": manifest.get("counts")}
    before = {"safety_copy": str(safety)} if safety else None
    try:
        conn = sqlite3.connect(str(db_path), isolation_level=None)
        try:
            conn.execute("pragma busy_timeout = 5000")
            conn.execute(
                "insert into audit_log (at, os_user, action, table_name, record_id, before, after)"
                " values (?,?,?,?,?,?,?)",
                [clock.stamp(), os_user(), "从备份恢复", None, None, _json(before), _json(after)])
        finally:
            conn.close()
    except sqlite3.Error:
        import logging

        logging.getLogger(__name__).warning("恢复已完成，但未能写入审计记录", exc_info=True)


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=str)


def open_store(path: Path | str | None = None, clock: Clock | None = None, *, read_only: bool = False) -> Store:
    """Open (creating if needed) and migrate the database; refuse foreign or newer files untouched.

    `read_only=True` (search, show, check, export, backup): a file or folder that cannot be written is
    opened read-only instead of failing, so the clerk can still read and copy out her data."""
    path = Path(path) if path is not None else paths.default_db_path()
    path = path.expanduser()
    check_file(path)
    if read_only and path.exists() and not (_writable(path) and _writable(path.parent)):
        return _open_read_only(path, clock)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("pragma busy_timeout = 5000")
    # Mark the file before WAL is on, so the mark is in the main file's header, not only in the -wal.
    if conn.execute("pragma application_id").fetchone()[0] != APPLICATION_ID:
        conn.execute(f"pragma application_id = {APPLICATION_ID}")
    conn.execute("pragma foreign_keys = on")
    conn.execute("pragma journal_mode = wal")
    conn.execute("pragma synchronous = normal")
    db = sqlite_utils.Database(conn)
    schema.apply(db)
    store = Store(path, db, clock or SYSTEM_CLOCK)
    for module in present(OPEN_HOOKS):
        module.on_open(store)
    return store


def _open_read_only(path: Path, clock: Clock | None) -> Store:
    """A Store that only reads: no migration, no sweep, no index catch-up (each of them writes)."""
    conn = _connect_read_only(path)
    conn.execute("pragma query_only = on")
    conn.execute("pragma busy_timeout = 5000")
    db = sqlite_utils.Database(conn)
    if schema.MIGRATIONS.pending(db):
        conn.close()
        raise StorageError(
            f"“{path.name}”是旧版本 LawDesk 的数据库，需要先升级格式，但它所在的位置是只读的，不能升级。"
            "请把整个数据文件夹复制到可以写入的位置（例如“文档”）后用 --db 指向那里的文件。文件未做任何改动。")
    store = Store(path, db, clock or SYSTEM_CLOCK)
    store.read_only = True
    return store
