"""Qt's own dialogs speak Chinese: message boxes, file dialogs, the calendar popup, print preview,
the progress dialog and the crash dialog show no English word (tests/ui/conftest.py installs the
translations exactly as the app does).

Each dialog is opened without blocking (show(), or a timer that inspects and closes a modal one),
its visible texts are collected (tests/ui/chinese_text.py, which docs/screenshots/take.py uses too), and any
run of two or more Latin letters that is not a file path, a file pattern or an allowed name fails the test.
"""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QLocale, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QDateEdit,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QToolButton,
    QWidget,
)

from tests.ui.chinese_text import english_words, visible_texts
from ui import ops
from ui.chinese import CHINESE
from ui.widgets.dates import calendar_opens_on, date_edit

TODAY = date(2026, 11, 21)


def close_all(cls: type[QWidget]) -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, cls) and widget.isVisible():
            widget.close()


def inspect_modal(seen: list[str], press: str | None = None) -> QTimer:
    """Read the next modal dialog's texts, then press `press` (or close it); a last resort timer closes
    any modal left so a failing test never hangs."""
    def look() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, look)
            return
        seen.extend(visible_texts(box))
        buttons = [b for b in box.findChildren(QAbstractButton) if b.text() == press]
        if buttons:
            buttons[0].click()
        else:
            box.close()

    def rescue() -> None:
        while QApplication.activeModalWidget() is not None:
            QApplication.activeModalWidget().close()

    QTimer.singleShot(0, look)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(rescue)
    guard.start(5000)
    return guard


def test_the_checker_finds_english():
    assert english_words(["&Look in:", "确定", "/tmp/a b", "Excel 工作簿 (*.xlsx)", "导出为 PDF"]) == ["&Look in:"]
    assert english_words(["Cancel"]) == ["Cancel"]
    # suffixes, bracketed patterns and key caps are not words; a word beside them still is
    assert english_words(["把 .lawdesk-pkg 文件拖到这里", "LawDesk 备份 (*.lawdesk-backup)", "新增（Ctrl+N）"]) == []
    assert english_words(["新增（Ctrl+N）Add"]) == ["新增（Ctrl+N）Add"]
    assert english_words(["导入年度报告 — report-2024.txt", "密钥指纹：D01F-5FDD-7055-77EB", "ZG-2026-001"]) == []


def test_locale_is_chinese(qapp):
    assert QLocale().language() == QLocale.Chinese
    assert QLocale().monthName(3) == "三月"
    assert QLocale().dayName(1, QLocale.ShortFormat) == "周一"


@pytest.mark.parametrize("icon, buttons", [
    (QMessageBox.Information, QMessageBox.Ok),
    (QMessageBox.Warning, QMessageBox.Ok),
    (QMessageBox.Critical, QMessageBox.Ok),
    (QMessageBox.Question, QMessageBox.Yes | QMessageBox.No),
    (QMessageBox.Question, QMessageBox.Ok | QMessageBox.Cancel),
    (QMessageBox.Warning, QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel),
    (QMessageBox.Information, QMessageBox.Close | QMessageBox.Retry | QMessageBox.Ignore | QMessageBox.Abort),
])
def test_message_boxes_have_chinese_buttons(qtbot, icon, buttons):
    box = QMessageBox(icon, "导出", "已导出。", buttons)
    box.setDetailedText("细节")  # its 显示细节… button is Qt's too
    qtbot.addWidget(box)
    box.show()
    texts = visible_texts(box)
    assert all(b.text() for b in box.buttons())
    assert english_words(texts) == [], texts


def test_show_error_and_confirm_speak_chinese(qtbot):
    seen: list[str] = []
    guard = inspect_modal(seen)
    ops.show_error(None, OSError(28, "No space left on device", "/tmp/导出.xlsx"), "无法导出")
    guard.stop()
    assert any("磁盘空间已满" in t for t in seen)
    assert english_words(seen) == [], seen

    seen.clear()
    guard = inspect_modal(seen, press="取消")
    assert ops.confirm(None, "删除", "确定删除吗？", "删除") is False
    guard.stop()
    assert "取消" in seen and "删除" in seen
    assert english_words(seen) == [], seen


@pytest.mark.parametrize("mode", [QFileDialog.AcceptOpen, QFileDialog.AcceptSave])
@pytest.mark.parametrize("view", [QFileDialog.List, QFileDialog.Detail])
def test_file_dialog_is_chinese(qtbot, tmp_path, mode, view):
    (tmp_path / "台账.xlsx").write_bytes(b"")
    dialog = QFileDialog(None, "导出", str(tmp_path), "Excel 工作簿 (*.xlsx);;所有文件 (*)")
    dialog.setOption(QFileDialog.DontUseNativeDialog)  # what Qt shows on Linux without a desktop theme
    dialog.setAcceptMode(mode)
    dialog.setViewMode(view)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = visible_texts(dialog)
    assert english_words(texts) == [], english_words(texts)
    assert any("查找范围" in t for t in texts) and any("文件类型" in t for t in texts)
    assert any("新建文件夹" in t for t in texts)
    dialog.close()


