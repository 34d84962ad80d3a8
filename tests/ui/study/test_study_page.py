"""学法记录 page and editor through real widgets (pytest-qt): create, warn on duplicates, filter, sort, delete,
people, import and export."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QImage, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from core import unit
from core.staff import roster
from core.study import laws, people, sessions
from core.study.sessions import StudyFilter
from ui.study.editor import ATTENDEE_COLUMNS, AttendeeModel, SessionEditor
from ui.study.page import PeopleTableModel, StudyPage

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "core" / "study"))
from test_study_import import messy_workbook

COL = {key: i for i, (key, _title) in enumerate(ATTENDEE_COLUMNS)}


def type_text(widget, text: str) -> None:
    """Type Chinese the way an input method commits it (QTest.keyClicks only knows ASCII)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def answer_box(qtbot, button_text: str, seen: list) -> None:
    """Click `button_text` in the next modal message box, remembering its text in `seen`."""
    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append((box.objectName(), box.text()))
        button = next(b for b in box.buttons() if b.text() == button_text)
        button.click()
    QTimer.singleShot(0, click)


@pytest.fixture
def team(store):
    unit.save(store, unit.UnitProfile(full_name="测试区司法局", short_name="区司法局"))
    return {name: roster.add(store, name, dept, "科员", leader)
            for name, dept, leader in (("王局长", "局领导", True), ("张三", "办公室", False),
                                       ("李四", "办公室", False), ("赵五", "业务科", False),
                                       ("孙六", "业务科", False))}


@pytest.fixture
def page(store, team, qtbot):
    p = StudyPage(store, None)
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    return p


def fill_editor(qtbot, editor: SessionEditor, topic: str, team: dict, day: QDate | None = None) -> None:
    editor.date_edit.setDate(day or QDate(2026, 5, 16))
    type_text(editor.topic_edit, topic)
    editor.form_combo.setCurrentText("集中学法")
    editor.hours_spin.setValue(2.5)
    type_text(editor.location_edit, "三楼会议室")
    editor.lecturer_combo.setCurrentText("律师 张某")
    model = editor.attendees
    for name in ("王局长", "张三", "李四"):
        model.setData(model.index(model.row_of(team[name]), COL["attended"]), Qt.Checked.value, Qt.CheckStateRole)
    row = model.row_of(team["赵五"])
    model.setData(model.index(row, COL["on_leave"]), Qt.Checked.value, Qt.CheckStateRole)
    model.setData(model.index(row, COL["leave_reason"]), "出差", Qt.EditRole)


def save(qtbot, editor: SessionEditor) -> None:
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)


def test_create_through_editor_changes_list_and_totals(page, team, store, qtbot):
    before = page.totals
    assert page.totals_label.text() == "共 0 次 · 参学 0 人次 · 0 学时"
    editor = page.new_session()
    assert editor.isVisible()
    fill_editor(qtbot, editor, "学习民法典", team)
    editor.law_combo.setCurrentText("《中华人民共和国民法典》")
    editor.add_law_from_combo()
    assert editor.count_label.text() == "参加 3 人，请假 1 人"
    save(qtbot, editor)
    assert editor.saved_id is not None and not editor.isVisible()
    after = page.totals
    assert (after.sessions - before.sessions, after.person_times - before.person_times,
            after.hours - before.hours) == (1, 3, 2.5)
    assert page.totals_label.text() == "共 1 次 · 参学 3 人次 · 2.5 学时"
    assert page.model.rowCount() == 1
    assert page.model.index(0, 2).data() == "学习民法典"
    assert page.model.index(0, 3).data() == "《民法典》"
    assert page.selected_ids() == [editor.saved_id]
    saved = sessions.get(store, editor.saved_id)
    assert [(a.staff_id, a.leave_reason) for a in saved.attendees if a.status == "on_leave"] == [(team["赵五"], "出差")]
    assert saved.lecturer_name == "律师 张某" and saved.lecturer_staff_id is None


