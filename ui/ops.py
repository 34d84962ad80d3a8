"""Run slow core work off the UI thread, with a cancellable progress dialog (after Anki's CollectionOp).

    run_op(parent, "正在导出…", lambda progress: export(..., progress=progress), on_done=show)

The work function gets `progress(done, total, text="")`; calling it after the user pressed 取消
raises `core.errors.Cancelled` inside the worker. The result or the error comes back on the UI thread.
A worker must not use the UI's Store: open its own with `core.db.open_store(store.path)`.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from core.errors import Cancelled, LawDeskError

Progress = Callable[..., None]


class _Worker(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)

    def __init__(self, fn: Callable[[Progress], Any]) -> None:
        super().__init__()
        self._fn = fn
        self.cancelled = False

    def progress(self, done: int, total: int, text: str = "") -> None:
        if self.cancelled:
            raise Cancelled()
        self.progressed.emit(int(done), int(total), text)

    def run(self) -> None:
        try:
            result = self._fn(self.progress)
        except BaseException as exc:  # handed to the UI thread, shown there
            self.failed.emit(exc)
        else:
            self.finished.emit(result)


class _Op(QObject):
    """Lives on the UI thread: receives the worker's signals (queued) and drives the dialog.

    The worker's signals must reach a QObject of the UI thread; connected to plain functions they
    would run in the worker thread and touch widgets from there.
    """

    def __init__(self, parent: QWidget | None, title: str, fn: Callable[[Progress], Any],
                 on_done: Callable[[Any], None] | None, on_error: Callable[[BaseException], None] | None) -> None:
        super().__init__()
        self.parent_widget = parent
        self.on_done = on_done
        self.on_error = on_error
        self.dialog = QProgressDialog(title, "取消", 0, 0, parent)
        self.dialog.setWindowTitle("请稍候")
        self.dialog.setWindowModality(Qt.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.thread = QThread()
        self.worker = _Worker(fn)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progressed)
        self.worker.finished.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.dialog.canceled.connect(self._cancel)
        self.thread.finished.connect(self._cleanup)

    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, text: str) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if text:
            self.dialog.setLabelText(text)

    @Slot()
    def _cancel(self) -> None:
        self.worker.cancelled = True
        self.dialog.setLabelText("正在取消…")

    def _finish(self) -> None:
        self.dialog.canceled.disconnect(self._cancel)
        self.dialog.close()
        self.thread.quit()

    @Slot(object)
    def _done(self, result: Any) -> None:
        self._finish()
        if self.on_done:
            self.on_done(result)

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self._finish()
        if isinstance(exc, Cancelled):
            return
        if self.on_error:
            self.on_error(exc)
        else:
            show_error(self.parent_widget, exc)

    @Slot()
    def _cleanup(self) -> None:
        _running.discard(self)
        self.dialog.deleteLater()


_running: set[_Op] = set()


def run_op(parent: QWidget | None, title: str, fn: Callable[[Progress], Any],
           on_done: Callable[[Any], None] | None = None,
           on_error: Callable[[BaseException], None] | None = None) -> QThread:
    """Start `fn` in a worker thread; returns the thread (tests can `qtbot.waitSignal(thread.finished)`)."""
    op = _Op(parent, title, fn, on_done, on_error)
    _running.add(op)
    op.thread.start()
    return op.thread


def announce_change(window) -> None:
    """Tell the other pages that data changed (the window's `data_changed`; pages built alone have none)."""
    signal = getattr(window, "data_changed", None)
    if signal is not None:
        signal.emit()


def show_error(parent: QWidget | None, exc: BaseException, title: str = "无法完成") -> None:
    """Show a core error's message as is; anything else as an unexpected error with its text."""
    if isinstance(exc, LawDeskError):
        text = exc.message
    else:
        text = f"发生意外错误：{exc}\n\n数据未被改动。如果问题反复出现，请把这段文字发给技术支持。"
    QMessageBox.warning(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, ok: str = "确定") -> bool:
    """Ask before anything destructive; the safe answer (取消) is the default."""
    box = QMessageBox(QMessageBox.Question, title, text, parent=parent)
    yes = box.addButton(ok, QMessageBox.AcceptRole)
    no = box.addButton("取消", QMessageBox.RejectRole)
    box.setDefaultButton(no)
    box.exec()
    return box.clickedButton() is yes
