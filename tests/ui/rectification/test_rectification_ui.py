"""整改事项 page and editor through real widgets: the full flow, colours, counters, filters, delete, import."""
from __future__ import annotations

from datetime import date, timedelta

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core.rectification import items, rules
from core.rectification.rules import CLOSED, COMPLETED, IN_PROGRESS, NOT_STARTED
from core.staff import roster
from ui.rectification.editor import get_date, set_date
from ui.rectification.page import COLUMNS, DEADLINE_COLUMN, RectificationPage
from ui.widgets.row_model import RowTableModel

TODAY = date(2026, 11, 21)


@pytest.fixture
def page(qtbot, store):
    roster.add(store, "王建国", "局领导", "局长", True)
    roster.add(store, "郑海涛", "政务服务科", "科长", True)
    p = RectificationPage(store)
    p.refresh()
    qtbot.addWidget(p)
    return p


@pytest.fixture
def no_dialogs(monkeypatch):
    """Message boxes would block offscreen: record what they would say instead."""
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


def _brush_rgb(model, row, column, role=Qt.BackgroundRole) -> str:
    return model.index(row, column).data(role).color().name()[1:].upper()


def test_full_flow_create_progress_evidence_complete_close(qtbot, page, tmp_path, no_dialogs):
    before = page.counter_values()
    assert before["total"] == 0
    editor = page.add_item()
    editor.problem_edit.setPlainText("政务服务事项办理超过承诺时限")
    editor.source_combo.setCurrentText("上级通报")
    for measure in ("逐项梳理超时原因", "实行周通报"):  # QTest cannot type Chinese: set the text, press Enter
        editor.measure_edit.setText(measure)
        qtbot.keyClick(editor.measure_edit, Qt.Key_Return)
    editor.owner_combo.setCurrentIndex(editor.owner_combo.findText("郑海涛（政务服务科）"))
    assert editor.department_combo.currentText() == "政务服务科"  # filled from the roster
    set_date(editor.deadline_edit, TODAY + timedelta(days=3))
    qtbot.mouseClick(editor.save_button, Qt.LeftButton)
    item_id = editor.item_id
    assert item_id is not None and items.get(page.store, item_id)["measures"] == ["逐项梳理超时原因", "实行周通报"]
    assert page.counter_values()["total"] == 1 and page.counter_values()[NOT_STARTED] == 1
    assert page.counter_values()["临期"] == 1
    row = page.model.row_of(item_id)
    assert _brush_rgb(page.model, row, 0) == rules.STATUS_COLORS[NOT_STARTED]
    assert _brush_rgb(page.model, row, DEADLINE_COLUMN) == rules.DUE_SOON_COLOR

    qtbot.mouseClick(editor.status_buttons["开始整改"], Qt.LeftButton)
    assert items.get(page.store, item_id)["status"] == IN_PROGRESS
    for text in ("召开专题会议", "已梳理超时事项 12 件"):
        dialog = editor.ask_progress()
        dialog.text_edit.setPlainText(text)
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)
        assert dialog.result() == dialog.DialogCode.Accepted
    assert [e["text"] for e in items.log(page.store, item_id) if e["kind"] == "progress"] == [
        "召开专题会议", "已梳理超时事项 12 件"]
    assert editor.log_model.rowCount() == 4  # created, started, two progress entries
    assert page.model.row_at(page.model.row_of(item_id)).last_progress == "已梳理超时事项 12 件"

    # 销号 before completion: refused with core's message, nothing asked
    assert editor.ask_status("销号") is None
    assert any("只有“已完成”的事项才能销号" in t for t in no_dialogs)

    complete = editor.ask_status("标记完成")
    complete.completion_edit.setPlainText("")
    complete.submit()
    assert complete.error.isVisible() or "完成情况" in complete.error.text()
    assert "完成情况" in complete.error.text()
    complete.completion_edit.setPlainText("超时事项全部整改，建立周通报制度")
    complete.submit()
    assert complete.result() == complete.DialogCode.Accepted
    assert items.get(page.store, item_id)["status"] == COMPLETED
    assert _brush_rgb(page.model, page.model.row_of(item_id), 0) == rules.STATUS_COLORS[COMPLETED]

    close = editor.ask_status("销号")
    close.approver_combo.setEditText("王建国")
    close.submit()  # no evidence, no reason: refused, dialog stays
    assert "佐证材料" in close.error.text() and items.get(page.store, item_id)["status"] == COMPLETED
    close.reject()
    evidence = tmp_path / "周通报.pdf"
    evidence.write_bytes(b"%PDF-1.4 test")
    with qtbot.waitSignal(editor.add_evidence_files([evidence]).finished, timeout=10000):
        pass  # the copy runs in a worker
    assert editor.evidence_model.rowCount() == 1
    close = editor.ask_status("销号")
    close.approver_combo.setEditText("王建国")
    close.submit()
    assert close.result() == close.DialogCode.Accepted
    item = items.get(page.store, item_id)
    assert item["status"] == CLOSED and item["closed_by"] == "王建国" and item["closed_on"] == TODAY.isoformat()
    row = page.model.row_of(item_id)
    assert page.model.index(row, 1).data() == CLOSED
    assert _brush_rgb(page.model, row, 0) == rules.STATUS_COLORS[CLOSED]
    assert _brush_rgb(page.model, row, DEADLINE_COLUMN) == rules.STATUS_COLORS[CLOSED]  # no longer 临期
    after = page.counter_values()
    assert after[CLOSED] == 1 and after[NOT_STARTED] == 0 and after["临期"] == 0 and after["total"] == 1
    assert editor.header_label.text().startswith(item["number"])

    reopen = editor.ask_status("重新打开")
    reopen.submit()
    assert "原因" in reopen.error.text()
    reopen.reason_edit.setPlainText("复查发现反弹")
    reopen.submit()
    assert items.get(page.store, item_id)["status"] == IN_PROGRESS
    assert page.counter_values()[IN_PROGRESS] == 1
    editor.reject()


