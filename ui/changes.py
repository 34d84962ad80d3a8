"""Hearing of changes: each commit names the tables it changed, and the pages that show them refresh.

`core.db.Store.on_commit` announces the tables of every commit (`EVERYTHING` when a raw write named none).
`Changes.for_store(store)` is that store's hub on the UI thread; the worker stores `ui.ops.run_op` opens
are bridged to it, their commits arriving through a queued signal. Commits of one event-loop turn reach
`changed` as one set. A page follows the tables it shows:

    self.changes = follow(self, {"study_session", "study_law", "staff"})   # then self.refresh()

and, after a write of its own, `self.changes.flush()` refreshes it (and the others) at once.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from weakref import WeakKeyDictionary

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from core.db import EVERYTHING, Store


class Changes(QObject):
    changed = Signal(object)  # frozenset of table names
    _committed = Signal(object)  # emitted by a store's commit, in whatever thread made it

    _hubs: WeakKeyDictionary[Store, Changes] = WeakKeyDictionary()

    def __init__(self) -> None:
        super().__init__()
        self._pending: set[str] = set()
        self._timer = QTimer(self, singleShot=True, interval=0, timeout=self.flush)
        # Auto connection: a commit on the UI thread is collected at once, a worker's is queued to it.
        self._committed.connect(self._collect)

    @classmethod
    def for_store(cls, store: Store) -> Changes:
        """The hub of the store (made on first use, on the UI thread); it lives as long as the store."""
        hub = cls._hubs.get(store)
        if hub is None:
            hub = cls._hubs[store] = cls()
            hub.bridge(store)
        return hub

    def bridge(self, store: Store) -> None:
        """Hear of `store`'s commits too (a worker's own connection to the same file)."""
        store.on_commit.append(self._committed.emit)

    @Slot(object)
    def _collect(self, tables: frozenset[str]) -> None:
        self._pending |= tables
        self._timer.start()

    def flush(self) -> None:
        """Announce what is pending now instead of at the next turn of the event loop."""
        self._timer.stop()
        if self._pending:
            tables, self._pending = frozenset(self._pending), set()
            self.changed.emit(tables)


class _Follower(QObject):
    """Dies with its page, so the hub never calls a deleted one."""

    def __init__(self, page: QWidget, tables: frozenset[str], refresh: Callable[[], None]) -> None:
        super().__init__(page)
        self.page, self.tables, self.refresh = page, tables, refresh

    @Slot(object)
    def heard(self, changed: frozenset[str]) -> None:
        if EVERYTHING not in changed and self.tables.isdisjoint(changed):
            return
        # A page built alone (tests, a dialog) has nobody to show it: it is always current.
        if self.page.isVisible() or self.page.isWindow():
            self.refresh()
        else:
            self.page.stale = True  # refreshed by whoever shows it (MainWindow refreshes the page it shows)


def follow(page: QWidget, tables: Iterable[str], refresh: Callable[[], None] | None = None) -> Changes:
    """Call `refresh` (default `page.refresh`) after a commit touches `tables`; returns the hub."""
    hub = Changes.for_store(page.store)
    page.stale = False
    follower = _Follower(page, frozenset(tables), refresh or page.refresh)
    hub.changed.connect(follower.heard)
    return hub