def test_duplicate_warning(page, team, store, qtbot):
    first = page.new_session()
    fill_editor(qtbot, first, "学习民法典", team)
    save(qtbot, first)
    second = page.new_session()
    fill_editor(qtbot, second, "学习民法典", team)
    seen: list = []
    answer_box(qtbot, "取消", seen)
    save(qtbot, second)
    assert seen and seen[0][0] == "duplicate_warning" and "2026-05-16" in seen[0][1] and "学习民法典" in seen[0][1]
    assert second.isVisible() and second.saved_id is None
    assert sessions.totals(store).sessions == 1
    answer_box(qtbot, "仍然保存", seen)
    save(qtbot, second)
    assert len(seen) == 2 and second.saved_id is not None
    assert page.totals.sessions == 2
    # another day: no warning
    third = page.new_session()
    fill_editor(qtbot, third, "学习民法典", team, QDate(2026, 5, 17))
    save(qtbot, third)
    assert len(seen) == 2 and third.saved_id is not None


def test_edit_existing_keeps_values_and_no_self_duplicate(page, team, store, qtbot):
    editor = page.new_session()
    fill_editor(qtbot, editor, "学习宪法", team)
    save(qtbot, editor)
    sid = editor.saved_id
    page.view.setFocus()
    page.view.selectRow(0)
    qtbot.keyClick(page.view, Qt.Key_Return)
    again = page.editor
    assert again is not editor and again.session.id == sid
    assert again.topic_edit.text() == "学习宪法" and again.attendees.counts() == (3, 1)
    again.hours_spin.setValue(3)
    save(qtbot, again)  # same date and topic as itself: no warning, no box to answer
    assert store.get("study_session", sid)["hours"] == 3
    assert page.totals_label.text() == "共 1 次 · 参学 3 人次 · 3 学时"


def test_escape_asks_before_discarding(page, team, qtbot):
    editor = page.new_session()
    type_text(editor.topic_edit, "未保存")
    seen: list = []
    answer_box(qtbot, "取消", seen)
    qtbot.keyClick(editor, Qt.Key_Escape)
    assert seen and editor.isVisible()
    answer_box(qtbot, "放弃修改", seen)
    qtbot.keyClick(editor, Qt.Key_Escape)
    assert not editor.isVisible()
    clean = page.new_session()
    qtbot.keyClick(clean, Qt.Key_Escape)  # nothing edited: closes without asking
    assert not clean.isVisible() and len(seen) == 2


def test_ctrl_s_saves(page, team, qtbot):
    editor = page.new_session()
    fill_editor(qtbot, editor, "快捷键保存", team)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=2000)  # shortcuts fire in the active window only
    qtbot.keyClick(editor.topic_edit, Qt.Key_S, Qt.ControlModifier)
    assert editor.saved_id is not None
    by_enter = page.new_session()
    fill_editor(qtbot, by_enter, "回车保存", team)
    qtbot.keyClick(by_enter.topic_edit, Qt.Key_Return)  # Enter in a line edit presses 保存, the default button
    assert by_enter.saved_id is not None and not by_enter.isVisible()


def test_exam_scores_and_departments(page, team, store, qtbot):
    editor = page.new_session()
    assert not editor.pass_spin.isVisibleTo(editor)
    editor.form_combo.setCurrentText("学法考试")
    assert editor.pass_spin.isVisibleTo(editor) and not editor.attendee_view.isColumnHidden(COL["score"])
    type_text(editor.topic_edit, "年度学法考试")
    qtbot.mouseClick(editor.department_buttons["办公室"], Qt.LeftButton)
    assert editor.attendees.counts() == (2, 0)
    qtbot.mouseClick(editor.all_button, Qt.LeftButton)
    assert editor.attendees.counts() == (5, 0)
    model = editor.attendees
    for name, score in (("张三", 88.0), ("李四", 52.0)):
        assert model.setData(model.index(model.row_of(team[name]), COL["score"]), score, Qt.EditRole)
    editor.pass_spin.setValue(60)
    save(qtbot, editor)
    stats = {p.name: p for p in people.statistics(store, store.clock.today().year)}
    assert stats["张三"].exam_text() == "88（合格）" and stats["李四"].exam_text() == "52（不合格）"


