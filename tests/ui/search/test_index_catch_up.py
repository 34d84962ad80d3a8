"""The window first: a long queue of other programs' writes is taken in after the window is shown,
with progress in the status bar, and what they wrote is then found."""

from __future__ import annotations

import sqlite3

from core.db import open_store
from core.search import index
from ui.main_window import MainWindow

STAMP = "2026-03-05T09:00:00"


def _write_outside(path, topics: list[str]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("begin")
    conn.executemany(
        "insert into study_session (held_on, form, topic, created_at, updated_at) values (?, ?, ?, ?, ?)",
        [("2026-03-05", "集中学法", t, STAMP, STAMP) for t in topics],
    )
    conn.execute("commit")
    conn.close()


def test_a_long_queue_catches_up_after_the_window_with_progress(qtbot, tmp_path, clock, type_chinese):
    path = tmp_path / "queue.db"
    open_store(path, clock=clock).close()
    count = index.INLINE_QUEUE + 6 * index.QUEUE_BATCH
    _write_outside(path, [f"第{i}次学习鲲鹏条例" for i in range(count)])
    store = open_store(path, clock=clock)
    try:
        assert index.pending(store) == count  # opening left it for after the window
        window = MainWindow(store)
        qtbot.addWidget(window)
        catch_up = window.index_catch_up
        seen: list[tuple[int, int, bool, str]] = []
        catch_up.progressed.connect(
            lambda done, total: seen.append((done, total, catch_up.bar.isVisibleTo(window), catch_up.label.text()))
        )
        with qtbot.waitSignal(catch_up.finished, timeout=30000):
            window.show()
        assert seen and seen[-1][:2] == (count, count)
        assert all(visible for _, _, visible, _ in seen)
        assert seen[-1][3] == f"正在更新搜索索引… {count}/{count}"
        assert not catch_up.bar.isVisible() and not catch_up.running()
        assert index.pending(store) == 0
        box = window.search_box
        type_chinese(box, "鲲鹏")
        qtbot.waitUntil(lambda: box.result is not None and box.panel.isVisible(), timeout=2000)
        assert box.result.groups[0].kind == "study" and box.result.groups[0].total >= min(count, 100)
        window.close()
    finally:
        store.close()


def test_closing_the_window_stops_the_catch_up(qtbot, tmp_path, clock):
    path = tmp_path / "stop.db"
    open_store(path, clock=clock).close()
    _write_outside(path, [f"第{i}次学习" for i in range(index.INLINE_QUEUE + 40 * index.QUEUE_BATCH)])
    store = open_store(path, clock=clock)
    try:
        window = MainWindow(store)
        qtbot.addWidget(window)
        catch_up = window.index_catch_up
        with qtbot.waitSignal(catch_up.progressed, timeout=10000):
            window.show()
        assert catch_up.running()
        window.close()
        assert not catch_up.running()  # stopped and waited for: the store can close now
        assert index.pending(store) > 0  # the rest waits for the next start; what was done is kept
    finally:
        store.close()


def test_an_index_up_to_date_starts_no_worker(qtbot, demo_store):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    assert not window.index_catch_up.running() and not window.index_catch_up.bar.isVisible()
