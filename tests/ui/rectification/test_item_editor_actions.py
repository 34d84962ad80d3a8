"""The 整改 editor offers only legal actions: status buttons follow core's rules (a tooltip says why one is
off), 责任人 follow the chosen 责任科室, the 未定 deadline takes a typed date; and the welcome dialog's red
line goes once a name is typed."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QDate

from core.rectification import items
from core.rectification.rules import CLOSED, COMPLETED, IN_PROGRESS, NOT_STARTED, TransitionRequest
from core.staff import roster
from ui.rectification.editor import ItemEditor, get_date


@pytest.fixture
def item_id(store):
    roster.add(store, "甲", "办公室")
    roster.add(store, "乙", "业务科")
    return items.create(store, {"problem": "制度不健全", "measures": ["修订制度"]})


def _editor(store, qtbot, item_id) -> ItemEditor:
    editor = ItemEditor(store, item_id)
    qtbot.addWidget(editor, before_close_func=lambda e: setattr(e, "_saved_values", e.values()))
    return editor


def _enabled(editor) -> dict[str, bool]:
    return {text: button.isEnabled() for text, button in editor.status_buttons.items()}


def _move(store, item_id, *steps) -> None:
    for request in steps:
        items.transition(store, item_id, request, today=store.clock.today())


def test_status_buttons_follow_the_rules(store, qtbot, item_id):
    today = store.clock.today()
    expected = {
        NOT_STARTED: {"开始整改": True, "标记完成": False, "销号": False, "重新打开": False},
        IN_PROGRESS: {"开始整改": False, "标记完成": True, "销号": False, "重新打开": False},
        COMPLETED: {"开始整改": False, "标记完成": False, "销号": True, "重新打开": True},
        CLOSED: {"开始整改": False, "标记完成": False, "销号": False, "重新打开": True},
    }
    steps = [None, TransitionRequest(IN_PROGRESS),
             TransitionRequest(COMPLETED, on_date=today, completion="已修订"),
             TransitionRequest(CLOSED, approver="王局长", no_evidence_reason="制度文件已归档")]
    for status, step in zip(expected, steps):
        if step is not None:
            _move(store, item_id, step)
        editor = _editor(store, qtbot, item_id)
        assert _enabled(editor) == expected[status], status
        for text, button in editor.status_buttons.items():
            assert button.toolTip(), text  # enabled: what it does; disabled: why not
        if status == CLOSED:
            assert "只有“已完成”的事项才能销号" in editor.status_buttons["销号"].toolTip() or \
                "已是" in editor.status_buttons["销号"].toolTip()
        if status == NOT_STARTED:
            assert "只有“已完成”或“已销号”" in editor.status_buttons["重新打开"].toolTip()
            assert "请先“开始整改”" in editor.status_buttons["标记完成"].toolTip()


def test_owner_narrowed_to_the_department(store, qtbot, item_id):
    editor = _editor(store, qtbot, item_id)
    owners = lambda: [editor.owner_combo.itemText(i) for i in range(editor.owner_combo.count())]  # noqa: E731
    assert {"甲（办公室）", "乙（业务科）"} <= set(owners())
    editor.department_combo.setEditText("业务科")
    assert owners() == ["（未指定）", "乙（业务科）"]
    editor.owner_combo.setCurrentIndex(1)
    editor.department_combo.setEditText("办公室")
    assert owners() == ["（未指定）", "甲（办公室）"] and editor.owner_combo.currentData() is None
    editor.department_combo.setEditText("")
    assert len(owners()) == 3


def test_typed_deadline_replaces_undecided(store, qtbot, item_id):
    editor = _editor(store, qtbot, item_id)
    field = editor.deadline_edit
    assert field.text() == "未定"
    field.lineEdit().setText("2027-03-31")
    field.commit_text()
    assert get_date(field).isoformat() == "2027-03-31"
    field.lineEdit().setText("")
    field.commit_text()
    assert get_date(field) is None and field.date() == QDate(2000, 1, 1)


def test_log_text_column_is_the_widest(store, qtbot, item_id):
    _move(store, item_id, TransitionRequest(IN_PROGRESS))
    items.add_progress(store, item_id, "已起草制度初稿，正在征求各科室意见", today=store.clock.today())
    editor = _editor(store, qtbot, item_id)
    editor.resize(1120, 700)
    editor.show()
    qtbot.waitExposed(editor)
    widths = [editor.log_view.columnWidth(c) for c in range(editor.log_model.columnCount())]
    assert widths[2] == max(widths) and widths[2] >= sum(widths) / 2 - 1


def test_welcome_error_clears_when_a_name_is_typed(qtbot, type_chinese):
    from ui.welcome import WelcomeDialog

    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    dialog.empty_button.click()
    assert dialog.message.text() and dialog.result() == 0
    type_chinese(dialog.unit_edit, "青山区司法局")
    dialog.unit_edit.textEdited.emit(dialog.unit_edit.text())  # as typing does
    assert dialog.message.text() == ""
