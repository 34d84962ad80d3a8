"""Issue 12's acceptance: the clerk's three daily jobs, done through the real main window on a 1366×768 laptop
and counted in steps, so that a change which adds a step to a job fails here.

A step is what the clerk does with keyboard or mouse: a click, a double-click, a key or chord (Ctrl+3, Enter),
typing one field's value; opening a drop-down and picking from it is two. Every step goes through `Clerk`,
which drives the real widgets (found on the window, never slots called to skip the UI), checks that what is
clicked is visible, enabled and on a 1366×728 screen (768 less the taskbar; a window wider than the screen is
placed at its left edge, as Qt places dialogs), and that typing goes to the field with the keyboard focus.

The system's file dialogs are answered by `FileDialogs` as the clerk would: the clerk keeps the bureau's
files in 文档 (Documents); a dialog opening there takes one step (accept the suggested name, or double-click
the file), one opening anywhere else takes one more (click 文档 in the sidebar). 「打开文件」 is recorded,
not opened. The steps of each job, before and after issue 12, are listed in the issue's closing note.
"""
from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QDesktopServices, QGuiApplication, QInputMethodEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QMenu,
    QMessageBox,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QToolBar,
    QWidget,
)
from shiboken6 import isValid

from ui.main_window import MainWindow
from ui.widgets import files, forms

SCREEN = QSize(1366, 728)  # a 1366×768 laptop, less the taskbar


