"""Run slow core work off the UI thread, with a cancellable progress dialog (after Anki's CollectionOp).

    run_op(parent, "正在导出…", lambda progress: export(..., progress=progress), on_done=show)

The work function gets `progress(done, total, text="")`; calling it after the user pressed 取消
raises `core.errors.Cancelled` inside the worker. The result or the error comes back on the UI thread.
A worker must not use the UI's Store: open its own with `core.db.open_store(store.path)`.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Qt
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


_running: set[QThread] = set()


def run_op(parent: QWidget | None, title: str, fn: Callable[[Progress], Any],
           on_done: Callable[[Any], None] | None = None,
           on_error: Callable[[BaseException], None] | None = None) -> QThread:
    """Start `fn` in a worker thread; returns the thread (tests can wait on its `finished`)."""
    dialog = QProgressDialog(title, "取消", 0, 0, parent)
    dialog.setWindowTitle("请稍候")
    dialog.setWindowModality(Qt.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    thread = QThread()
    worker = _Worker(fn)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)

    def progressed(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if text:
            dialog.setLabelText(text)

    def cancel() -> None:
        worker.cancelled = True
        dialog.setLabelText("正在取消…")

    def finish() -> None:
        dialog.close()
        thread.quit()

    def done(result: Any) -> None:
        finish()
        if on_done:
            on_done(result)

    def failed(exc: BaseException) -> None:
        finish()
        if isinstance(exc, Cancelled):
            return
        if on_error:
            on_error(exc)
        else:
            show_error(parent, exc)

    worker.progressed.connect(progressed)
    worker.finished.connect(done)
    worker.failed.connect(failed)
    dialog.canceled.connect(cancel)
    thread.finished.connect(lambda: _running.discard(thread))
    thread._worker = worker  # keep alive as long as the thread
    _running.add(thread)
    thread.start()
    return thread


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