def test_new_law_added_to_catalogue(page, team, store, qtbot):
    editor = page.new_session()
    editor.law_combo.setCurrentText("江西省数据条例")
    seen: list = []
    answer_box(qtbot, "加入目录", seen)
    law_id = editor.add_law_from_combo()
    assert seen and law_id == laws.resolve(store, "《江西省数据条例》")
    assert editor.law_ids() == [law_id]


def test_attachment_thumbnail(page, team, store, qtbot, tmp_path):
    image = QImage(64, 48, QImage.Format_RGB32)
    image.fill(Qt.red)
    photo = tmp_path / "现场照片.png"
    image.save(str(photo))
    editor = page.new_session()
    fill_editor(qtbot, editor, "带照片", team)
    with qtbot.waitSignal(editor.add_attachment_files([photo]).finished, timeout=10000):
        pass  # the copy runs in a worker
    item = editor.attachment_list.item(0)
    assert item.text() == "现场照片.png" and not item.icon().isNull()
    ids = [item.data(Qt.UserRole)]
    save(qtbot, editor)
    assert [a["id"] for a in sessions.attachments(store, editor.saved_id)] == ids


def test_filters_sort_and_totals_follow(demo_store, qtbot):
    page = StudyPage(demo_store, None)
    qtbot.addWidget(page)
    assert page.totals_label.text() == sessions.totals(demo_store).line()
    page.show_filtered(year=2025, month=5)
    expected = sessions.totals(demo_store, StudyFilter(year=2025, month=5))
    assert page.totals == expected and page.totals_label.text() == expected.line()
    assert all(page.model.index(r, 0).data().startswith("2025-05") for r in range(page.model.rowCount()))
    page.show_filtered(year=2025)
    page.form_combo.setCurrentIndex(page.form_combo.findData("会前学法"))
    assert page.totals == sessions.totals(demo_store, StudyFilter(year=2025, form="会前学法"))
    page.show_filtered()
    type_text(page.search_edit, "宪法")
    qtbot.waitUntil(lambda: page.filter.text == "宪法", timeout=2000)
    assert page.totals == sessions.totals(demo_store, StudyFilter(text="宪法"))
    page.show_filtered()
    law = laws.resolve(demo_store, "民法典")
    page.law_combo.setCurrentIndex(page.law_combo.findData(law))
    assert page.totals == sessions.totals(demo_store, StudyFilter(law_id=law)) and page.totals.sessions
    page.show_filtered()
    for column in range(page.model.columnCount()):
        page.view.sortByColumn(column, Qt.AscendingOrder)
        assert page.model.order_by and not page.model.descending
    page.view.sortByColumn(7, Qt.DescendingOrder)
    hours = [float(page.model.index(r, 7).data()) for r in range(page.model.rowCount())]
    assert hours == sorted(hours, reverse=True)


def test_delete_to_recycle_bin(page, team, store, qtbot):
    editor = page.new_session()
    fill_editor(qtbot, editor, "要删除的", team)
    save(qtbot, editor)
    page.view.setFocus()
    page.view.selectRow(0)
    seen: list = []
    answer_box(qtbot, "取消", seen)
    qtbot.keyClick(page.view, Qt.Key_Delete)
    assert seen and page.totals.sessions == 1
    answer_box(qtbot, "删除", seen)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=2000)  # shortcuts fire in the active window only
    qtbot.keyClick(page.view, Qt.Key_Delete)
    assert len(seen) == 2
    assert page.totals.sessions == 0 and page.model.rowCount() == 0
    assert store.scalar("select count(*) from recycle_bin where table_name = 'study_session'") == 1


def test_people_tab(demo_store, qtbot):
    page = StudyPage(demo_store, None)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(1)
    page.people_year.setCurrentIndex(page.people_year.findData(2025))
    stats = people.statistics(demo_store, 2025)
    leaders = page.leaders_model
    assert leaders.rowCount() == sum(p.is_leader for p in stats) and all(p.is_leader for p in leaders.people)
    assert page.people_model.rowCount() == sum(not p.is_leader for p in stats)
    below = [r for r in range(page.people_model.rowCount()) if not page.people_model.people[r].reached]
    assert below
    for r in below:
        assert page.people_model.index(r, 7).data().startswith("未达标")
        assert page.people_model.index(r, 7).data(Qt.BackgroundRole) is not None
    assert "未达标" in page.people_summary.text()