class Clerk:
    """The clerk's hands: each method is one step (`choose` two) on a real widget, recorded in `steps`."""

    def __init__(self, qtbot, main: QWidget) -> None:
        self.qtbot, self.main = qtbot, main
        self.steps: list[str] = []
        self._waiting: list[tuple[Callable[[], QWidget | None], Callable[[QWidget], None]]] = []
        self._failed: list[BaseException] = []
        self._timer = QTimer(interval=10)
        self._timer.timeout.connect(self._serve)
        self._timer.start()

    def step(self, what: str) -> None:
        self.steps.append(what)

    def _pause(self) -> None:
        """Between two steps a person takes far longer than Qt needs to finish what the last one queued."""
        self.qtbot.wait(5)
        self.activate()

    def activate(self) -> None:
        """What the desktop does when a dialog closes and Qt's offscreen screen does not: activate the window
        left on top (the modal one still open, else the main window)."""
        if QApplication.activeWindow() is None and not QApplication.activePopupWidget():
            (QApplication.activeModalWidget() or self.main).activateWindow()

    # -- what the clerk can reach -----------------------------------------------------------------
    def _reach(self, widget: QWidget, pos: QPoint, what: str) -> None:
        assert widget.isVisible() and widget.isEnabled(), f"{what}：控件不可见或不可用"
        under = widget.childAt(pos) or widget  # the part that takes the click (a text box's viewport…)
        assert under.visibleRegion().contains(under.mapFrom(widget, pos)), f"{what}：控件被遮住或需要滚动"
        window = widget.window()
        if window.windowType() == Qt.Popup:  # drop-downs and menus open where they fit
            return
        origin = QPoint(max(0, (SCREEN.width() - window.width()) // 2),
                        max(0, (SCREEN.height() - window.height()) // 2))
        at = origin + widget.mapTo(window, pos)
        assert 0 <= at.x() < SCREEN.width() and 0 <= at.y() < SCREEN.height(), \
            f"{what}：在 1366×768 屏幕之外（{at.x()}, {at.y()}）"

    @staticmethod
    def _holds_focus(widget: QWidget) -> QWidget:
        focus = QApplication.focusWidget()
        assert focus is not None and (focus is widget or widget.isAncestorOf(focus) or widget.focusProxy() is focus), \
            f"键盘焦点在 {focus!r}，不在 {widget!r}"
        return focus

    # -- steps --------------------------------------------------------------------------------------
    def click(self, widget: QWidget, what: str, pos: QPoint | None = None) -> None:
        pos = pos if pos is not None else widget.rect().center()
        self._reach(widget, pos, what)
        self.step(what)
        self.qtbot.mouseClick(widget, Qt.LeftButton, pos=pos)
        self._pause()

    def double_click(self, widget: QWidget, what: str, pos: QPoint | None = None) -> None:
        pos = pos if pos is not None else widget.rect().center()
        self._reach(widget, pos, what)
        self.step(what)
        self.qtbot.mouseClick(widget, Qt.LeftButton, pos=pos)  # QTest's double click lacks the first press
        self.qtbot.mouseDClick(widget, Qt.LeftButton, pos=pos)
        self._pause()

    def key(self, widget: QWidget | None, key: Qt.Key, modifiers=Qt.NoModifier, what: str = "") -> None:
        """One key or chord, to the widget with the focus (`widget`, when given, must hold it)."""
        self.qtbot.waitUntil(lambda: self.activate() or QApplication.activeWindow() is not None, timeout=2000)
        target = self._holds_focus(widget) if widget is not None else (
            QApplication.focusWidget() or QApplication.activeWindow())
        self.step(what)
        self.qtbot.keyClick(target, key, modifiers)
        self._pause()

    def type_text(self, widget: QWidget, text: str, what: str) -> None:
        """Type one field's value into `widget`, which must have the focus (Chinese as an input method sends it)."""
        target = self._holds_focus(widget)
        self.step(what)
        if text.isascii():
            self.qtbot.keyClicks(target, text)
        else:
            event = QInputMethodEvent()
            event.setCommitString(text)
            QApplication.sendEvent(target, event)
        self._pause()

    def choose(self, combo: QComboBox, text: str, what: str) -> None:
        """Open the drop-down (its arrow) and click `text` in it: two steps."""
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        arrow = combo.style().subControlRect(QStyle.CC_ComboBox, option, QStyle.SC_ComboBoxArrow, combo)
        # An open list ignores a click that comes within a double-click interval of its opening (it takes it for
        # the end of the click that opened it); a person is never that quick. Open it with a short interval and
        # wait that long, rather than the desktop's 400 ms, and put the interval back before anything else.
        hints = QGuiApplication.styleHints()
        interval = hints.mouseDoubleClickInterval()
        hints.setMouseDoubleClickInterval(50)
        try:
            self.click(combo, f"{what}：打开下拉列表", arrow.center() if arrow.isValid() else None)
        finally:
            hints.setMouseDoubleClickInterval(interval)
        view = combo.view()
        self.qtbot.waitUntil(view.isVisible, timeout=2000)
        self.qtbot.wait(60)
        row = combo.findText(text)
        assert row >= 0, f"下拉列表中没有“{text}”"
        self.click(view.viewport(), f"{what}：选“{text}”", view.visualRect(combo.model().index(row, 0)).center())
        self.qtbot.waitUntil(lambda: not view.isVisible(), timeout=2000)
        assert combo.currentText() == text

    def click_cell(self, view: QAbstractItemView, row: int, column: int, what: str, check: bool = False) -> None:
        """Click a table cell (on its check box when `check`)."""
        index = view.model().index(row, column)
        rect = view.visualRect(index)
        if check:
            option = QStyleOptionViewItem()
            view.initViewItemOption(option)
            option.rect = rect
            view.itemDelegateForIndex(index).initStyleOption(option, index)
            rect = view.style().subElementRect(QStyle.SE_ItemViewItemCheckIndicator, option, view)
        self.click(view.viewport(), what, rect.center())

    def scroll_to(self, view: QAbstractItemView, row: int, what: str) -> None:
        """Turn the mouse wheel over a list until `row` is in sight: one step, however many notches, and
        none when the row is in sight already."""
        viewport = view.viewport()
        for notch in range(20):
            rect = view.visualRect(view.model().index(row, 0))
            if viewport.rect().contains(rect):
                return
            if notch == 0:
                self.step(what)
            centre = QPointF(viewport.rect().center())
            wheel = QWheelEvent(centre, QPointF(viewport.mapToGlobal(viewport.rect().center())), QPoint(),
                                QPoint(0, -120 if rect.top() > 0 else 120), Qt.NoButton, Qt.NoModifier,
                                Qt.NoScrollPhase, False)
            QApplication.sendEvent(viewport, wheel)
        raise AssertionError(f"{what}：滚不到第 {row + 1} 行")

    def double_click_row(self, view: QAbstractItemView, row: int, what: str) -> None:
        self.double_click(view.viewport(), what, view.visualRect(view.model().index(row, 0)).center())

    def click_action(self, toolbar: QToolBar, text: str, what: str = "") -> None:
        action = next(a for a in toolbar.actions() if a.text() == text)
        self.click(toolbar.widgetForAction(action), what or f"点工具栏“{text}”")

    def click_button(self, box: QWidget, text: str, what: str = "") -> None:
        """A push button by its text, in a message box or dialog."""
        button = next(b for b in box.findChildren(QAbstractButton) if b.text() == text and b.isVisible())
        self.click(button, what or f"点“{text}”")

    # -- windows that run a loop of their own (exec) ------------------------------------------------
    def meanwhile(self, find: Callable[[], QWidget | None], act: Callable[[QWidget], None]) -> None:
        """Once `find()` returns a window (a box or menu that blocks the step that opened it), `act` on it."""
        self._waiting.append((find, act))

    def _serve(self) -> None:
        if not self._waiting:
            return
        self.activate()
        find, act = self._waiting[0]
        window = find()
        if window is None:
            return
        self._waiting.pop(0)
        # not from this timer's own call: Qt does not fire a timer again while its call runs, and `act` may open
        # the next blocking window, which this timer has to find
        QTimer.singleShot(0, lambda: self._act(act, window))

    def _act(self, act: Callable[[QWidget], None], window: QWidget) -> None:
        try:
            act(window)
        except BaseException as exc:  # noqa: BLE001 - a failed step must not leave a loop running forever
            self._failed.append(exc)
            while (modal := QApplication.activePopupWidget() or QApplication.activeModalWidget()) is not None:
                modal.close()

    def done(self) -> list[str]:
        self._timer.stop()
        if self._failed:
            raise self._failed[0]
        assert not self._waiting, "a window the walk expected never opened"
        return self.steps


def modal(kind: type, text: str = "") -> Callable[[], QWidget | None]:
    def find() -> QWidget | None:
        window = QApplication.activeModalWidget()
        shown = isinstance(window, kind) and window.isVisible() and window.isActiveWindow()
        return window if shown and (not text or text in _words(window)) else None
    return find


def popup_menu() -> QWidget | None:
    menu = QApplication.activePopupWidget()
    return menu if isinstance(menu, QMenu) and menu.isVisible() else None


def _words(window: QWidget) -> str:
    return f"{window.windowTitle()} {window.text() if isinstance(window, QMessageBox) else ''}"


def menu_item(clerk: Clerk, text: str) -> Callable[[QWidget], None]:
    def pick(menu: QMenu) -> None:
        action = next(a for a in menu.actions() if a.text() == text)
        clerk.click(menu, f"在菜单中点“{text}”", menu.actionGeometry(action).center())
    return pick


class FileDialogs:
    """QFileDialog's static functions, answered as the clerk would (see the module's docstring)."""

    def __init__(self, clerk: Clerk, monkeypatch, documents: Path) -> None:
        self.clerk, self.documents = clerk, documents
        self.to_open: list[Path] = []
        for name in ("getSaveFileName", "getOpenFileName", "getOpenFileNames"):
            monkeypatch.setattr(QFileDialog, name, staticmethod(getattr(self, name)))

    def _get_there(self, start: str, caption: str) -> None:
        folder = Path(start) if start else Path.cwd()
        if not folder.is_absolute():
            folder = Path.cwd() / folder
        if folder.resolve() != self.documents.resolve():
            self.clerk.step(f"“{caption}”对话框开在 {folder}：点左侧栏“文档”")

    def getSaveFileName(self, _parent, caption: str = "", start: str = "", filters: str = "", *_a, **_k):
        suggested = Path(start)
        self._get_there(str(suggested.parent) if suggested.suffix else start, caption)
        self.clerk.step(f"“{caption}”对话框：接受建议的文件名，点“保存”")
        return str(self.documents / suggested.name), filters

    def getOpenFileName(self, _parent, caption: str = "", start: str = "", filters: str = "", *_a, **_k):
        self._get_there(start, caption)
        chosen = self.to_open.pop(0)
        self.clerk.step(f"“{caption}”对话框：双击“{chosen.name}”")
        return str(chosen), filters

    def getOpenFileNames(self, parent, caption: str = "", start: str = "", filters: str = "", *a, **k):
        chosen, used = self.getOpenFileName(parent, caption, start, filters, *a, **k)
        return [chosen], used


class Day:
    """The main window at 1366×728, with the clerk, the file dialogs and what 「打开文件」 opened."""

    def __init__(self, qtbot, store, monkeypatch, documents: Path) -> None:
        self.qtbot = qtbot
        self.window = MainWindow(store)
        self.clerk = Clerk(qtbot, self.window)
        self.dialogs = FileDialogs(self.clerk, monkeypatch, documents)
        self.opened: list[Path] = []
        monkeypatch.setattr(QDesktopServices, "openUrl",
                            staticmethod(lambda url: self.opened.append(Path(url.toLocalFile())) or True))
        qtbot.addWidget(self.window)
        self.window.resize(SCREEN)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.window.activateWindow()
        qtbot.waitUntil(self.window.isActiveWindow)
        self.started = time.perf_counter()

    def shown(self, find: Callable[[], QWidget | None], timeout: int = 10000) -> QWidget:
        """Wait for a window the last step opened (without blocking) to be up and active."""
        found: list[QWidget] = []

        def up() -> bool:
            self.clerk.activate()
            window = find()
            if window is None or not window.isVisible() or not window.isActiveWindow():
                return False
            found.append(window)
            return True

        self.qtbot.waitUntil(up, timeout=timeout)
        return found[-1]

    def export_box(self) -> QMessageBox:
        """The 导出完成 box: modeless, so it is found among the windows, not as the modal one."""
        def find() -> QWidget | None:
            return next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)
                         and w.isVisible() and "导出完成" in _words(w)), None)
        return self.shown(find, timeout=20000)

    def finish(self) -> list[str]:
        steps = self.clerk.done()
        self.seconds = time.perf_counter() - self.started
        print(f"\n{len(steps)} 步，{self.seconds:.1f} 秒：")
        for number, what in enumerate(steps, 1):
            print(f"{number:>3}. {what}")
        return steps


