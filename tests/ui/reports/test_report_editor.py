"""Acceptance of the report editor (issue 5): template, outline edits with numbering in outline and preview,
figures from the demo ledgers, 核稿 with jump to the finding, versions compared side by side, undo/redo,
draft recovery after a crash, and the list page around it."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from core.reports import repository
from core.reports.model import Report, Section, numbered
from ui.reports import editor as editor_module
from ui.reports import versions as versions_module
from ui.reports.dialogs import NewReportDialog, StatusDialog
from ui.reports.outline_model import OutlineModel
from ui.reports.page import ReportsPage


@pytest.fixture
def page(qtbot, store):
    widget = ReportsPage(store, None)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    return widget


def new_report(page: ReportsPage, year: int | None = None):
    dialog = NewReportDialog(date(2026, 1, 10), set())
    assert dialog.year == 2025  # default: last year, the year reported on
    if year is not None:
        dialog.year_spin.setValue(year)
    report_id = page.new_report(dialog)
    assert page.editor is not None and page.stack.currentWidget() is page.editor
    assert page.editor.report.id == report_id
    return page.editor


def outline_rows(editor, parent: QModelIndex = QModelIndex()) -> list[str]:
    model = editor.model
    return [model.index(row, 0, parent).data() for row in range(model.rowCount(parent))]


def type_text(widget, text: str) -> None:
    """Type Chinese text as key events (QTest.keyClicks only knows ASCII)."""
    for ch in text:
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.NoModifier, ch))


def type_heading(qtbot, editor, text: str) -> None:
    edit = editor.section_form.heading_edit
    edit.selectAll()
    type_text(edit, text)


def preview_text(qtbot, editor) -> str:
    qtbot.waitUntil(lambda: not editor._preview_timer.isActive(), timeout=2000)
    return editor.preview.toPlainText()


def test_template_add_move_renumbers_outline_and_preview(qtbot, page):
    editor = new_report(page)
    assert [k for k in (s.kind for s in editor.report.sections)] == [
        "achievements", "shortcomings", "leader_duties", "next_year_plan", "other"]
    assert outline_rows(editor)[0].startswith("一、2025年度")
    part_one = editor.report.sections[0].uid
    editor.select_section(part_one)
    editor.add_child_action.trigger()
    type_heading(qtbot, editor, "深入学习宪法")
    editor.add_sibling_action.trigger()
    type_heading(qtbot, editor, "推进政务公开")
    part_index = editor.model.index_of(part_one)
    assert outline_rows(editor, part_index) == ["（一）深入学习宪法", "（二）推进政务公开"]
    assert editor.section_form.number_label.text() == "（二）"
    text = preview_text(qtbot, editor)
    assert text.index("（一）深入学习宪法") < text.index("（二）推进政务公开")

    editor.up_action.trigger()  # move 推进政务公开 above
    assert outline_rows(editor, editor.model.index_of(part_one)) == ["（一）推进政务公开", "（二）深入学习宪法"]
    assert editor.tree.currentIndex().data() == "（一）推进政务公开"
    text = preview_text(qtbot, editor)
    assert "（一）推进政务公开" in text and "（二）深入学习宪法" in text
    assert text.index("（一）推进政务公开") < text.index("（二）深入学习宪法")


def test_drag_and_drop_moves_and_undo_redo(qtbot, page):
    editor = new_report(page)
    one, two = editor.report.sections[0].uid, editor.report.sections[1].uid
    editor.select_section(one)
    editor.add_child_action.trigger()
    type_heading(qtbot, editor, "甲")
    moved = editor.current_uid()
    model = editor.model
    # drop 甲 onto part 二 (row -1: as its last child), as the tree view does on a drop
    mime = model.mimeData([model.index_of(moved)])
    assert model.canDropMimeData(mime, Qt.MoveAction, -1, 0, model.index_of(two))
    assert not model.canDropMimeData(mime, Qt.MoveAction, -1, 0, model.index_of(moved))
    model.dropMimeData(mime, Qt.MoveAction, -1, 0, model.index_of(two))
    qtbot.waitUntil(lambda: outline_rows(editor, editor.model.index_of(two)) == ["（一）甲"], timeout=2000)
    assert outline_rows(editor, editor.model.index_of(one)) == []

    editor.undo_action.trigger()
    assert outline_rows(editor, editor.model.index_of(one)) == ["（一）甲"]
    assert outline_rows(editor, editor.model.index_of(two)) == []
    editor.redo_action.trigger()
    assert outline_rows(editor, editor.model.index_of(two)) == ["（一）甲"]
    # drop a top-level part above the first one (drop row 0 at the top level) renumbers every part
    model = editor.model
    five = editor.report.sections[4].uid
    model.dropMimeData(model.mimeData([model.index_of(five)]), Qt.MoveAction, 0, 0, QModelIndex())
    qtbot.waitUntil(lambda: outline_rows(editor)[0] == "一、其他需要报告的情况", timeout=2000)
    assert outline_rows(editor)[1].startswith("二、2025年度推进法治政府建设的主要举措")
    assert "一、其他需要报告的情况" in preview_text(qtbot, editor)


def test_undo_redo_of_move_and_of_typing(qtbot, page):
    editor = new_report(page)
    first = [s.heading for s in editor.report.sections]
    editor.select_section(editor.report.sections[0].uid)
    editor.down_action.trigger()
    assert [s.heading for s in editor.report.sections][:2] == [first[1], first[0]]
    assert outline_rows(editor)[1] == "二、" + first[0]
    editor.undo_action.trigger()
    assert [s.heading for s in editor.report.sections] == first
    assert outline_rows(editor)[0] == "一、" + first[0]
    assert editor.current_uid() == editor.report.sections[0].uid
    editor.redo_action.trigger()
    assert [s.heading for s in editor.report.sections][:2] == [first[1], first[0]]
    assert editor.current_uid() == editor.report.sections[1].uid  # the moved part stays selected
    # typed text merges into one step per field
    editor.select_section(editor.report.sections[0].uid)
    type_heading(qtbot, editor, "新标题")
    depth = editor.undo_stack.count()
    type_text(editor.section_form.heading_edit, "甲乙")
    assert editor.undo_stack.count() == depth
    assert editor.report.sections[0].heading == "新标题甲乙"
    editor.undo_action.trigger()
    assert editor.report.sections[0].heading == first[1]
    assert editor.section_form.heading_edit.text() == first[1]


def test_tab_in_outline_indents_and_delete_asks(qtbot, page, monkeypatch):
    editor = new_report(page)
    editor.select_section(editor.report.sections[1].uid)
    qtbot.keyClick(editor.tree, Qt.Key_Tab)
    assert len(editor.report.sections) == 4
    assert outline_rows(editor, editor.model.index_of(editor.report.sections[0].uid))[0].startswith("（一）2025")
    qtbot.keyClick(editor.tree, Qt.Key_Backtab)
    assert len(editor.report.sections) == 5
    asked = []
    monkeypatch.setattr(editor_module, "confirm", lambda *a, **k: asked.append(a[2]) or False)
    editor.delete_action.trigger()  # the part holds its hint text: asks, and "取消" keeps it
    assert asked and len(editor.report.sections) == 5
    monkeypatch.setattr(editor_module, "confirm", lambda *a, **k: True)
    editor.delete_action.trigger()
    assert len(editor.report.sections) == 4
    assert outline_rows(editor)[1].startswith("二、2025年度党政主要负责人")


def _study_figures(store, year: int) -> tuple[int, int, str]:
    """Sessions, 人次 and 学时 of a year, counted from the raw tables (not from core's totals)."""
    sessions = store.scalar("select count(*) from study_session where substr(held_on, 1, 4) = ?", [str(year)])
    attended = store.scalar(
        "select count(*) from study_attendance a join study_session s on s.id = a.session_id "
        "where a.status = 'attended' and substr(s.held_on, 1, 4) = ?", [str(year)])
    outside = store.scalar("select coalesce(sum(outside_count), 0) from study_session "
                           "where substr(held_on, 1, 4) = ?", [str(year)])
    hours = store.scalar("select coalesce(sum(hours), 0) from study_session where substr(held_on, 1, 4) = ?",
                         [str(year)])
    hours_text = f"{hours:.1f}".rstrip("0").rstrip(".")
    return sessions, attended + outside, hours_text


def test_insert_study_figures_of_demo_database(qtbot, demo_store):
    page = ReportsPage(demo_store, None)
    qtbot.addWidget(page)
    editor = new_report(page, year=2026)
    sessions, person_times, hours = _study_figures(demo_store, 2026)
    assert sessions > 0
    editor.select_section(editor.report.sections[0].uid)
    depth = editor.undo_stack.count()
    editor.study_action.trigger()
    expected = f"共组织学法活动{sessions}次，参学{person_times}人次，累计{hours}学时"
    body = editor.report.sections[0].body
    assert len(body) == 2 and expected in body[1]  # a new paragraph after the hint, ordinary text
    assert expected in editor.section_form.body_edit.toPlainText()
    assert expected in preview_text(qtbot, editor).replace("\n", "")
    assert editor.undo_stack.count() == depth + 1
    editor.undo_action.trigger()
    assert len(editor.report.sections[0].body) == 1


def test_check_and_click_a_finding_reaches_its_section(qtbot, page):
    editor = new_report(page)
    third = editor.report.sections[2]
    findings = editor.run_check(today=date(2026, 1, 10))
    assert editor.findings.isVisibleTo(editor)
    assert "（2026年3月1日前）还有 50 天" in editor.findings.deadlines.text()
    assert "（2026年4月1日前）还有 81 天" in editor.findings.deadlines.text()
    findings = editor.findings.model.findings  # deadlines are in the header line, not in the table
    assert all(f.code != "deadline" for f in findings)
    rows = [i for i, f in enumerate(findings) if f.section_uid == third.uid and f.code == "template_hint"]
    assert rows, [(f.code, f.section) for f in findings]
    table = editor.findings.table
    assert table.model().index(rows[0], 0).data() == "模板提示"
    editor.select_section(editor.report.sections[0].uid)
    rect = table.visualRect(table.model().index(rows[0], 1))
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    assert editor.current_uid() == third.uid
    assert editor.tabs.currentWidget() is editor.section_form
    assert editor.section_form.body_edit.textCursor().selectedText().startswith("【请填写")
    # a finding outside the sections (the opening's hint) opens 报告信息
    opening = next(i for i, f in enumerate(findings) if f.section_uid is None and f.code == "template_hint")
    rect = table.visualRect(table.model().index(opening, 1))
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    assert editor.tabs.currentWidget() is editor.info_form


def test_save_twice_and_compare_versions(qtbot, page, monkeypatch):
    editor = new_report(page)
    editor.select_section(editor.report.sections[0].uid)
    editor.section_form.body_edit.setPlainText("第一稿：全年办理行政复议案件3件。")
    editor.save_action.trigger()
    assert not editor.is_dirty()
    editor.section_form.body_edit.setPlainText("第二稿：全年办理行政复议案件5件。")
    assert editor.is_dirty()
    editor.save_action.trigger()
    dialog = editor.show_versions(exec_dialog=False)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 3  # template, first save, second save (newest first)
    dialog.select_rows(0, 1)
    compare = dialog.compare_selected()
    assert compare is not None
    changed = compare.changed_rows()
    assert [(r.old, r.new) for r in changed] == [("第一稿：全年办理行政复议案件3件。", "第二稿：全年办理行政复议案件5件。")]
    row = compare.rows.index(changed[0])
    model = compare.model
    assert model.index(row, 0).data() == "第一稿：全年办理行政复议案件3件。"
    assert model.index(row, 1).data() == "第二稿：全年办理行政复议案件5件。"
    assert model.index(row, 1).data(Qt.BackgroundRole) is not None
    assert model.index(0, 0).data(Qt.BackgroundRole) is None  # the unchanged title is not highlighted
    # restore the first save
    monkeypatch.setattr(versions_module, "confirm", lambda *a, **k: True)
    dialog.select_rows(1)
    assert dialog.restore_selected()
    assert editor.report.sections[0].body == ["第一稿：全年办理行政复议案件3件。"]
    assert editor.section_form.body_edit.toPlainText() == "第一稿：全年办理行政复议案件3件。"


def test_draft_recovered_after_crash(qtbot, store, monkeypatch):
    crashed = ReportsPage(store, None)
    qtbot.addWidget(crashed)
    editor = new_report(crashed)
    report_id = editor.report.id
    editor.select_section(editor.report.sections[4].uid)
    editor.section_form.body_edit.setPlainText("无。")
    editor.select_section(editor.report.sections[0].uid)  # leaving the section keeps a draft
    assert repository.pending_draft(store, report_id) is not None
    # the app dies here: no save; a new window opens the report and offers the draft
    asked = []
    monkeypatch.setattr(editor_module, "confirm", lambda *a, **k: asked.append(a[1]) or True)
    again = ReportsPage(store, None)
    qtbot.addWidget(again)
    recovered = again.open_record(report_id)
    assert asked == ["恢复未保存的修改"]
    assert recovered.report.sections[4].body == ["无。"]
    assert recovered.is_dirty()
    recovered.save_action.trigger()
    assert repository.load(store, report_id).sections[4].body == ["无。"]
    assert repository.pending_draft(store, report_id) is None


def test_can_close_asks_to_save(qtbot, page, monkeypatch):
    editor = new_report(page)
    assert page.can_close()
    editor.info_form.title_edit.selectAll()
    type_text(editor.info_form.title_edit, "新标题")
    assert editor.report.title == "新标题"
    monkeypatch.setattr(editor_module, "ask_save", lambda *a: "cancel")
    assert not page.can_close()
    monkeypatch.setattr(editor_module, "ask_save", lambda *a: "save")
    assert page.close_editor()
    assert page.editor is None and page.stack.currentWidget() is page.list_widget
    assert page.model.rows[0].title == "新标题"


def test_list_status_and_delete(qtbot, page, monkeypatch):
    editor = new_report(page)
    editor.back_action.trigger()
    assert page.editor is None and page.model.rowCount() == 1
    assert page.model.index(0, 0).data() == "2025 年度"
    dialog = StatusDialog("草稿", date(2026, 2, 10))
    assert [dialog.status_combo.itemText(i) for i in range(dialog.status_combo.count())] == ["已定稿"]
    assert page.change_status(dialog)
    assert page.model.index(0, 2).data() == "已定稿"
    monkeypatch.setattr("ui.widgets.list_page.confirm", lambda *a, **k: True)  # the list page asks
    assert page.delete_selected()
    assert page.model.rowCount() == 0 and page.list_stack.currentWidget() is page.placeholder
    assert "新建年度报告" in page.placeholder.button_texts()


def test_import_traditional_sample_with_preview(qtbot, page, samples_dir):
    page.import_files([samples_dir / "report-2020-wujiang-traditional.txt"])
    qtbot.waitUntil(lambda: page.import_dialog is not None, timeout=5000)
    dialog = page.import_dialog
    assert dialog.convert_box.isVisibleTo(dialog) and dialog.convert_box.isChecked()
    assert dialog.parsed.report.title == "韶关市武江区政务服务数据管理局2020年法治政府建设年度报告"
    assert dialog.outline_model.rowCount() == 5
    dialog.convert_box.setChecked(False)  # the clerk may keep the Traditional text
    assert dialog.parsed.report.title != "韶关市武江区政务服务数据管理局2020年法治政府建设年度报告"
    dialog.convert_box.setChecked(True)
    dialog.accept()
    assert page.editor is not None
    assert page.editor.report.title == "韶关市武江区政务服务数据管理局2020年法治政府建设年度报告"
    assert page.editor.report.sections[4].body == ["无。"]


def test_generate_rectification_items_from_shortcomings(qtbot, page, store):
    editor = new_report(page)
    editor.select_section(editor.report.sections[1].uid)
    editor.section_form.body_edit.setPlainText(
        "一是执法人员法治培训不够系统。二是政务数据共享的制度建设滞后。三是行政规范性文件清理不及时。")
    dialog = editor.generate_items(exec_dialog=False)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 3 and len(dialog.ticked()) == 3
    dialog.model.item(1).setCheckState(Qt.Unchecked)
    assert len(dialog.ticked()) == 2
    dialog.accept()
    assert len(editor.created_items) == 2
    assert "已生成 2 项整改事项" in editor.last_notice
    problems = [r["problem"] for r in store.query("select problem from rectification order by id")]
    assert any("执法人员法治培训" in p for p in problems) and not any("政务数据共享" in p for p in problems)


def test_export_word_from_editor(qtbot, page, tmp_path):
    from docx import Document

    editor = new_report(page)
    path = tmp_path / "报告.docx"
    thread = editor.export_to(path, "docx")
    qtbot.waitUntil(lambda: path.exists() and thread.isFinished(), timeout=10000)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert editor.report.title in text.replace("\n", "")


def test_outline_model_passes_qtmodeltester(qtmodeltester):
    report = Report(id=None, year=2025, title="t", sections=[
        Section("甲", 1, ["a"], "achievements", children=[
            Section("乙", 2, [], children=[Section("丙", 3, []), Section("丁", 3, [], children=[Section("戊", 4, [])])]),
            Section("己", 3, []),
        ]),
        Section("庚", 1, [], None),
    ])
    model = OutlineModel(report)
    qtmodeltester.check(model)
    numbers = [number for _s, number, _d in numbered(report)]
    child = model.index(0, 0, model.index(0, 0))
    assert child.data() == "（一）乙" and numbers[1] == "（一）"
    assert model.index(1, 0, model.index(0, 0)).data() == "1.己"
    assert model.parent(model.index(0, 0, child)) == child


def test_export_pdf_off_the_ui_thread(qtbot, page, tmp_path):
    editor = new_report(page)
    path = tmp_path / "报告.pdf"
    done = []
    thread = editor.export_to(path, "pdf", public=True, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done) and thread.isFinished(), timeout=20000)
    assert done == [path] and path.read_bytes().startswith(b"%PDF")
    assert "已导出" in editor.state_label.text()


