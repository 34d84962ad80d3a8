"""Issue 12: on an empty database the empty 学法记录、整改事项 and 人员 lists offer 「载入示例数据」 — the welcome
dialog's demo, asked first, written off the UI thread — and never once any record exists."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from core import recycle
from core.reports import repository
from core.staff import roster
from tests.conftest import TODAY
from tests.ui.windows import shown
from ui import demo as demo_module
from ui.main_window import MainWindow
from ui.widgets.list_page import ListPage

DEMO = "载入示例数据"
DAILY = ("study", "rectification", "staff")


@pytest.fixture
def window(qtbot, store):
    return shown(qtbot, MainWindow(store))


def buttons(page: ListPage) -> dict[str, QPushButton]:
    """The placeholder's buttons now (those of an earlier hint may await deletion)."""
    row = page.placeholder.buttons
    return {b.text(): b for i in range(row.count()) if isinstance(b := row.itemAt(i).widget(), QPushButton)}


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """The confirmation's text; answered 载入."""
    texts: list[str] = []
    monkeypatch.setattr(demo_module, "confirm", lambda _parent, _title, text, ok="": texts.append(text) or True)
    return texts


def test_loading_the_demo_from_an_empty_list_fills_every_list(qtbot, window, store, asked):
    page = window.show_page("rectification")
    assert page.list_stack.currentWidget() is page.placeholder
    qtbot.mouseClick(buttons(page)[DEMO], Qt.LeftButton)
    qtbot.waitUntil(lambda: "已载入示例数据" in window.statusBar().currentMessage(), timeout=30000)
    assert "25 名在职人员（另有 1 名已调离）" in asked[0] and "学法记录、整改事项" in asked[0]
    assert page.list_stack.currentWidget() is page.view  # refreshed through the change hub
    assert page.model.rowCount() == store.scalar("select count(*) from rectification") > 0
    for key in DAILY:
        shown = window.show_page(key)
        assert shown.list_stack.currentWidget() is shown.view and shown.model.rowCount() > 0, key
    assert len(roster.people(store)) == 25 and store.scalar("select count(*) from staff") == 26  # once


def test_declining_writes_nothing(qtbot, window, store, monkeypatch):
    monkeypatch.setattr(demo_module, "confirm", lambda *_a, **_k: False)
    page = window.show_page("staff")
    qtbot.mouseClick(buttons(page)[DEMO], Qt.LeftButton)
    assert store.scalar("select count(*) from staff") == 0 and DEMO in buttons(page)


def test_a_unit_name_typed_at_first_start_is_kept(qtbot, window, store, asked):
    from core import unit

    profile = unit.load(store)
    profile.full_name = "青山区司法局"
    unit.save(store, profile)
    qtbot.mouseClick(buttons(window.show_page("staff"))[DEMO], Qt.LeftButton)
    qtbot.waitUntil(lambda: "已载入示例数据" in window.statusBar().currentMessage(), timeout=30000)
    assert "青山区司法局" in asked[0] and unit.load(store).full_name == "青山区司法局"


@pytest.mark.parametrize("record", ["report", "staff", "deleted"])
def test_not_offered_once_the_database_has_any_record(window, store, record):
    if record == "report":  # no staff yet, but a report drafted: the demo would mix into it
        repository.create_from_template(store, TODAY.year - 1)
    elif record == "staff":
        roster.add(store, "张伟", "办公室")
    else:  # deleted records wait in the 回收站 and can come back
        recycle.delete(store, "staff", roster.add(store, "张伟", "办公室"), "张伟")
    for key in DAILY:
        page = window.show_page(key)
        if page.list_stack.currentWidget() is page.placeholder:
            assert DEMO not in buttons(page), (record, key)
            assert "示例数据" not in page.placeholder.text.text()


def test_a_stale_offer_refuses_instead_of_mixing(qtbot, window, store, monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(demo_module.QMessageBox, "information", lambda _p, _t, text: told.append(text))
    page = window.show_page("rectification")
    offer = buttons(page)[DEMO]
    repository.create_from_template(store, TODAY.year - 1)  # the rectification list does not follow reports
    qtbot.mouseClick(offer, Qt.LeftButton)
    assert told and "空数据库" in told[0] and store.scalar("select count(*) from staff") == 0