def test_model_passes_qtmodeltester(qtmodeltester, demo_store):
    model = RowTableModel(columns=COLUMNS)
    model.set_rows(items.lines_by_id(demo_store, items.list_ids(demo_store, today=TODAY), today=TODAY))
    qtmodeltester.check(model)
    model.sort(3, Qt.DescendingOrder)
    qtmodeltester.check(model)


def test_overdue_colours_and_show_filtered(qtbot, demo_store):
    page = RectificationPage(demo_store)
    qtbot.addWidget(page)
    page.refresh()
    counts = page.counter_values()
    assert counts["total"] == 20 and counts["逾期"] == 4 and counts["临期"] == 3
    assert sum(counts[s] for s in rules.STATUSES) == 20
    deadlines = [page.model.row_at(r).deadline for r in range(page.model.rowCount())]
    dated = [d for d in deadlines if d]
    assert dated == sorted(dated) and deadlines[-1] is None  # by deadline, 长期坚持 last
    page.show_filtered(overdue=True)
    assert page.model.rowCount() == 4 and page.overdue_check.isChecked()
    for r in range(4):
        assert _brush_rgb(page.model, r, 0) == rules.OVERDUE_COLOR
        assert _brush_rgb(page.model, r, DEADLINE_COLUMN, Qt.ForegroundRole) == rules.OVERDUE_TEXT_COLOR
        assert "逾期" in page.model.index(r, DEADLINE_COLUMN).data()
    assert page.counter_values()["total"] == 20  # counters show the scope, not just the 逾期 rows
    page.show_filtered(status=CLOSED)
    assert page.model.rowCount() == counts[CLOSED] and not page.overdue_check.isChecked()
    page.show_filtered(source="年度报告自查")
    assert page.model.rowCount() == 3 and page.counter_values()["total"] == 3
    page.department_combo.setCurrentIndex(page.department_combo.findData("办公室"))
    assert all(page.model.row_at(r).department == "办公室" for r in range(page.model.rowCount()))
    page.show_filtered(due_soon=True)
    assert page.model.rowCount() == 3
    page.counter_buttons[CLOSED].click()
    assert page.status_combo.currentData() == CLOSED and page.model.rowCount() == counts[CLOSED]


def test_open_record_and_delete_to_bin(qtbot, demo_store, monkeypatch):
    page = RectificationPage(demo_store)
    qtbot.addWidget(page)
    page.show_filtered(status=CLOSED)
    target = items.list_items(demo_store, items.ItemFilter(status=NOT_STARTED), today=TODAY)[0]["id"]
    editor = page.open_record(target)
    assert page.selected_id() == target and editor.item_id == target
    assert editor.problem_edit.toPlainText() == items.get(demo_store, target)["problem"]
    editor.reject()
    monkeypatch.setattr("ui.widgets.list_page.confirm", lambda *a, **k: False)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.select_id(target)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key_Delete)
    assert demo_store.scalar("select count(*) from rectification where id = ?", [target]) == 1
    monkeypatch.setattr("ui.widgets.list_page.confirm", lambda *a, **k: True)
    qtbot.keyClick(page.view, Qt.Key_Delete)
    assert demo_store.scalar("select count(*) from rectification where id = ?", [target]) == 0
    assert demo_store.scalar("select count(*) from recycle_bin where table_name = 'rectification'") == 1
    assert page.counter_values()["total"] == 19 and page.model.row_of(target) < 0


def test_enter_and_double_click_open_editor(qtbot, demo_store):
    page = RectificationPage(demo_store)
    qtbot.addWidget(page)
    page.refresh()
    page.select_id(page.model.record_id(2))
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key_Return)
    assert page.editor is not None and page.editor.item_id == page.model.record_id(2)
    page.editor.reject()


