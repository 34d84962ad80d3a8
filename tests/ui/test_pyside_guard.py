"""PySide6 6.12.0 drops None's refcount on every void call (DESIGN.md): the pinned version must not."""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_void_qt_calls_keep_none_refcount(qapp):
    obj = QObject()
    before = sys.getrefcount(None)
    for _i in range(10_000):
        obj.setObjectName("x")  # returns nothing
    after = sys.getrefcount(None)
    assert after >= before - 50, (before, after)
