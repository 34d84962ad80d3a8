"""Garbage cycles are freed on the UI thread only: automatic collection is off, the app's timer collects."""
from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtWidgets import QWidget

from ui import gc_main_thread
from ui.ops import run_op


class _Cycle:
    def __init__(self) -> None:
        self.me = self
        self.widget = QWidget()  # a widget kept alive only by a cycle: must be freed on the UI thread


def test_automatic_collection_is_off_and_the_timer_collects(qapp, qtbot):
    collector = gc_main_thread.install(qapp)
    assert gc_main_thread.install(qapp) is collector  # once per application
    assert not gc.isenabled()
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    del cycle
    assert gone() is not None  # nothing collects by itself
    collector.collect()
    assert gone() is None


def test_a_worker_never_frees_the_ui_threads_garbage(qapp, qtbot):
    gc_main_thread.install(qapp)
    freed_in: list[str] = []

    class Marked(_Cycle):
        def __del__(self) -> None:
            freed_in.append(threading.current_thread().name)

    Marked()  # garbage now, in a cycle
    thread = run_op(None, "正在处理…", lambda _store, _progress: gc.collect())
    with qtbot.waitSignal(thread.finished, timeout=5000):
        pass
    assert freed_in == [threading.main_thread().name]  # collected before the worker started
