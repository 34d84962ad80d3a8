"""Run slow core work off the UI thread, with a cancellable progress dialog (after Anki's CollectionOp).

    run_op(parent, "正在导出…", lambda own, progress: export(own, ..., progress=progress), on_done=show,
           store=page.store)

The work function gets the worker's own store (`store.reopen()`, closed after; None when no `store` is
given: a worker never uses the UI's connection) and `progress(done, total, text="")`; calling that after
the user pressed 取消 raises `core.errors.Cancelled` inside the worker. What the worker commits is announced
to the store's `ui.changes.Changes` hub, so the pages showing it refresh before `on_done(result)` (or the
error) comes back on the UI thread.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
from shiboken6 import isValid

from core.db import Store
from core.errors import Cancelled, LawDeskError, message_of
from ui import gc_main_thread
from ui.changes import Changes
from ui.crash import log_once, report_unexpected

Progress = Callable[..., None]
Work = Callable[[Store | None, Progress], Any]


class _Worker(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)

    def __init__(self, fn: Work, store: Store | None, hub: Changes | None) -> None:
        super().__init__()
        self._fn = fn
        self._store = store
        self._hub = hub
        self.cancelled = False

    def progress(self, done: int, total: int, text: str = "") -> None:
        if self.cancelled:
            raise Cancelled()
        self.progressed.emit(int(done), int(total), text)

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:  # handed to the UI thread, shown there
            self.failed.emit(exc)
        else:
            self.finished.emit(result)

    def _work(self) -> Any:
        if self._store is None:
            return self._fn(None, self.progress)
        with self._store.reopen() as own:
            self._hub.bridge(own)  # its commits reach the UI's pages (queued to the UI thread)
            return self._fn(own, self.progress)


class _Op(QObject):
    """Lives on the UI thread: receives the worker's signals (queued) and drives the dialog.

    The worker's signals must reach a QObject of the UI thread; connected to plain functions they
    would run in the worker thread and touch widgets from there.
    """

    def __init__(self, parent: QWidget | None, title: str, fn: Work, store: Store | None,
                 on_done: Callable[[Any], None] | None, on_error: Callable[[BaseException], None] | None) -> None:
        super().__init__()
        self.hub = Changes.for_store(store) if store is not None else None
        self.parent_widget = parent
        self.on_done = on_done
        self.on_error = on_error
        self.title = title
        self.dialog = QProgressDialog(title, "取消", 0, 0, parent)
        self.dialog.setWindowTitle("请稍候")
        self.dialog.setWindowModality(Qt.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.thread = QThread()
        self.worker = _Worker(fn, store, self.hub)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progressed)
        self.worker.finished.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.dialog.canceled.connect(self._cancel)
        self.thread.finished.connect(self._cleanup)

    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, text: str) -> None:
        if not isValid(self.dialog):  # its parent closed while the work went on
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if text:
            self.dialog.setLabelText(text)

    @Slot()
    def _cancel(self) -> None:
        self.worker.cancelled = True
        self.dialog.setLabelText("正在取消…")

    def _finish(self) -> bool:
        """False when the widget the work was for is gone (closed meanwhile): nobody to tell."""
        self.thread.quit()
        if self.hub is not None:  # the worker's commits were queued before its result: pages refresh first
            self.hub.flush()
        if not isValid(self.dialog):  # deleted with its parent
            return False
        self.dialog.canceled.disconnect(self._cancel)
        self.dialog.close()
        return True

    @Slot(object)
    def _done(self, result: Any) -> None:
        if self._finish() and self.on_done:
            self.on_done(result)

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        shown = self._finish()
        if isinstance(exc, Cancelled):
            return
        # Logged here, where it is known which work failed; whoever shows it does not log it again.
        expected = isinstance(exc, LawDeskError)
        log_once(exc, f"后台操作“{self.title}”失败", logging.INFO if expected else logging.ERROR)
        if not shown:
            return
        if self.on_error:
            self.on_error(exc)
        else:
            show_error(self.parent_widget, exc)

    @Slot()
    def _cleanup(self) -> None:
        # `finished` comes from the ending thread, which may still be queuing the calls of a caller's slots:
        # let it end, and drop it (with this object) only once those calls have been made.
        self.thread.wait()
        if isValid(self.dialog):
            self.dialog.deleteLater()
        QTimer.singleShot(0, lambda: _running.discard(self))


_running: set[_Op] = set()


def run_op(parent: QWidget | None, title: str, fn: Work,
           on_done: Callable[[Any], None] | None = None,
           on_error: Callable[[BaseException], None] | None = None, *, store: Store | None = None) -> QThread:
    """Start `fn(own_store, progress)` in a worker thread; returns the thread (tests can
    `qtbot.waitSignal(thread.finished)`: by then the pages have refreshed and `on_done` has run)."""
    op = _Op(parent, title, fn, store, on_done, on_error)
    _running.add(op)
    gc_main_thread.collect_now()  # a worker must never be the thread that frees widget garbage
    op.thread.start()
    return op.thread


def show_error(parent: QWidget | None, exc: BaseException, title: str = "无法完成") -> None:
    """Show a core error's message as is, an OSError as what happened to the file and what to do
    (disk full, read-only, file in use…); anything else is a bug: logged, and shown in the crash dialog.

    A title "无法导出" names the action, so an OSError's message starts the same way ("无法导出：磁盘空间已满").
    """
    text = message_of(exc, title.removeprefix("无法") if title.startswith("无法") else "")
    if text is None:
        report_unexpected(exc, parent)
        return
    if isinstance(exc, OSError):
        log_once(exc, title, logging.WARNING)
    QMessageBox.warning(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, ok: str = "确定") -> bool:
    """Ask before anything destructive; the safe answer (取消) is the default."""
    box = QMessageBox(QMessageBox.Question, title, text, parent=parent)
    yes = box.addButton(ok, QMessageBox.AcceptRole)
    no = box.addButton("取消", QMessageBox.RejectRole)
    box.setDefaultButton(no)
    box.exec()
    return box.clickedButton() is yes
