"""Qt's own dialogs speak Chinese: message boxes, file dialogs, the calendar popup, print preview,
the progress dialog and the crash dialog show no English word (tests/ui/conftest.py installs the
translations exactly as the app does).

Each dialog is opened without blocking (show(), or a timer that inspects and closes a modal one),
its visible texts are collected, and any run of two or more Latin letters that is not a file path,
a file pattern or an allowed name (PDF, Word, Excel, LawDesk…) fails the test.
"""
from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import QDate, QLocale, QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QToolButton,
    QWidget,
)

from ui import ops
from ui.chinese import CHINESE
from ui.widgets.dates import calendar_opens_on, date_edit

ALLOWED = {"PDF", "Word", "Excel", "LawDesk", "WPS", "A4", "xlsx", "docx", "pdf", "txt"}
WORD = re.compile(r"[A-Za-z]{2,}")
TODAY = date(2026, 11, 21)


def _pathish(text: str) -> bool:
    """A folder or a file pattern the test itself put there (/tmp/…, *.xlsx)."""
    return "/" in text or "\\" in text or text.startswith("*.")


def english_words(texts: list[str]) -> list[str]:
    """Each text with a Latin word that is not allowed, e.g. ["&Look in:"]."""
    found = []
    for text in texts:
        words = [w for part in text.split() if not _pathish(part) for w in WORD.findall(part)]
        if any(w not in ALLOWED for w in words):
            found.append(text)
    return found


def visible_texts(root: QWidget) -> list[str]:
    """What a person can read in `root`: titles, labels, buttons, tool tips, combo items, actions, headers."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        texts.append(widget.toolTip())
        if isinstance(widget, (QAbstractButton, QLabel)):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            texts += [str(model.headerData(c, Qt.Horizontal) or "") for c in range(model.columnCount())]
        for action in widget.actions():
            texts += [action.text(), action.toolTip(), action.statusTip()]
    for action in root.findChildren(QAction):  # context-menu actions (重命名, 删除, 新建文件夹…) too
        texts += [action.text(), action.toolTip()]
    return [t for t in texts if t]


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
