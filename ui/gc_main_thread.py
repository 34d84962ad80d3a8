"""Python's cyclic garbage collector runs only on the UI thread (after Anki's `GarbageCollector`).

Left automatic, a collection can start in whichever thread happens to allocate — a worker exporting a PDF,
say — and free Qt widgets that sat in reference cycles there; deleting a widget off the UI thread crashes
Qt. So automatic collection is off and a timer on the UI thread collects instead, plus once before every
worker starts (`collect_now`), so a worker never inherits widget garbage to free.
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 2000


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(INTERVAL_MS)

    def collect(self) -> None:
        # The young generations are cheap and catch almost everything; a full pass only when gen 2 has grown.
        threshold = gc.get_threshold()
        generation = 2 if gc.get_count()[2] > threshold[2] else 1
        gc.collect(generation)


def install(app: QObject) -> MainThreadCollector:
    """Once per application; the collector lives as long as the app."""
    existing = app.findChild(MainThreadCollector)
    return existing or MainThreadCollector(app)


def collect_now() -> None:
    """Free young cycles on the UI thread now (called before a worker thread starts). With automatic
    collection off a worker never starts a pass by itself; this covers code in it that calls gc.collect()."""
    gc.collect(1)