@pytest.fixture
def documents(tmp_path, monkeypatch) -> Path:
    """The clerk's 文档 folder, where they keep the bureau's files; file dialogs remember folders in QSettings
    of this test only (the session's are put back after)."""
    folder = tmp_path / "文档"
    folder.mkdir()
    monkeypatch.setattr(files, "documents_folder", lambda: folder)
    before = Path(QSettings(QSettings.IniFormat, QSettings.UserScope, "LawDesk", "files").fileName()).parent.parent
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    yield folder
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(before))


@pytest.fixture
def day(qtbot, demo_store, monkeypatch, documents) -> Day:
    monkeypatch.setattr(forms, "available_size", lambda _widget=None: SCREEN)  # dialogs size for the laptop
    return Day(qtbot, demo_store, monkeypatch, documents)


# -- job 1: a study session with 10 attendees and 2 on leave, then the year's 学法台账 ---------------------------
STUDY_STEPS = 30


def test_log_a_study_session_and_export_the_ledger(day, demo_store):
    from openpyxl import load_workbook

    clerk, window = day.clerk, day.window
    clerk.key(None, Qt.Key_3, Qt.ControlModifier, "Ctrl+3：转到“学法记录”")
    page = window.pages["study"]
    assert window.stack.currentWidget() is page
    clerk.key(page, Qt.Key_N, Qt.ControlModifier, "Ctrl+N：新增学法记录")
    editor = day.shown(lambda: page.editor)
    assert editor.date_edit.date().toPython() == demo_store.clock.today()  # held today: the date is right
    for field, text, what in ((editor.start_edit, "1430", "开始时间"), (editor.end_edit, "1630", "结束时间"),
                              (editor.location_edit, "局三楼会议室", "地点"),
                              (editor.topic_edit, "学习新修订《行政复议法》", "学习主题")):
        clerk.click(field, f"点“{what}”")
        clerk.type_text(field, text, f"输入{what}“{text}”")
    law = editor.law_combo.lineEdit()
    clerk.click(law, "点“学习内容（法律法规）”")
    clerk.type_text(law, "行政复议法", "输入“行政复议法”")
    clerk.key(law, Qt.Key_Return, what="回车：加入这部法规")
    assert editor.isVisible() and editor.law_list.count() == 1
    staff = editor.attendees.people
    lecturer = next(p["name"] for p in staff if p["department"] == "局领导")
    recorder = next(p["name"] for p in staff if p["department"] == "办公室")
    clerk.choose(editor.lecturer_combo, lecturer, "主讲人")
    clerk.choose(editor.recorder_combo, recorder, "记录人")
    for department in ("办公室", "政务服务科"):
        clerk.click(editor.department_buttons[department], f"点“{department}”：全科室参加")
    view = editor.attendee_view
    away = [(n, p) for n, p in enumerate(staff) if p["department"] == "数据资源科"][:2]
    clerk.scroll_to(view, away[-1][0], "滚动参学人员名单到数据资源科")
    for (row, person), reason in zip(away, ("出差", "病假")):
        clerk.click_cell(view, row, 3, f"勾选{person['name']}“请假”", check=True)
        clerk.click_cell(view, row, 4, f"点{person['name']}的“请假原因”")
        clerk.type_text(view, reason, f"输入“{reason}”")
    assert editor.count_label.text() == "参加 10 人，请假 2 人"
    clerk.key(view, Qt.Key_S, Qt.ControlModifier, "Ctrl+S：保存")
    day.qtbot.waitUntil(lambda: page.editor is None)

    clerk.click_action(page.toolbar, "导出学法台账 (Excel)…")
    box = day.export_box()
    clerk.click_button(box, "打开文件")
    steps = day.finish()

    ledger = day.opened[-1]
    rows = list(load_workbook(ledger).active.iter_rows(values_only=True))
    header = next(r for r in rows if r and "参学人员" in r)
    session = dict(zip(header, next(r for r in rows if r and "学习新修订《行政复议法》" in r)))
    attended = session["参学人员"].split("、")
    assert session["参学人数"] == 10 and len(attended) == 10
    assert {p["name"] for p in staff if p["department"] in ("办公室", "政务服务科")} == set(attended)
    assert session["请假人员"] == f"{away[0][1]['name']}（出差）、{away[1][1]['name']}（病假）"
    assert session["主讲人"] == lecturer and session["记录人"] == recorder
    assert "行政复议法" in session["学习内容（法律法规）"]
    assert len(steps) == STUDY_STEPS, steps


