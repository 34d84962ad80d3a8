"""Shared fixtures. Qt runs offscreen; set before anything imports Qt."""
from __future__ import annotations

import gc
import os
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LAWDESK_NO_AUTO_BACKUP", "1")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from core.clock import FixedClock  # noqa: E402
from core.db import open_store  # noqa: E402

TODAY = date(2026, 11, 21)  # every test's "today" unless it moves its clock; the demo data is dated by it


@pytest.fixture(autouse=True)
def collect_garbage_on_the_main_thread():
    """The UI tests turn automatic garbage collection off (ui.gc_main_thread, as the app does): collect the
    young generations after every test on this, the main, thread, so no worker thread ever frees widgets."""
    yield
    if not gc.isenabled():
        gc.collect(1)


@pytest.fixture
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is not beside this checkout")
    return SAMPLES


@pytest.fixture
def clock() -> FixedClock:
    """The tests' clock, standing at TODAY; a test may `clock.set(...)` before it draws anything."""
    return FixedClock(TODAY)


@pytest.fixture
def store(tmp_path, clock):
    """A fresh, empty, migrated database in a temporary folder, on the tests' clock."""
    s = open_store(tmp_path / "lawdesk.db", clock=clock)
    yield s
    s.close()


@pytest.fixture
def demo_store(tmp_path, clock):
    """The demo bureau (staff and every feature's demo records), dated as of the clock's day (TODAY)."""
    from core import demo

    s = open_store(tmp_path / "demo.db", clock=clock)
    demo.fill(s)
    yield s
    s.close()


def type_text(widget, text: str) -> None:
    """Type Chinese text the way an input method delivers it (QInputMethodEvent commit string).

    `qtbot.keyClicks` only handles ASCII: with Chinese characters QTest aborts the process
    (qasciikey.cpp assertion). Use `qtbot.keyClicks` for ASCII and this for everything else.
    """
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def type_chinese():
    """`type_chinese(widget, "张三")`: see `type_text`."""
    return type_text