def test_keyboard_shortcuts_in_the_outline(qtbot, page):
    editor = new_report(page)
    page.show()
    qtbot.waitExposed(page)
    page.windowHandle().requestActivate()  # shortcuts only reach an active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=2000)
    headings = [s.heading for s in editor.report.sections]
    editor.select_section(editor.report.sections[0].uid)
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, Qt.Key_Down, Qt.AltModifier)  # 下移
    assert [s.heading for s in editor.report.sections][:2] == [headings[1], headings[0]]
    qtbot.keyClick(editor.tree, Qt.Key_Return, Qt.ControlModifier)  # 添加同级 after it
    assert editor.report.sections[2].heading == "新章节" and len(editor.report.sections) == 6
    assert editor.section_form.heading_edit.hasFocus()
    type_text(editor.section_form.heading_edit, "补充")
    # Ctrl+Z in the heading box undoes through the editor's stack, not the line edit's own history
    qtbot.keyClick(editor.section_form.heading_edit, Qt.Key_Z, Qt.ControlModifier)
    assert editor.report.sections[2].heading == "新章节"
    qtbot.keyClick(editor.section_form.heading_edit, Qt.Key_Y, Qt.ControlModifier)
    assert editor.report.sections[2].heading == "补充"
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, Qt.Key_Delete)  # empty: deleted without asking
    assert len(editor.report.sections) == 5
    qtbot.keyClick(editor.tree, Qt.Key_Up, Qt.AltModifier)
    qtbot.keyClick(editor.tree, Qt.Key_S, Qt.ControlModifier)  # 保存
    assert not editor.is_dirty()
    assert [s.heading for s in repository.load(page.store, editor.report.id).sections] == [
        s.heading for s in editor.report.sections]