# -- job 2: 整改事项 from a report's 存在的不足, one of them taken to 销号 -------------------------------------------
RECTIFICATION_STEPS = 27


def test_make_items_from_a_report_and_close_one(day, demo_store):
    from ui.rectification.editor import TransitionDialog
    from ui.reports.dialogs import ShortcomingsDialog

    clerk, window = day.clerk, day.window
    today = demo_store.clock.today()
    # last year's report (published): its 存在的不足 name three problems, to be put right by next March
    report = demo_store.query("select id, year from report where year = ?", [today.year - 1])[0]
    deadline = date(today.year + 1, 3, 31)
    before = {r["id"] for r in demo_store.query("select id from rectification")}
    clerk.key(None, Qt.Key_2, Qt.ControlModifier, "Ctrl+2：转到“年度报告”")
    reports = window.pages["reports"]
    row = next(n for n, r in enumerate(reports.model.rows) if r.id == report["id"])
    clerk.double_click_row(reports.view, row, f"双击“{report['year']} 年度”报告")
    editor = reports.editor
    assert editor is not None and editor.report.id == report["id"]

    def fill(dialog: ShortcomingsDialog) -> None:
        clerk.choose(dialog.department_combo, "办公室", "责任科室")
        clerk.click(dialog.deadline_edit, "点“整改时限”")
        typed = f"{deadline.year}-{deadline.month}-{deadline.day}"
        clerk.type_text(dialog.deadline_edit, typed, f"输入“{typed}”")
        clerk.click(dialog.buttons.button(dialog.buttons.StandardButton.Ok), "点“生成 3 项”")

    clerk.meanwhile(modal(ShortcomingsDialog), fill)
    toolbar = next(t for t in editor.findChildren(QToolBar) if editor.shortcomings_action in t.actions())
    clerk.click_action(toolbar, "生成整改事项")
    made = sorted({r["id"] for r in demo_store.query("select id from rectification")} - before)
    assert len(made) == 3
    notice = day.shown(modal(QMessageBox, "已生成 3 项"))
    clerk.click_button(notice, "打开整改事项")
    page = window.pages["rectification"]
    assert window.stack.currentWidget() is page
    listed = [page.model.record_id(r) for r in range(page.model.rowCount())]
    assert sorted(listed) == made  # just the new items
    clerk.double_click_row(page.view, listed.index(made[0]), "双击第一项")
    item = day.shown(lambda: page.editor)
    owner = item.owner_combo.itemText(1)
    clerk.choose(item.owner_combo, owner, "责任人")
    owner_id = item.owner_combo.currentData()
    clerk.click(item.measure_edit, "点“整改措施”")
    clerk.type_text(item.measure_edit, "制定年度学法计划，每季度组织一次案例研讨", "输入一条措施")
    clerk.key(item.measure_edit, Qt.Key_Return, what="回车：加入措施")
    clerk.click(item.status_buttons["开始整改"], "点“开始整改”")
    clerk.click(item.status_buttons["标记完成"], "点“标记完成”")
    done = day.shown(modal(TransitionDialog))
    clerk.click(done.completion_edit, "点“完成情况”")
    clerk.type_text(done.completion_edit, "已印发年度学法计划，完成第一季度案例研讨", "输入完成情况")
    clerk.click(done.buttons.button(done.buttons.StandardButton.Ok), "点“确定”")
    clerk.click(item.status_buttons["销号"], "点“销号”")
    closing = day.shown(modal(TransitionDialog))
    approver = closing.approver_combo.itemText(0)
    clerk.choose(closing.approver_combo, approver, "审批人")
    clerk.click(closing.no_evidence_edit, "点“无佐证材料的原因”")
    clerk.type_text(closing.no_evidence_edit, "计划和研讨记录已归入局办公室档案", "输入原因")
    clerk.click(closing.buttons.button(closing.buttons.StandardButton.Ok), "点“确定”")
    clerk.click(item.ok_button, "点“保存并关闭”")
    day.qtbot.waitUntil(lambda: not isValid(item) or not item.isVisible())
    steps = day.finish()

    row = demo_store.query("select * from rectification where id = ?", [made[0]])[0]
    assert (row["status"], row["closed_by"], row["department"], row["deadline"]) == (
        "已销号", approver, "办公室", deadline.isoformat())
    assert row["owner_staff_id"] == owner_id and "案例研讨" in row["measures"]
    assert len(steps) == RECTIFICATION_STEPS, steps