def test_static_file_dialogs_the_app_calls_are_chinese(qtbot, tmp_path):
    seen: list[str] = []
    guard = inspect_modal(seen)
    QFileDialog.getSaveFileName(None, "导出", str(tmp_path / "学法台账.xlsx"), "Excel 工作簿 (*.xlsx)")
    guard.stop()
    seen_open: list[str] = []
    guard = inspect_modal(seen_open)
    QFileDialog.getOpenFileNames(None, "添加附件", str(tmp_path), "所有文件 (*)")
    guard.stop()
    assert seen and seen_open
    assert english_words(seen + seen_open) == [], english_words(seen + seen_open)


def _open_popup(qtbot, edit: QDateEdit) -> QCalendarWidget:
    edit.show()
    qtbot.waitExposed(edit)
    qtbot.mouseClick(edit, Qt.LeftButton, pos=QPoint(edit.width() - 6, edit.height() // 2))  # the arrow
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    return calendar


def test_empty_date_field_opens_its_calendar_on_today_in_chinese(qtbot):
    edit = QDateEdit()
    edit.setMinimumDate(QDate(2000, 1, 1))
    edit.setSpecialValueText("未定")
    edit.setDate(edit.minimumDate())
    calendar_opens_on(edit, lambda: TODAY)
    qtbot.addWidget(edit)
    calendar = _open_popup(qtbot, edit)
    assert (calendar.yearShown(), calendar.monthShown()) == (2026, 11)
    assert edit.text() == "未定"  # opening the calendar does not fill the field
    assert calendar.dateTextFormat(QDate(2026, 11, 21)).fontWeight() >= 700  # today is marked
    popup = calendar.window()  # held: a temporary wrapper of Qt's popup takes the popup with it when collected
    texts = visible_texts(popup)
    view = calendar.findChild(QAbstractItemView)
    model = view.model()
    cells = [str(model.index(r, c).data() or "") for r in range(model.rowCount()) for c in range(model.columnCount())]
    assert {QLocale().dayName(d, QLocale.ShortFormat) for d in range(1, 8)} <= set(cells)  # 周一 … 周日
    month_button = [b for b in calendar.findChildren(QToolButton) if b.objectName() == "qt_calendar_monthbutton"][0]
    assert month_button.text() == "十一月"
    menu_months = [a.text() for a in month_button.menu().actions()]
    assert menu_months[0] == "一月"
    assert english_words(texts + cells + menu_months) == []
    calendar.window().hide()


def test_a_dated_field_opens_on_its_date(qtbot):
    edit = date_edit(TODAY, value=date(2025, 3, 31))
    qtbot.addWidget(edit)
    calendar = _open_popup(qtbot, edit)
    assert (calendar.yearShown(), calendar.monthShown()) == (2025, 3)
    assert calendar.locale().language() == CHINESE.language()
    calendar.window().hide()


def test_every_date_field_of_the_app_opens_near_today(qtbot, demo_store):
    """The fields that can be empty (整改时限, 问题发现日期, 成文日期) open on today, not 1900/2000."""
    from ui.rectification.editor import ItemEditor
    from ui.reports.section_form import ReportInfoForm

    editor = ItemEditor(demo_store, None)
    form = ReportInfoForm(lambda: TODAY)
    qtbot.addWidget(editor)
    qtbot.addWidget(form)
    for edit in (editor.deadline_edit, editor.source_date_edit, form.issued_edit):
        calendar = _open_popup(qtbot, edit)
        assert (calendar.yearShown(), calendar.monthShown()) == (2026, 11), edit.specialValueText()
        calendar.window().hide()


def test_print_preview_is_chinese(qtbot):
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter()
    dialog = QPrintPreviewDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = visible_texts(dialog)
    assert len(texts) > 15  # the tool bar's actions were read
    assert english_words(texts) == [], english_words(texts)
    dialog.close()


def test_progress_dialog_of_run_op_is_chinese(qtbot):
    import threading

    release = threading.Event()

    def work(_store, progress) -> None:
        progress(1, 10, "正在写入第 1 页…")
        release.wait(10)

    thread = ops.run_op(None, "正在导出…", work)
    op = next(o for o in ops._running if o.thread is thread)
    try:
        qtbot.waitUntil(lambda: op.dialog.labelText() == "正在写入第 1 页…", timeout=3000)
        op.dialog.show()  # Qt shows it itself after 400 ms of monotonic time, which a faked clock may stall
        texts = visible_texts(op.dialog)
    finally:
        release.set()
    with qtbot.waitSignal(thread.finished, timeout=5000):
        pass
    assert "取消" in texts
    assert english_words(texts) == [], texts


def test_a_plain_progress_dialog_is_chinese(qtbot):
    dialog = QProgressDialog()  # Qt's own default 取消 button
    qtbot.addWidget(dialog)
    dialog.show()
    assert english_words(visible_texts(dialog)) == []


def test_crash_dialog_is_chinese(qtbot):
    from ui.crash import CrashDialog

    dialog = CrashDialog("Traceback (most recent call last): …")
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [t for t in visible_texts(dialog) if not t.startswith("Traceback")]
    assert english_words(texts) == [], texts
    assert dialog.windowTitle() == "程序出现意外错误"


def test_nothing_is_left_open(qapp):
    for cls in (QFileDialog, QMessageBox):
        close_all(cls)
    assert QApplication.activeModalWidget() is None