def test_level_and_kind_choices(qtbot, page):
    editor = new_report(page)
    part = editor.report.sections[0]
    editor.select_section(part.uid)
    form = editor.section_form
    levels = form.level_combo.model()
    assert [levels.item(i).isEnabled() for i in range(4)] == [True, False, False, False]  # parts are 一、
    editor.add_child_action.trigger()
    assert [levels.item(i).isEnabled() for i in range(4)] == [False, True, True, True]
    assert not form.kind_combo.isEnabled()
    form.level_combo.setCurrentIndex(2)
    form.level_combo.activated.emit(2)  # the clerk picks 1. for a point without a （一） above it
    assert outline_rows(editor, editor.model.index_of(part.uid)) == ["1.新章节"]
    editor.select_section(editor.report.sections[4].uid)
    form.kind_combo.setCurrentIndex(0)
    form.kind_combo.activated.emit(0)
    assert editor.report.sections[4].kind is None
    editor.select_section(editor.report.sections[3].uid)
    editor.select_section(editor.report.sections[4].uid)
    assert form.kind_combo.currentText() == "无（不属于法定部分）"
    assert editor.model.index_of(editor.report.sections[4].uid).data(Qt.UserRole + 2) is None
    editor.undo_action.trigger()
    assert editor.report.sections[4].kind == "other"