# -- job 3: a report imported, 核稿, one finding fixed, exported to Word -------------------------------------------
REPORT_STEPS = 14
SAMPLE = "report-2024-qingyuan.txt"
BROKEN, FIXED = "《中华人民共和国行政 复议法》", "《中华人民共和国行政复议法》"


def test_import_check_fix_and_export_a_report(day, demo_store, documents, samples_dir):
    from docx import Document

    from core.reports import repository
    from core.reports.model import walk
    from ui.reports.import_dialog import ImportPreviewDialog

    clerk, window = day.clerk, day.window
    shutil.copy(samples_dir / SAMPLE, documents / SAMPLE)  # the report as the clerk received it
    day.dialogs.to_open.append(documents / SAMPLE)
    clerk.key(None, Qt.Key_2, Qt.ControlModifier, "Ctrl+2：转到“年度报告”")
    page = window.pages["reports"]
    clerk.click_action(page.toolbar, "导入…")
    preview = day.shown(modal(ImportPreviewDialog))
    clerk.click_button(preview, "导入")
    day.qtbot.waitUntil(lambda: page.editor is not None and window.isActiveWindow(), timeout=10000)
    editor = page.editor
    clerk.key(editor, Qt.Key_F7, what="F7：核稿")
    findings = editor.findings
    row = next(n for n, f in enumerate(findings.model.findings) if f.code == "stray_space" and f.text == BROKEN)
    clerk.scroll_to(findings.table, row, "滚动核稿结果到“书名号内有多余空格”")
    clerk.click_cell(findings.table, row, 2, "点这一条：转到原文")
    body = editor.section_form.body_edit
    assert body.textCursor().selectedText() == BROKEN
    clerk.type_text(body, FIXED, f"输入“{FIXED}”")
    clerk.key(body, Qt.Key_S, Qt.ControlModifier, "Ctrl+S：保存")

    clerk.meanwhile(popup_menu, menu_item(clerk, "导出 Word…"))
    clerk.meanwhile(modal(QMessageBox, "导出前核稿"), lambda box: clerk.click_button(box, "仍然导出"))
    clerk.click(editor.export_button, "点工具栏“导出”")
    box = day.export_box()
    clerk.click_button(box, "打开文件")
    steps = day.finish()

    text = "\n".join(p.text for p in Document(str(day.opened[-1])).paragraphs)
    assert FIXED in text and BROKEN not in text
    saved = repository.load(demo_store, editor.report.id)
    assert FIXED in "\n".join(p for s in walk(saved) for p in s.body) and not editor.is_dirty()
    assert len(steps) == REPORT_STEPS, steps


@pytest.mark.parametrize("typed", ["2027-3-31", "2027年3月31日"])  # keys, and Chinese through an input method
def test_a_date_typed_into_undecided_replaces_it(qtbot, clock, typed):
    """Job 2's 整改时限: clicked into, 「未定」 keeps the cursor after it; what is typed must not be appended to it."""
    from ui.reports.dialogs import ShortcomingsDialog

    dialog = ShortcomingsDialog(["培训不够系统。"], today=clock.today(), year=clock.today().year)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    clerk = Clerk(qtbot, dialog)
    field = dialog.deadline_edit
    assert field.text() == "未定"
    clerk.click(field, "点“整改时限”")
    clerk.type_text(field, typed, "输入日期")
    clerk.click(dialog.department_combo, "点“责任科室”")  # leaving the field reads it
    assert dialog.shared()["deadline"] == date(2027, 3, 31) and not field.problem
    clerk.done()
