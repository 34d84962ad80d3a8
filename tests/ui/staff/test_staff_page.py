"""人员 page through real widgets: add, filter, pinyin search, mark left, import a roster with bad rows."""
from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import QDate, QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from core.staff import roster
from ui.staff.page import COLUMNS, StaffPage
from ui.widgets.import_preview import ImportPreviewDialog
from ui.widgets.row_model import RowTableModel


@pytest.fixture
def page(qtbot, demo_store):
    p = StaffPage(demo_store, None)
    qtbot.addWidget(p)
    p.resize(1000, 600)
    p.show()
    return p


def type_text(widget, text: str) -> None:
    """Type any text, Chinese included, as key events (QTest.keyClicks only knows ASCII)."""
    for ch in text:
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.NoModifier, ch))


def names(page: StaffPage) -> list[str]:
    m = page.model
    return [m.index(r, 0).data() for r in range(m.rowCount())]


def column(page: StaffPage, title: str) -> list[str]:
    m = page.model
    col = [m.headerData(c, Qt.Horizontal) for c in range(m.columnCount())].index(title)
    return [m.index(r, col).data() for r in range(m.rowCount())]


def test_add_staff_through_the_dialog(qtbot, page):
    before = page.model.rowCount()
    assert page.count_label.text() == f"共 {before} 人"
    page.setFocus()
    qtbot.keyClick(page, Qt.Key_N, Qt.ControlModifier)
    editor = page.editor
    assert editor is not None and editor.isVisible()
    ok = editor.buttons.button(QDialogButtonBox.Ok)
    qtbot.mouseClick(ok, Qt.LeftButton)  # empty name: the dialog stays open with core's message
    assert editor.isVisible() and "请填写姓名" in editor.error.text()
    type_text(editor.name_edit, "欧阳娜娜")
    editor.department_combo.setFocus()
    editor.department_combo.lineEdit().selectAll()
    type_text(editor.department_combo.lineEdit(), "法制科")
    type_text(editor.position_edit, "科员")
    qtbot.mouseClick(editor.leader_check, Qt.LeftButton, pos=QPoint(8, editor.leader_check.height() // 2))
    qtbot.mouseClick(ok, Qt.LeftButton)
    assert not editor.isVisible()
    assert "欧阳娜娜" in names(page)
    assert page.count_label.text() == f"共 {before + 1} 人"
    assert page.selected_rows()[0].name == "欧阳娜娜"
    row = page.selected_rows()[0]
    assert (row.department, row.position, row.is_leader) == ("法制科", "科员", 1)
    assert page.department_combo.findText("法制科") > 0


def test_edit_with_enter_and_duplicate_warning(qtbot, page):
    page.search_edit.setText("李文静")
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(0, 0))
    page.view.selectRow(0)
    qtbot.keyClick(page.view, Qt.Key_Return)
    editor = page.editor
    assert editor.name_edit.text() == "李文静" and editor.windowTitle() == "编辑人员"
    editor.position_edit.setText("主任（兼）")
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert column(page, "职务") == ["主任（兼）"]
    # adding a second 张伟 in 办公室 asks for a second click
    page.search_edit.clear()
    editor = page.add_staff()
    editor.name_edit.setText("张伟")
    editor.department_combo.setEditText("办公室")
    ok = editor.buttons.button(QDialogButtonBox.Ok)
    qtbot.mouseClick(ok, Qt.LeftButton)
    assert editor.isVisible() and "已有一位“张伟”" in editor.error.text()
    qtbot.mouseClick(ok, Qt.LeftButton)
    assert not editor.isVisible()
    page.search_edit.setText("张伟")
    assert names(page) == ["张伟", "张伟"]


def test_filter_by_department_and_pinyin_initials(qtbot, page):
    page.department_combo.setCurrentText("数据资源科")
    assert set(column(page, "科室")) == {"数据资源科"}
    assert page.count_label.text() == "共 5 人"
    page.department_combo.setCurrentIndex(0)
    qtbot.keyClicks(page.search_edit, "zw")
    assert names(page) == ["张伟"]
    page.search_edit.clear()
    type_text(page.search_edit, "晓")
    assert set(names(page)) == {"孙晓燕", "马晓东"}
    page.status_combo.setCurrentText("离职")
    assert names(page) == []
    page.search_edit.clear()
    assert names(page) == ["黄志明"]
    assert column(page, "状态")[0].startswith("离职（")


def test_mark_left_and_restore(qtbot, page):
    page.search_edit.setText("周磊")
    page.view.selectRow(0)
    assert page.left_action.isEnabled() and not page.active_action.isEnabled()
    page.left_action.trigger()
    dialog = page.left_dialog
    dialog.date_edit.setDate(QDate(2026, 10, 31))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert column(page, "状态") == ["离职（2026-10-31）"]
    assert page.status_combo.currentText() == "全部"
    assert page.active_action.isEnabled()
    page.active_action.trigger()
    assert column(page, "状态") == ["在职"]


def test_mark_left_cancel_changes_nothing(qtbot, page):
    page.search_edit.setText("吴婷")
    page.view.selectRow(0)
    dialog = page.mark_left_selected()
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Cancel), Qt.LeftButton)
    assert column(page, "状态") == ["在职"]


