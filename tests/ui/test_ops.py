"""Background work: result and errors come back on the UI thread; cancel stops the worker."""
from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread

from core.errors import RuleViolation
from ui.ops import run_op


def test_result_arrives_on_the_ui_thread(qtbot):
    seen = {}

    def work(_store, progress):
        progress(1, 2, "半程")
        return threading.get_ident()

    def done(worker_ident):
        seen["worker"] = worker_ident
        seen["ui"] = threading.get_ident()

    thread = run_op(None, "测试", work, on_done=done)
    with qtbot.waitSignal(thread.finished, timeout=5000):
        pass
    qtbot.waitUntil(lambda: "ui" in seen)
    assert seen["ui"] == threading.main_thread().ident
    assert seen["worker"] != seen["ui"]


def test_errors_are_handed_back_and_cancel_stops(qtbot):
    errors = []
    thread = run_op(None, "测试", lambda _s, p: (_ for _ in ()).throw(RuleViolation("不行")), on_error=errors.append)
    with qtbot.waitSignal(thread.finished, timeout=5000):
        pass
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], RuleViolation) and errors[0].message == "不行"

    steps = []

    def slow(_store, progress):
        for i in range(200):
            progress(i, 200)
            steps.append(i)
            time.sleep(0.01)
        return "finished"

    done = []
    thread = run_op(None, "慢", slow, on_done=done.append)
    qtbot.waitUntil(lambda: len(steps) > 3)
    from ui.ops import _running
    [op for op in _running if op.thread is thread][0].dialog.canceled.emit()  # the 取消 button
    with qtbot.waitSignal(thread.finished, timeout=5000):
        pass
    assert done == [] and len(steps) < 200
    assert isinstance(thread, QThread)
