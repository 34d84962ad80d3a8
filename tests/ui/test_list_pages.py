"""What every list page (`ui.widgets.list_page.ListPage`) gives at once: keyboard focus after a page switch,
guidance on an empty list, icons on the toolbar, remembered folders and the message after an export."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QToolBar

from core.staff import roster
from tests.ui.windows import shown
from ui.main_window import MainWindow
from ui.widgets import files
from ui.widgets.list_page import ListPage

LIST_PAGES = ("study", "rectification", "staff", "reports")


@pytest.fixture
def window(qtbot, store):
    return shown(qtbot, MainWindow(store), active=True)


def _close_editor(page: ListPage) -> None:
    editor = page.editor
    if editor is not None and hasattr(editor, "reject"):
        editor.reject()


@pytest.mark.parametrize("key", ["rectification", "staff"])
def test_ctrl_n_works_right_after_a_ctrl_number_switch(qtbot, window, key):
    number = window.page_keys().index(key) + 1
    qtbot.keyClick(window, Qt.Key(Qt.Key_0 + number), Qt.ControlModifier)
    page = window.pages[key]
    assert window.stack.currentWidget() is page
    assert page.isAncestorOf(QApplication.focusWidget())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible())
    _close_editor(page)


def test_focus_goes_into_the_list_after_show_page(qtbot, window, store):
    roster.add(store, "张伟", "办公室")
    page = window.show_page("staff")
    assert QApplication.focusWidget() is page.view
    qtbot.keyClick(page.view, Qt.Key_F, Qt.ControlModifier)
    assert QApplication.focusWidget() is page.search_edit


def test_empty_pages_explain_the_first_step(window):
    demo = "载入示例数据"  # the database is empty: the three daily lists also offer the demo
    expected = {"study": ["先在“人员”中添加人员", demo], "rectification": ["新增整改事项", "导入整改台账…", demo],
                "staff": ["新增人员", "导入花名册…", demo], "reports": ["新建年度报告", "导入往年报告…"]}
    for key, buttons in expected.items():
        page = window.show_page(key)
        assert page.list_stack.currentWidget() is page.placeholder
        assert page.placeholder.button_texts() == buttons
        assert page.placeholder.title.text().startswith("还没有")


def test_study_offers_new_and_import_once_staff_exist(window, store):
    roster.add(store, "张伟", "办公室")
    page = window.show_page("study")
    assert page.placeholder.button_texts() == ["新增学法记录", "导入学法台账…"]


def test_the_study_hint_leads_to_the_staff_page(qtbot, window):
    page = window.show_page("study")
    qtbot.mouseClick(_button(page, "先在“人员”中添加人员"), Qt.LeftButton)
    assert window.stack.currentWidget() is window.pages["staff"]


def _button(page: ListPage, text: str) -> QPushButton:
    return next(b for b in page.placeholder.findChildren(QPushButton) if b.text() == text and not b.isHidden())


def test_filters_hiding_everything_offer_to_clear_them(qtbot, window, store):
    roster.add(store, "张伟", "办公室")
    page = window.show_page("staff")
    assert page.list_stack.currentWidget() is page.view
    page.search_edit.setText("没有这个人")
    assert page.list_stack.currentWidget() is page.placeholder
    assert page.placeholder.title.text() == "没有符合筛选条件的记录"
    qtbot.mouseClick(_button(page, "清除筛选"), Qt.LeftButton)
    assert page.search_edit.text() == "" and page.list_stack.currentWidget() is page.view


def test_every_list_toolbar_has_icons_beside_the_text(window):
    for key in LIST_PAGES:
        toolbar = window.pages[key].toolbar
        assert isinstance(toolbar, QToolBar)
        assert toolbar.toolButtonStyle() == Qt.ToolButtonTextBesideIcon
        actions = [a for a in toolbar.actions() if not a.isSeparator()]
        assert [a.text() for a in actions[:3]] == ["新增", "编辑", "删除"]
        assert all(not a.icon().isNull() for a in actions), key


def test_file_dialogs_start_in_documents_then_remember_the_folder_per_kind(tmp_path, monkeypatch):
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    asked: list[str] = []
    picked = tmp_path / "台账" / "a.xlsx"
    picked.parent.mkdir()

    def fake_open(_parent, _title, start, _filter):
        asked.append(start)
        return str(picked), ""

    monkeypatch.setattr(files.QFileDialog, "getOpenFileName", fake_open)
    assert files.open_file(None, "study_import", "导入", "*.xlsx") == picked
    assert asked[0] == str(files.documents_folder()) and asked[0] not in ("/root", str(Path.cwd()))
    files.open_file(None, "study_import", "导入", "*.xlsx")
    assert asked[1] == str(picked.parent)
    assert files.last_folder("export_docx") == files.documents_folder()  # another kind: its own folder

    saved: list[str] = []
    monkeypatch.setattr(files.QFileDialog, "getSaveFileName",
                        lambda _p, _t, start, _f: (saved.append(start), (str(tmp_path / "out.docx"), ""))[1])
    assert files.save_file(None, "export_docx", "导出", "报告.docx", "*.docx") == tmp_path / "out.docx"
    assert saved == [str(files.documents_folder() / "报告.docx")]
    assert files.last_folder("export_docx") == tmp_path


def test_after_an_export_open_file_and_folder(qtbot, tmp_path, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(files.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    out = tmp_path / "台账.xlsx"
    box = files.show_exported(None, out, "已导出 3 项")
    qtbot.addWidget(box)
    buttons = {b.text(): b for b in box.buttons()}
    assert {"打开文件", "打开所在文件夹"} <= set(buttons)
    buttons["打开文件"].click()
    box = files.show_exported(None, out)
    qtbot.addWidget(box)
    {b.text(): b for b in box.buttons()}["打开所在文件夹"].click()
    assert opened == [str(out), str(tmp_path)]


def test_a_list_page_export_shows_the_open_buttons(qtbot, window, tmp_path):
    page = window.show_page("rectification")
    out = tmp_path / "整改台账.xlsx"
    thread = page.export_to(out, "xlsx")
    qtbot.waitUntil(lambda: getattr(page, "export_box", None) is not None, timeout=10000)
    if thread is not None and hasattr(thread, "wait"):
        thread.wait()
    assert out.exists()
    assert "打开所在文件夹" in [b.text() for b in page.export_box.buttons()]
    page.export_box.close()