def write_roster(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["区政数局人员花名册（2026年）"])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "姓名", "部门", "职务", "是否领导干部"])
    ws.append([1, "钟欣", "法规科", "科长", "是"])
    ws.append([2, None, "法规科", "科员", "否"])       # row 4: no name
    ws.append([3, "白雪", "法规科", "科员", "否"])
    ws.append([4, "张伟", "办公室", "副主任", "否"])     # row 6: already on the roster
    wb.save(path)
    return path


def test_import_roster_with_two_bad_rows(qtbot, page, tmp_path):
    path = write_roster(tmp_path / "花名册.xlsx")
    page.import_roster(path)
    qtbot.waitUntil(lambda: page.import_dialog is not None and page.import_dialog.isVisible(), timeout=10000)
    dialog = page.import_dialog
    assert dialog.rejected_texts() == ["第 4 行：缺少姓名", "第 6 行：人员名单中已有“张伟”（办公室），重复"]
    assert dialog.rejected_view.isVisible()
    assert dialog.import_button.text() == "导入 2 人" and dialog.import_button.isEnabled()
    m = dialog.accepted_model
    assert [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())] == [
        ["3", "钟欣", "法规科", "科长", "是"], ["5", "白雪", "法规科", "科员", ""]]
    assert "钟欣" not in [r.name for r in roster.people(page.store)]  # nothing written yet
    with qtbot.waitSignal(dialog.accepted, timeout=10000):  # the commit runs in a worker
        qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    assert "钟欣" in names(page)
    assert "白雪" in names(page)
    assert sorted(r.name for r in page.selected_rows()) == ["白雪", "钟欣"]
    assert page.department_combo.findText("法规科") > 0


def test_import_preview_with_nothing_to_import_disables_the_button(qtbot, page, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "科室"])
    wb.active.append(["张伟", "办公室"])
    wb.save(tmp_path / "dup.xlsx")
    page.import_roster(tmp_path / "dup.xlsx")
    qtbot.waitUntil(lambda: page.import_dialog is not None and page.import_dialog.isVisible(), timeout=10000)
    assert not page.import_dialog.import_button.isEnabled()
    assert page.import_dialog.import_button.text() == "导入 0 人"
    qtbot.mouseClick(page.import_dialog.cancel_button, Qt.LeftButton)


def test_import_preview_dialog_keeps_open_on_commit_error(qtbot, store):
    from core.errors import RuleViolation
    from core.tabular import ImportPreview

    class Item:
        row = 3
        name = "甲"

    preview = ImportPreview(file="x.xlsx", accepted=[Item()], warnings=["未在名单中：乙"])

    def commit(store, p):
        raise RuleViolation("写入失败，请重试。")

    dialog = ImportPreviewDialog(None, "导入测试", preview, [("名称", lambda i: i.name)], commit, store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text() == "写入失败，请重试。", timeout=10000)  # the commit runs in a worker
    assert dialog.isVisible() and dialog.import_button.isEnabled()
    assert dialog.warnings_model.index(0, 0).data() == "未在名单中：乙"


def test_staff_model_passes_qtmodeltester(qtmodeltester, demo_store):
    model = RowTableModel(columns=COLUMNS)
    model.set_rows(roster.people(demo_store, roster.StaffFilter(active=None)))
    assert model.rowCount() == 26
    qtmodeltester.check(model)


def test_run_op_hands_the_result_back_on_the_ui_thread(qtbot):
    import threading

    from ui.ops import run_op

    seen = []
    thread = run_op(None, "测试", lambda _store, progress: threading.get_ident(),
                    lambda worker_id: seen.append((worker_id, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    worker_id, callback_id = seen[0]
    assert callback_id == threading.get_ident() != worker_id
    thread.wait(2000)
