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