def test_models_pass_modeltester(demo_store, qtmodeltester, qtbot):
    page = StudyPage(demo_store, None)
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)
    page.show_filtered(year=2025)
    qtmodeltester.check(page.model)
    page.model.sort(7, Qt.AscendingOrder)
    qtmodeltester.check(page.model)
    qtmodeltester.check(PeopleTableModel(people.statistics(demo_store, 2025)))
    attendee = AttendeeModel(roster.list_staff(demo_store))
    attendee.set_exam(True)
    qtmodeltester.check(attendee)


def test_lazy_fetch(store, team, qtbot):
    with store.transaction():
        for i in range(450):
            sessions.save(store, sessions.Session(held_on=f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}", topic=f"第{i}次",
                                                  hours=1))
    page = StudyPage(store, None)
    qtbot.addWidget(page)
    model = page.model
    assert model.rowCount() == 450 and model.loaded() <= 200  # rows are read a block at a time
    model.index(449, 0).data()
    assert model.loaded() <= 400
    assert len({model.record_id(r) for r in range(450)}) == 450 and model.loaded() == 450


def test_import_through_preview_dialog(page, team, store, qtbot, tmp_path):
    roster.add(store, "钱七", "业务科", "科员")  # the workbook's 钱六 stays unknown
    path = messy_workbook(tmp_path / "台账.xlsx")
    # workers reopen the file by path; until a checkpoint, a fresh file's header lacks the LawDesk id
    store.conn.execute("pragma wal_checkpoint(TRUNCATE)")
    dialogs: list = []
    page.import_ledger(path, on_dialog=dialogs.append)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=5000)
    dialog = dialogs[0]
    assert len(dialog.rejected_texts()) == 1 and dialog.rejected_texts()[0].startswith("第 10 行")
    assert any("钱六" in w for w in dialog.preview.warnings)
    assert store.scalar("select count(*) from study_session") == 0
    with qtbot.waitSignal(dialog.accepted, timeout=10000):  # the commit runs in a worker
        qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    assert store.scalar("select count(*) from study_session") == 6
    assert page.totals.sessions == 6


def test_export_from_page(demo_store, qtbot, tmp_path):
    page = StudyPage(demo_store, None)
    qtbot.addWidget(page)
    page.show_filtered(year=2025)
    demo_store.conn.execute("pragma wal_checkpoint(TRUNCATE)")  # see test_import_through_preview_dialog
    out = tmp_path / "台账.xlsx"
    thread = page.export_xlsx(out)
    qtbot.waitUntil(lambda: thread.isFinished(), timeout=10000)
    assert load_workbook(out)["学法台账"]["A1"].value == "区政数局2025年度学法台账"
    word = tmp_path / "记录表.docx"
    thread = page.export_docx(word)
    qtbot.waitUntil(lambda: thread.isFinished(), timeout=10000)
    assert word.exists()


def test_open_record_from_elsewhere(demo_store, qtbot):
    page = StudyPage(demo_store, None)
    qtbot.addWidget(page)
    page.show_filtered(year=2026, form="会前学法")
    old = demo_store.scalar("select id from study_session where held_on like '2025-%' order by id limit 1")
    editor = page.open_record(old)
    assert editor.session.id == old and page.selected_ids() == [old]
    editor.close()
    assert page.editor is None


def test_main_window_navigation(demo_store, qtbot):
    from ui.main_window import MainWindow

    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    page = window.go_to("study", year=2025, form="会前学法")
    assert isinstance(page, StudyPage)
    assert page.totals == sessions.totals(demo_store, StudyFilter(year=2025, form="会前学法"))
    target = demo_store.scalar("select id from study_session where held_on like '2026-%' order by id limit 1")
    window.go_to("study", record_id=target)
    editor = page.editor
    assert editor is not None and editor.session.id == target
    editor.close()
    assert page.editor is None and window.close()