def test_editor_refuses_empty_problem(qtbot, page, no_dialogs):
    editor = page.add_item()
    assert not editor.save()
    assert any("问题描述" in t for t in no_dialogs)
    assert page.store.scalar("select count(*) from rectification") == 0
    assert not editor.add_progress_button.isEnabled()


def test_import_through_preview_only_on_confirm(qtbot, page, tmp_path, no_dialogs):
    path = tmp_path / "台账.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["某局整改台账"])
    ws.append(["序号", "存在问题", "整改措施", "责任科室", "整改时限", "整改状态"])
    ws.append([1, "问题甲", "措施", "办公室", "2026-12-31", "整改中"])
    ws.append([2, None, "措施", "办公室", "2026-12-31", "整改中"])
    ws.append([3, "问题丙", "措施", "办公室", "明年", "整改中"])
    ws.append([4, "问题丁", "措施", "办公室", "长期坚持", "已整改"])
    wb.save(path)
    # the worker's open_store checks the file header on disk; a fresh WAL database has not written it yet
    page.store.conn.execute("pragma wal_checkpoint(TRUNCATE)")
    page.import_ledger(path)
    qtbot.waitUntil(lambda: page.import_dialog is not None, timeout=10_000)
    dialog = page.import_dialog
    assert dialog.rejected_texts() == ["第 4 行：“问题描述”为空", next(t for t in dialog.rejected_texts() if t.startswith("第 5 行"))]
    assert "明年" in dialog.rejected_texts()[1]
    assert page.store.scalar("select count(*) from rectification") == 0
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):  # the commit runs in a worker
        qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    assert page.store.scalar("select count(*) from rectification") == 2
    assert page.counter_values()["total"] == 2 and page.counter_values()[COMPLETED] == 1


def test_export_from_page(qtbot, demo_store, tmp_path, no_dialogs):
    demo_store.conn.execute("pragma wal_checkpoint(TRUNCATE)")  # see test_import_through_preview_only_on_confirm
    page = RectificationPage(demo_store)
    qtbot.addWidget(page)
    page.refresh()
    out = tmp_path / "台账.xlsx"
    thread = page.export_to(out, "xlsx")
    qtbot.waitUntil(lambda: page.last_export == out, timeout=20_000)
    thread.wait(5000)
    ws = openpyxl.load_workbook(out)["整改台账"]
    assert ws.max_row == 22


def test_date_helpers(qtbot):
    from ui.rectification.editor import date_edit

    edit = date_edit("未定", None, date(2026, 11, 21))
    qtbot.addWidget(edit)
    assert get_date(edit) is None and edit.text() == "未定"
    set_date(edit, "2026-03-31")
    assert get_date(edit) == date(2026, 3, 31)


def test_double_click_opens_one_editor_and_lazy_model_is_valid(qtbot, demo_store, qtmodeltester):
    page = RectificationPage(demo_store)
    qtbot.addWidget(page)
    page.refresh()
    qtmodeltester.check(page.model)  # the page's model fetches rows lazily
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    opened = []
    original = page.open_editor
    page.open_editor = lambda item_id: opened.append(item_id) or original(item_id)
    rect = page.view.visualRect(page.model.index(1, 3))
    qtbot.mouseClick(page.view.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.LeftButton, pos=rect.center())
    assert opened == [page.model.record_id(1)]
    page.editor.reject()


def test_header_click_sorts_through_core(qtbot, demo_store):
    page = RectificationPage(demo_store)
    qtbot.addWidget(page)
    page.refresh()
    page.select_id(page.model.record_id(0))
    chosen = page.selected_id()
    page.view.sortByColumn(0, Qt.AscendingOrder)  # 编号 ascending
    numbers = [page.model.row_at(r).number for r in range(page.model.rowCount())]
    assert numbers == sorted(numbers)
    assert page.selected_id() == chosen  # the selection follows the item
    page.view.sortByColumn(0, Qt.DescendingOrder)
    assert [page.model.row_at(r).number for r in range(page.model.rowCount())] == sorted(numbers, reverse=True)
    page.show_filtered(overdue=True)  # the sort survives a filter change
    shown = [page.model.row_at(r).number for r in range(page.model.rowCount())]
    assert shown == sorted(shown, reverse=True) and len(shown) == 4


def test_unsaved_changes_asked_before_closing(qtbot, page, monkeypatch):
    asked = []
    monkeypatch.setattr("ui.rectification.editor.confirm", lambda *a, **k: asked.append(a[2]) or False)
    editor = page.add_item()
    editor.problem_edit.setPlainText("写了一半")
    editor.reject()
    assert asked and editor.isVisible()
    monkeypatch.setattr("ui.rectification.editor.confirm", lambda *a, **k: True)
    editor.reject()
    assert not editor.isVisible()
