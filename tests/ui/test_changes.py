"""The change hub: commits, in the UI's store or a worker's, reach the pages that show their tables."""
from __future__ import annotations

from core.staff import roster
from ui.changes import Changes
from ui.main_window import MainWindow
from ui.ops import run_op
from ui.staff.page import StaffPage


def _names(page: StaffPage) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def test_a_write_in_a_worker_store_reaches_a_page(store, qtbot):
    page = StaffPage(store)
    qtbot.addWidget(page)
    heard: list[frozenset[str]] = []
    page.changes.changed.connect(heard.append)
    thread = run_op(None, "测试", lambda own, _progress: roster.add(own, "张伟", "办公室", "科员"), store=store)
    with qtbot.waitSignal(thread.finished, timeout=10000):
        pass
    assert heard == [{"staff"}] and _names(page) == ["张伟"]


def test_commits_of_one_turn_are_announced_once(store, qtbot):
    hub = Changes.for_store(store)
    heard: list[frozenset[str]] = []
    hub.changed.connect(heard.append)
    roster.add(store, "张伟", "办公室", "科员")
    store.notify("settings")
    assert heard == []  # at the next turn of the event loop
    qtbot.waitUntil(lambda: bool(heard), timeout=1000)
    qtbot.wait(20)
    assert heard == [{"staff", "settings"}]


def test_a_hidden_page_is_stale_until_shown(store, qtbot):
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    page = window.pages["staff"]
    assert window.stack.currentWidget() is not page
    roster.add(store, "张伟", "办公室", "科员")
    window.changes.flush()
    assert page.stale and _names(page) == []  # not read while nobody sees it
    window.show_page("staff")
    assert _names(page) == ["张伟"] and not page.stale


def test_a_deleted_page_hears_nothing(store, qtbot):
    page = StaffPage(store)
    page.deleteLater()
    qtbot.wait(10)
    roster.add(store, "张伟", "办公室", "科员")
    Changes.for_store(store).flush()  # no call into the deleted page
