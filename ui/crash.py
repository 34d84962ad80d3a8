"""Unexpected errors are never lost: logged with their traceback and shown in a Chinese dialog.

`install_error_handlers(app)` routes three kinds of trouble here:
- an exception nobody caught on the UI thread (PySide6 hands exceptions raised in slots and virtual
  methods to `sys.excepthook`),
- one in another thread (`threading.excepthook`; the dialog is then shown on the UI thread),
- Qt's own messages (`qInstallMessageHandler`): warnings go to the log, critical and fatal ones as errors.

The dialog (「程序出现意外错误」) says the last action did not finish, that saved data is safe and
where the log is, and offers 「复制详细信息」 (traceback and versions) for support. Only one is shown
at a time: further errors while it is open are logged and counted in it. An error raised while the
dialog itself is being built falls back to stderr instead of recursing.
"""
from __future__ import annotations

import contextlib
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, QtMsgType, Signal, Slot, qInstallMessageHandler
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from core import logs

logger = logging.getLogger(__name__)
qt_logger = logging.getLogger("qt")

TITLE = "程序出现意外错误"
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
MORE_DETAILS = 5  # further errors whose details the open dialog adds to what 复制详细信息 copies
_LOGGED = "_lawdesk_logged"  # set on an exception once it is in the log, so it is logged once

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


# -- logging ------------------------------------------------------------------------------------------
def log_once(exc: BaseException, context: str = "意外错误", level: int = logging.ERROR) -> None:
    """Log `exc` with its traceback, unless it was logged already (a worker's error is logged where it
    failed, then shown by whoever handles it)."""
    if getattr(exc, _LOGGED, False):
        return
    # A refusal core expected (logged at INFO) needs no traceback; a warning or an error does.
    trace = (type(exc), exc, exc.__traceback__) if level >= logging.WARNING else None
    logger.log(level, "%s：%s", context, exc, exc_info=trace)
    with contextlib.suppress(AttributeError, TypeError):  # no __dict__: logged twice at worst
        setattr(exc, _LOGGED, True)


