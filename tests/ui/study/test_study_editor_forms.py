"""The 学法记录 editor forgives: Enter in the law field adds the law and never saves the half-filled session,
times and dates are read in any common form when the clerk leaves the field."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from core.staff import roster
from core.study import laws
from ui.study.editor import SessionEditor


def answer_box(button_text: str, seen: list) -> None:
    """Click `button_text` in the next modal message box."""
    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button_text).click()
    QTimer.singleShot(0, click)


def _discard(dialog: SessionEditor) -> None:
    """Closing at teardown must not ask 放弃修改 (a modal box nobody would answer)."""
    dialog.dirty = False


@pytest.fixture
def editor(store, qtbot):
    for name, dept in (("张三", "办公室"), ("李四", "业务科")):
        roster.add(store, name, dept)
    dialog = SessionEditor(store, None)
    qtbot.addWidget(dialog, before_close_func=_discard)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_enter_in_law_field_adds_the_law_and_keeps_the_editor_open(editor, store, qtbot):
    line = editor.law_combo.lineEdit()
    line.setFocus()
    qtbot.keyClicks(line, "Jiangxi Data Regulations")  # ASCII: QTest cannot type Chinese
    seen: list = []
    answer_box("加入目录", seen)
    qtbot.keyClick(line, Qt.Key_Return)
    assert seen, "加入目录 was asked"
    assert editor.isVisible() and editor.saved_id is None
    assert store.scalar("select count(*) from study_session") == 0
    assert editor.law_ids() == [laws.resolve(store, "Jiangxi Data Regulations")]


def test_enter_in_a_name_combo_does_not_save(editor, store, qtbot):
    line = editor.lecturer_combo.lineEdit()
    line.setFocus()
    qtbot.keyClicks(line, "Lawyer Zhang")
    qtbot.keyClick(line, Qt.Key_Return)
    assert editor.isVisible() and store.scalar("select count(*) from study_session") == 0


@pytest.mark.parametrize(("typed", "shown"), [("1430", "14:30"), ("14.30", "14:30"), ("2:30 pm", "14:30"),
                                               ("9:5", "09:05")])
def test_times_are_read_when_leaving_the_field(editor, qtbot, typed, shown):
    editor.start_edit.setFocus()
    qtbot.keyClicks(editor.start_edit, typed)
    editor.location_edit.setFocus()
    assert editor.start_edit.text() == shown and not editor.start_edit.problem


def test_a_time_that_is_not_one_is_flagged(editor, qtbot):
    editor.end_edit.setFocus()
    qtbot.keyClicks(editor.end_edit, "25:99")
    editor.location_edit.setFocus()
    assert editor.end_edit.text() == "25:99" and "时间无法识别" in editor.end_edit.problem


@pytest.mark.parametrize("typed", ["20270331", "2027-3-31", "2027/3/31", "2027.3.31"])
def test_dates_typed_in_any_form(editor, qtbot, typed):
    field = editor.date_edit
    field.setFocus()
    field.lineEdit().selectAll()
    qtbot.keyClicks(field, typed)
    editor.location_edit.setFocus()
    assert field.date() == QDate(2027, 3, 31) and not field.problem


def test_a_date_that_is_not_one_keeps_the_old_date(editor, qtbot):
    field = editor.date_edit
    before = field.date()
    field.setFocus()
    field.lineEdit().selectAll()
    qtbot.keyClicks(field, "abc")
    editor.location_edit.setFocus()
    assert field.date() == before and "日期无法识别" in field.problem


def test_department_buttons_wrap(store, qtbot):
    for i in range(14):
        roster.add(store, f"人员{i}", f"第{i}综合业务管理科")
    dialog = SessionEditor(store, None)
    qtbot.addWidget(dialog, before_close_func=_discard)
    assert dialog.minimumSizeHint().width() < 1366
    assert isinstance(dialog.topic_edit, QLineEdit)


@pytest.mark.parametrize("reason", ["click", "tab"])
def test_a_date_clicked_or_tabbed_into_is_replaced_by_what_is_typed(editor, qtbot, reason):
    """Clicked in the middle of 2026-11-21, typing 2027-3-31 used to make 2027-111-21 (then a wrong date kept)."""
    field = editor.date_edit
    editor.location_edit.setFocus()
    if reason == "click":
        line = field.lineEdit()
        qtbot.mouseClick(line, Qt.LeftButton, pos=line.rect().center())
    else:
        editor.date_edit.previousInFocusChain().setFocus()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
    qtbot.waitUntil(lambda: field.lineEdit().selectedText() == field.lineEdit().text())
    qtbot.keyClicks(field, "2027-3-31")
    editor.location_edit.setFocus()
    assert field.date() == QDate(2027, 3, 31) and not field.problem


def test_a_time_clicked_into_is_replaced_by_what_is_typed(editor, qtbot):
    field = editor.start_edit
    field.setText("09:00")
    qtbot.mouseClick(field, Qt.LeftButton, pos=field.rect().center())
    qtbot.waitUntil(lambda: field.selectedText() == "09:00")
    qtbot.keyClicks(field, "1430")
    editor.location_edit.setFocus()
    assert field.text() == "14:30"


def test_a_date_that_is_not_one_stops_the_save(editor, store, qtbot):
    field = editor.date_edit
    editor.topic_edit.setText("学习宪法")
    field.setFocus()
    field.lineEdit().selectAll()
    qtbot.keyClicks(field, "abc")
    editor.accept()  # Ctrl+S while still in the field
    assert editor.isVisible() and store.scalar("select count(*) from study_session") == 0
    assert "日期无法识别" in field.problem and field.hasFocus()


def test_the_editor_opens_on_its_first_field_ready_to_type_over(editor, qtbot):
    field = editor.date_edit
    qtbot.waitUntil(lambda: field.hasFocus() and field.lineEdit().selectedText() == field.lineEdit().text())
    qtbot.keyClicks(field, "2027-3-31")
    qtbot.keyClick(field, Qt.Key_Tab)
    assert field.date() == QDate(2027, 3, 31)
