"""Issue 10 in the app: the import preview lists the dropped lines with 「恢复」 (one click takes a line back)
and lets the clerk type a title or 落款 the parser did not find; the editor makes half-width marks full-width
as one undo step, gives a heading that names a statutory part its kind, and asks before exporting a report
核稿 says is not ready."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from core.reports import parse, repository
from ui.reports import editor as editor_module
from ui.reports.editor import ReportEditor
from ui.reports.import_dialog import RESTORE_COLUMN, ImportPreviewDialog
from ui.reports.page import ReportsPage

CORPUS = Path(__file__).resolve().parents[2] / "data" / "reports"
WEB_PAGE = CORPUS / "02-xxgk-metadata-labels-linklist-tail.txt"
NO_TITLE = CORPUS / "11-no-title-nav-run-recipient.txt"


def type_text(widget, text: str) -> None:
    """Chinese text as key events carrying the characters (QTest.keyClicks only knows ASCII)."""
    widget.setFocus()
    for ch in text:
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.NoModifier, ch))


def click_restore(qtbot, dialog: ImportPreviewDialog, text: str) -> None:
    model = dialog.dropped_model
    row = next(r for r in range(model.rowCount()) if model.item(r, 1).text() == text)
    index = model.index(row, RESTORE_COLUMN)
    dialog.dropped.scrollTo(index)
    qtbot.mouseClick(dialog.dropped.viewport(), Qt.LeftButton, pos=dialog.dropped.visualRect(index).center())


def open_preview(qtbot, path: Path, today) -> ImportPreviewDialog:
    dialog = ImportPreviewDialog(path, parse.parse_file(path, today=today), today)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_preview_lists_dropped_lines_and_one_click_takes_one_back(qtbot, store):
    page = ReportsPage(store, None)
    qtbot.addWidget(page)
    page.import_files([WEB_PAGE])
    qtbot.waitUntil(lambda: page.import_dialog is not None, timeout=5000)
    dialog = page.import_dialog
    assert dialog.dropped_model.rowCount() == 15 and "15 行" in dialog.dropped_box.title()
    assert dialog.dropped_model.item(0, 2).text() == "网页导航"
    assert not dialog.missing_label.isVisibleTo(dialog)
    assert dialog.title_edit.text() == "清远市市场监督管理局2023年法治政府建设年度报告"
    click_restore(qtbot, dialog, "发布时间：2024-02-27 16:05")
    assert dialog.dropped_model.rowCount() == 14
    assert dialog.parsed.report.opening[0] == "发布时间：2024-02-27 16:05"
    dialog.accept()
    assert page.editor is not None
    assert page.editor.report.opening[0] == "发布时间：2024-02-27 16:05"
    assert "发布时间：2024-02-27 16:05" not in page.editor.report.dropped and len(page.editor.report.dropped) == 14


def test_preview_says_what_is_missing_and_takes_what_the_clerk_types(qtbot, clock):
    dialog = open_preview(qtbot, NO_TITLE, clock.today())
    assert dialog.missing_label.isVisibleTo(dialog) and "未找到标题" in dialog.missing_label.text()
    assert dialog.title_edit.placeholderText() == "未找到标题，请在此填写"
    type_text(dialog.title_edit, "新城区城市管理和综合执法局2023年度法治政府建设情况报告")
    click_restore(qtbot, dialog, "走进新城")  # a re-parse keeps what was typed
    assert dialog.title_edit.text() == "新城区城市管理和综合执法局2023年度法治政府建设情况报告"
    assert "走进新城" in dialog.parsed.report.opening
    dialog.issued_edit.setDate(QDate(2024, 2, 2))
    dialog.accept()
    report = dialog.parsed.report
    assert report.title == "新城区城市管理和综合执法局2023年度法治政府建设情况报告"
    assert report.issued_on.isoformat() == "2024-02-02" and report.year == 2023
    assert dialog.parsed.missing == []


@pytest.fixture
def editor(qtbot, store, samples_dir):
    report_id = repository.import_report(store, parse.parse_file(samples_dir / "report-2024-qingyuan.txt",
                                                                 today=store.clock.today()))
    widget = ReportEditor(store, report_id)
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _half_width(report) -> int:
    from core.reports import punctuation

    texts = [*report.opening, *(p for s in report.sections for p in s.body)]
    return sum(len(punctuation.ascii_marks(t)) for t in texts)


def test_fullwidth_all_in_one_click_and_one_undo(qtbot, editor):
    before = _half_width(editor.report)
    assert before > 20
    editor.run_check()
    button = editor.findings.fullwidth_button
    assert button.isVisibleTo(editor)
    qtbot.mouseClick(button, Qt.LeftButton)
    assert _half_width(editor.report) == 0 and editor.report.opening[0].startswith("2024年以来，根据")
    assert editor.undo_stack.undoText() == "全部改为全角" and "已将" in editor.last_notice
    assert not button.isVisibleTo(editor)  # 核稿 ran again: nothing left to change
    editor.undo_action.trigger()
    assert _half_width(editor.report) == before
    editor.redo_action.trigger()
    assert _half_width(editor.report) == 0


def test_heading_naming_a_statutory_part_gets_that_kind(qtbot, editor):
    last = editor.report.sections[-1]
    editor.select_section(last.uid)
    editor.add_sibling_action.trigger()
    added = editor.current_section()
    assert added.kind is None
    editor.section_form.heading_edit.selectAll()
    type_text(editor.section_form.heading_edit, "其他需要报告的情况")
    assert editor.current_section().kind == "other"
    assert editor.section_form.kind_combo.currentData() == "other"
    assert "missing_part" not in [f.code for f in editor.run_check()]
    chosen = editor.current_section()
    chosen.kind = "shortcomings"  # the clerk's own choice is not overridden by a later heading edit
    type_text(editor.section_form.heading_edit, "和意见建议")
    assert editor.current_section().kind == "shortcomings"


def test_export_asks_while_findings_remain(qtbot, editor, tmp_path, monkeypatch):
    asked = []
    answer = [False]
    monkeypatch.setattr(editor_module, "confirm", lambda _parent, title, text, ok="": asked.append(text) or answer[0])
    path = tmp_path / "报告.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))
    editor.choose_export("docx", False)
    assert len(asked) == 1 and "缺标题" in asked[0] and "半角标点" in asked[0]
    assert not path.exists() and editor.findings.isVisible()
    answer[0] = True
    editor.choose_export("docx", False)
    qtbot.waitUntil(path.exists, timeout=10000)