def test_autosave_every_30_seconds_keeps_a_draft(qtbot, page, store):
    editor = new_report(page)
    assert editor._autosave.interval() == 30_000 and editor._autosave.isActive()
    editor.autosave()
    assert store.scalar("select count(*) from report_draft") == 0  # nothing changed: nothing written
    editor.select_section(editor.report.sections[0].uid)
    editor.section_form.body_edit.setPlainText("自动保存的段落。")
    editor._autosave.timeout.emit()
    draft = repository.pending_draft(store, editor.report.id)
    assert draft is not None and draft.sections[0].body == ["自动保存的段落。"]
    editor.save_action.trigger()
    assert repository.pending_draft(store, editor.report.id) is None


def test_open_from_list_and_at_a_section(qtbot, page, store):
    report_id = repository.create_from_template(store, 2025)
    page.refresh()
    page.show()
    qtbot.waitExposed(page)
    table = page.view
    rect = table.visualRect(page.model.index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=rect.center())  # a double click starts with a press
    qtbot.mouseDClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    assert page.editor is not None and page.editor.report.id == report_id
    assert page.editor.current_uid() == page.editor.report.sections[0].uid
    page.editor.back_action.trigger()
    assert page.editor is None
    third = repository.load(store, report_id).sections[2]
    editor = page.open_record(report_id, section_id=third.id)  # how search and 首页 open a report
    assert editor.current_uid() == third.uid
    assert editor.section_form.heading_edit.text() == third.heading


def test_a_published_report_says_so_across_the_editor(qtbot, demo_store):
    """The 已公开 warning used to sit in a narrow label beside the tool bar and was cut after its first words."""
    published = next(r for r in repository.list_reports(demo_store) if r["status"] == "已公开")
    page = ReportsPage(demo_store, None)
    qtbot.addWidget(page)
    page.resize(1218, 680)  # the editor's share of a 1366×728 window
    page.show()
    editor = page.open_editor(published["id"])
    notice = editor.filed_notice
    assert notice.isVisible() and "此报告已公开" in notice.text() and "重新报送" in notice.text()
    assert notice.width() > 1000 and notice.height() >= notice.heightForWidth(notice.width())  # whole, not cut
    assert editor.state_label.text() == f"{published['year']} 年度 · 已公开 · 已保存"
    draft = page.open_editor(next(r for r in repository.list_reports(demo_store) if r["status"] == "草稿")["id"])
    assert not draft.filed_notice.isVisible()
