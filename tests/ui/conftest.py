"""UI tests run on the same Chinese Qt the clerk sees: Qt's zh_CN translations and a Chinese locale.

Here rather than in tests/conftest.py so that tests/core never starts a QApplication.
"""
from __future__ import annotations

import pytest

from core import logs
from ui.chinese import install_chinese


@pytest.fixture(scope="session", autouse=True)
def chinese_qt(qapp):
    """Install the translators once on pytest-qt's QApplication, before any widget is built."""
    install_chinese(qapp)
    return qapp


@pytest.fixture(autouse=True)
def no_log_file_left_open():
    """A test that opened the app (which logs beside its database) must not leave the file open."""
    yield
    logs.stop_logging()
