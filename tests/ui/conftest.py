"""UI tests run on the same Chinese Qt the clerk sees: Qt's zh_CN translations and a Chinese locale.

Here rather than in tests/conftest.py so that tests/core never starts a QApplication.
"""
from __future__ import annotations

import pytest

from core import logs
from ui import gc_main_thread
from ui.app import apply_look
from ui.chinese import install_chinese


@pytest.fixture(scope="session", autouse=True)
def chinese_qt(qapp):
    """Install the translators and the app's look once on pytest-qt's QApplication, before any widget is
    built, so tests (sizes included) see what the clerk sees."""
    install_chinese(qapp)
    apply_look(qapp)
    gc_main_thread.install(qapp)
    return qapp


@pytest.fixture(scope="session", autouse=True)
def window_settings_elsewhere(tmp_path_factory):
    """The main window remembers its geometry in QSettings: keep the tests' out of the machine's own."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path_factory.mktemp("qsettings")))


@pytest.fixture(autouse=True)
def no_log_file_left_open():
    """A test that opened the app (which logs beside its database) must not leave the file open."""
    yield
    logs.stop_logging()


@pytest.fixture(autouse=True)
def no_message_box_left_open(qapp):
    """A message box nobody answers would hang the run until CI's limit: after 10 s one is closed and the
    test fails with its text, so the cause shows in the report instead of a stalled worker."""
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    opened: dict[int, float] = {}
    left_open: list[str] = []

    def sweep() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            first = opened.setdefault(id(box), time.monotonic())
            if time.monotonic() - first > 10:
                left_open.append(f"{box.windowTitle()}：{box.text()}")
                box.reject()

    timer = QTimer()
    timer.timeout.connect(sweep)
    timer.start(500)
    yield
    timer.stop()
    assert not left_open, f"a message box was left open: {left_open}"
