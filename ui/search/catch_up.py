"""The search index catches up after the window is shown: a worker thread, progress in the status bar.

Opening the database does only cheap index work (`core.search.index.on_open`): a long queue of changes other
programs made, or a rebuild, is left pending so the window comes first. Once the main window is up,
`core.search.index.catch_up` runs in a worker on its own connection and the status bar shows
“正在更新搜索索引… 1234/10000”; when it is done a search on screen runs again. Searches meanwhile find what
is indexed so far. Closing the window stops the worker after its current batch (what it took in is kept).

LAWDESK_REPORT_STARTUP=1 (the launch benchmark) also prints LAWDESK_INDEX_PROGRESS and LAWDESK_INDEX_DONE
lines with the seconds since LAWDESK_LAUNCH_T0.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from core.db import open_store
from core.errors import Cancelled
from core.search import index
from ui import gc_main_thread

log = logging.getLogger(__name__)


class _Worker(QObject):
    progressed = Signal(int, int)
    finished = Signal(int)
    failed = Signal(str)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.cancelled = False

    def progress(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled()
        self.progressed.emit(int(done), int(total))

    @Slot()
    def run(self) -> None:
        try:
            store = open_store(self.path)  # its own connection: the UI's is never used from another thread
            try:
                done = index.catch_up(store, self.progress)
            finally:
                # not Store.close: its checkpoint would wait for the UI's readers; the UI's store does it
                store.conn.close()
        except Cancelled:
            self.failed.emit("")
        except Exception as exc:  # search is a help, not the ledger: the clerk works on without it
            log.warning("搜索索引更新失败：%s", exc)
            self.failed.emit(str(exc))
        else:
            self.finished.emit(done)


class IndexCatchUp(QObject):
    """Lives on the UI thread (the worker's signals are queued to it) and keeps the status bar."""

    progressed = Signal(int, int)  # the status bar shows this much done
    finished = Signal()  # caught up, stopped or failed; the status bar is clear again

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(180)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        window.statusBar().addWidget(self.label)
        window.statusBar().addWidget(self.bar)
        self.label.hide()
        self.bar.hide()
        self.worker_thread: QThread | None = None
        self.worker: _Worker | None = None
        self._shown = False
        # Child timers, not QTimer.singleShot: they die with this object, so never fire on a closed window.
        self._start_timer = self._timer(self.start)
        self._resume_timer = self._timer(self._resume_if_open)
        self._report = os.environ.get("LAWDESK_REPORT_STARTUP") == "1"
        window.installEventFilter(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)  # a running thread must not outlive the application

    def _timer(self, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(0)
        timer.timeout.connect(slot)
        return timer

    # -- starting and stopping -------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if event.type() == QEvent.Show and not self._shown:
                self._shown = True
                self._start_timer.start()  # once the event loop runs: after the first paint
            elif event.type() == QEvent.Close:
                self.stop()
                # a page may still refuse to close (unsaved edits): then carry on
                self._resume_timer.start()
        return False

    def running(self) -> bool:
        return self.worker_thread is not None

    def start(self) -> bool:
        """Catch up in a worker if anything is pending; False when the index is already up to date."""
        if self.running():
            return True
        try:
            if not index.pending(self.window.store):
                return False
        except sqlite3.Error as exc:  # the file busy or damaged: the ledger itself says so elsewhere
            log.warning("无法检查搜索索引：%s", exc)
            return False
        self.worker_thread = QThread()
        self.worker = _Worker(self.window.store.path)
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progressed)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        gc_main_thread.collect_now()  # see ui.gc_main_thread: the worker must not free widgets
        self.worker_thread.start()
        return True

    def stop(self) -> None:
        """Stop after the current batch and wait for the thread (the window's store closes next)."""
        if self.worker is not None:
            self.worker.cancelled = True
        if self.worker_thread is not None:
            self.worker_thread.quit()
            self.worker_thread.wait()
            # its last signals are still queued to this object: they belong to a worker that is gone
            QCoreApplication.removePostedEvents(self, QEvent.MetaCall)
            self._end()

    def _resume_if_open(self) -> None:
        if self.window.isVisible():
            self.start()

    # -- the worker's news -----------------------------------------------------------------------
    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        if self.worker_thread is None:
            return
        self.label.setText(f"正在更新搜索索引… {done}/{total}")
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)
        self.label.show()
        self.bar.show()
        if self._report:
            print(f"LAWDESK_INDEX_PROGRESS {done}/{total}{_since_launch()}", flush=True)
        self.progressed.emit(done, total)

    @Slot(int)
    def _finished(self, done: int) -> None:
        if self.worker_thread is None:
            return
        if self._report:
            print(f"LAWDESK_INDEX_DONE {done}{_since_launch()}", flush=True)
        self.worker_thread.quit()
        self.worker_thread.wait()
        self._end()
        if done:
            self.window.statusBar().showMessage("搜索索引已更新。", 4000)
        box = getattr(self.window, "search_box", None)
        if box is not None and box.panel.isVisible():
            box.run_search()  # the results on screen may have been incomplete

    @Slot(str)
    def _failed(self, message: str) -> None:
        if self.worker_thread is None:
            return
        self.worker_thread.quit()
        self.worker_thread.wait()
        self._end()
        if message:
            self.window.statusBar().showMessage("搜索索引更新失败，搜索结果可能不全；下次启动时将再试。", 8000)

    def _end(self) -> None:
        if self.worker_thread is None:
            return
        self.worker_thread = None
        self.worker = None
        self.label.hide()
        self.bar.hide()
        self.finished.emit()


def _since_launch() -> str:
    t0 = os.environ.get("LAWDESK_LAUNCH_T0")
    return f" {time.time() - float(t0):.3f}" if t0 else ""


def install(window: QWidget) -> IndexCatchUp:
    """Catch the index up once the window is first shown (see the module docstring)."""
    return IndexCatchUp(window)