def details_text(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """What 复制详细信息 copies: versions, the log's place and the traceback."""
    log = logs.current_log_path()
    head = [logs.versions(), f"日志文件：{log if log else '（未写入文件）'}", ""]
    return "\n".join(head) + "".join(traceback.format_exception(exc_type, exc, tb))


# -- the dialog ---------------------------------------------------------------------------------------
class CrashDialog(QDialog):
    """「程序出现意外错误」: what happened in plain words, the details on request, copy and close."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crash_dialog")
        self.setWindowTitle(TITLE)
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.details = details
        self.more = 0
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.SP_MessageBoxCritical).pixmap(48, 48))
        icon.setAlignment(Qt.AlignTop)
        headline = QLabel("刚才的操作没有完成：程序遇到了一个意外错误。")
        headline.setStyleSheet("font-weight: bold; font-size: 15px")
        headline.setWordWrap(True)
        log = logs.current_log_path()
        where = f"错误的详细情况已记录在日志文件中：\n{log}" if log else "错误的详细情况未能写入日志文件。"
        self.body = QLabel(
            "已经保存的数据是安全的，不受影响；没有保存的修改请检查后重新保存。\n\n"
            f"{where}\n\n"
            "如果问题反复出现，请点「复制详细信息」，把内容粘贴发给技术支持。")
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.more_label = QLabel()
        self.more_label.setStyleSheet("color: #8a5a00")
        self.more_label.hide()
        self.text = QPlainTextEdit(details)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.text.setMinimumHeight(180)
        self.text.hide()  # a traceback frightens; it is there for whoever helps
        self.toggle_button = QPushButton("显示详细信息")
        self.toggle_button.clicked.connect(self.toggle_details)
        self.copy_button = QPushButton("复制详细信息")
        self.copy_button.clicked.connect(self.copy_details)
        self.close_button = QPushButton("关闭")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(icon)
        text_column = QVBoxLayout()
        text_column.addWidget(headline)
        text_column.addWidget(self.body)
        text_column.addWidget(self.more_label)
        text_column.addStretch(1)  # the words stay together at the top when the dialog is taller
        top.addLayout(text_column, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.toggle_button)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        self.setMaximumSize(1300, 700)  # fits a 1366×768 screen with its task bar

    def toggle_details(self) -> None:
        shown = not self.text.isVisible()
        self.text.setVisible(shown)
        self.toggle_button.setText("隐藏详细信息" if shown else "显示详细信息")
        self.adjustSize()

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText("已复制")

    def another(self, details: str) -> None:
        """A further error while this one is open: counted here, the first few appended (an error in a
        paint event repeats on every repaint; the log has them all)."""
        self.more += 1
        if self.more <= MORE_DETAILS:
            self.details += "\n\n" + "=" * 40 + "\n" + details
            self.text.setPlainText(self.details)
        self.more_label.setText(f"之后又发生了 {self.more} 个错误，也已记录在日志中。")
        self.more_label.show()


# -- showing one dialog at a time -------------------------------------------------------------------
class _Reporter(QObject):
    """Lives on the UI thread: errors of other threads reach the dialog through its queued signal."""

    reported = Signal(str)

    @Slot(str)
    def present(self, details: str) -> None:
        show_dialog(details)


_state: dict[str, Any] = {"dialog": None, "building": False, "reporter": None, "previous": None}
DialogFactory = Callable[[str, QWidget | None], QDialog]
dialog_factory: DialogFactory = CrashDialog  # tests may swap it to watch what is shown


def current_dialog() -> QDialog | None:
    return _state["dialog"]


def show_dialog(details: str, parent: QWidget | None = None, wait: bool = False) -> QDialog | None:
    """Show the crash dialog (or add to the one already open); returns it, or None when it cannot be shown.

    It is shown without blocking: the hooks run inside a failing slot, where a nested exec() invites
    more trouble, and the event loop will paint it. `wait=True` is for failures outside the event loop
    (start-up, `run()` itself), where nothing would paint it otherwise.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return None
    if threading.current_thread() is not threading.main_thread():
        reporter = _state["reporter"]
        if reporter is not None:
            reporter.reported.emit(details)  # queued: shown by the UI thread
        return None
    if _state["dialog"] is not None:
        if hasattr(_state["dialog"], "another"):
            _state["dialog"].another(details)
        return _state["dialog"]
    if _state["building"]:
        return None  # an error while building the dialog: logged, not shown again
    _state["building"] = True
    try:
        # No borrowed parent: a failing editor that closes itself would take the dialog with it.
        dialog = dialog_factory(details, parent)
        dialog.setWindowModality(Qt.ApplicationModal)
        dialog.finished.connect(lambda _result: _forget(dialog))
        dialog.destroyed.connect(lambda _obj: _forget(dialog))  # deleted with a parent, without finishing
        _state["dialog"] = dialog
        if wait:
            dialog.exec()
        else:
            dialog.show()
            dialog.raise_()
            dialog.activateWindow()
    finally:
        _state["building"] = False
    return dialog


def _forget(dialog: QDialog) -> None:
    """The dialog is gone; a later deletion of an older one must not forget the newer one."""
    if _state["dialog"] is dialog:
        _state["dialog"] = None


def report_unexpected(exc: BaseException, parent: QWidget | None = None, context: str = "意外错误",
                      wait: bool = False) -> QDialog | None:
    """Log an exception nobody expected (with its traceback) and show the crash dialog."""
    log_once(exc, context)
    return show_dialog(details_text(type(exc), exc, exc.__traceback__), parent, wait)


# -- hooks ------------------------------------------------------------------------------------------
def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    try:
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        report_unexpected(exc, context="未处理的异常")
    except BaseException:  # noqa: BLE001 - the hook must not raise: say both on stderr
        sys.__excepthook__(exc_type, exc, tb)
        traceback.print_exc()


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    name = args.thread.name if args.thread is not None else "?"
    exc = args.exc_value
    if exc.__traceback__ is None:
        exc = exc.with_traceback(args.exc_traceback)
    try:
        report_unexpected(exc, context=f"线程 {name} 中未处理的异常")
    except BaseException:  # noqa: BLE001 - as in _excepthook
        sys.__excepthook__(args.exc_type, exc, args.exc_traceback)


def _qt_message(mode: QtMsgType, context: Any, message: str) -> None:
    try:
        category = getattr(context, "category", None)
        prefix = f"[{category}] " if category and category != "default" else ""
        qt_logger.log(_QT_LEVELS.get(mode, logging.WARNING), "%s%s", prefix, message)
    except Exception:  # noqa: BLE001 - called by Qt from any thread: never raise back into it
        pass


def install_error_handlers(app: QApplication) -> None:
    """Route uncaught exceptions (any thread) and Qt's messages to the log and the crash dialog (once)."""
    if _state["previous"] is not None:
        return
    reporter = _Reporter(app)
    reporter.reported.connect(reporter.present, Qt.QueuedConnection)
    _state["reporter"] = reporter
    previous = (sys.excepthook, threading.excepthook)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    _state["previous"] = (*previous, qInstallMessageHandler(_qt_message))


def uninstall_error_handlers() -> None:
    """Put back what was there before `install_error_handlers` (tests)."""
    if _state["previous"] is None:
        return
    excepthook, thread_hook, qt_handler = _state["previous"]
    sys.excepthook, threading.excepthook = excepthook, thread_hook
    qInstallMessageHandler(qt_handler)
    _state["previous"] = None
    reporter = _state["reporter"]
    _state["reporter"] = None
    if reporter is not None:
        reporter.deleteLater()
