"""The shots `take.py` takes, in the order a clerk meets them: the first start on an empty database, every page
of the demo bureau, the editors, then each feature's dialogs, Qt's own (file, calendar, print preview,
progress) and the app's messages. Shots that write (生成整改事项, importing 汇总报送包) come last.

Built on a fresh demo database under the run's temporary folder, on a fixed day, so the pictures are the same
every time; the files to import are written by the app's own exporters (the 花名册 by openpyxl: the app has no
roster export), the report is a sample from /work/shared/samples when there, else one written here.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, QPoint, QSize, Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDateEdit, QFileDialog, QMessageBox, QProgressDialog, QWidget
from take import Shot, settle, wait_until

from core import logs

DAY = date(2026, 11, 21)  # the shots show the same day every time
SAMPLE_REPORT = Path("/work/shared/samples/report-2024-qingyuan.txt")
REPORT_TEXT = ("青山区2025年度法治政府建设情况报告\n一、主要举措和成效\n（一）学法。一是集中学法。\n"
               "二、存在的不足和原因\n一是培训不够系统。二是数据共享滞后。\n")
_open: list = []  # stores and windows to close at the end


def _store(folder: Path, name: str, demo_unit: str | None = None):
    from core import demo
    from core.clock import FixedClock
    from core.db import open_store

    folder.mkdir(parents=True, exist_ok=True)
    store = open_store(folder / name, clock=FixedClock(DAY))
    if demo_unit is not None:
        demo.fill(store, demo_unit or None)
    _open.append(store)
    return store


def _window(store, limit: QSize):
    from ui.main_window import MainWindow

    window = MainWindow(store)
    window.resize(limit)
    window.move(0, 0)
    window.show()
    settle(0.3)
    _open.append(window)
    return window


def close() -> None:
    logs.stop_logging()
    for thing in reversed(_open):
        if hasattr(thing, "pages"):
            for page in thing.pages.values():
                if hasattr(page, "on_close"):
                    page.on_close()
            thing.hide()
            thing.deleteLater()
        else:
            settle(0.05)
            thing.close()


def click_arrow(edit: QDateEdit) -> None:
    """Open a date field's calendar as the clerk does, by its arrow."""
    QTest.mouseClick(edit, Qt.LeftButton, Qt.NoModifier, QPoint(edit.width() - 6, edit.height() // 2))
    wait_until(lambda: edit.calendarWidget().isVisible(), 3)


def shown(widget: QWidget) -> QWidget:
    widget.show()
    settle(0.2)
    return widget


def shots(work: Path, limit: QSize) -> list[Shot]:
    empty = Empty(work, limit)
    demo = Demo(work, limit)
    return [*empty.shots(), *demo.shots()]


class Empty:
    """The first start: the welcome dialog, then each list's guidance on an empty database."""

    def __init__(self, work: Path, limit: QSize) -> None:
        self.work, self.limit = work, limit
        self.window = None

    def page(self, key: str) -> Callable[[], QWidget]:
        def run() -> QWidget:
            if self.window is None:
                self.window = _window(_store(self.work / "empty", "lawdesk.db"), self.limit)
            self.window.show_page(key)
            return self.window
        return run

    def shots(self) -> list[Shot]:
        from ui.welcome import WelcomeDialog

        def welcome(without_name: bool = False) -> QWidget:
            dialog = shown(WelcomeDialog())
            if without_name:
                dialog.empty_button.click()
            return dialog

        def load_demo() -> None:
            self.page("staff")()
            self.window.pages["staff"].load_demo()

        def done() -> None:
            self.window.hide()

        return [Shot("dialogs/welcome", welcome), Shot("dialogs/welcome-name-missing", lambda: welcome(True)),
                *(Shot(f"page-empty-{key}", self.page(key)) for key in ("home", "reports", "study", "rectification",
                                                                        "staff")),
                Shot("dialogs/load-demo-confirm", load_demo, QMessageBox, after=done)]


class Demo:
    """The demo bureau: pages, editors, dialogs."""

    def __init__(self, work: Path, limit: QSize) -> None:
        self.work, self.limit = work / "demo", limit
        self.files = work / "files"
        self.files.mkdir(parents=True, exist_ok=True)
        self.store = _store(self.work, "lawdesk.db", "")
        logs.setup_logging(self.store.path)  # as the app does: the crash dialog names the log file
        self.window = None
        self.year = DAY.year

    # -- helpers --------------------------------------------------------------------------------------------
    def id_of(self, sql: str, *args) -> int:
        return self.store.scalar(sql, args) if args else self.store.scalar(sql)

    def item(self, status: str) -> int:
        return self.id_of("select id from rectification where status = ? order by id limit 1", status)

    def page(self, key: str, tab: int | None = None):
        if self.window is None:
            self.window = _window(self.store, self.limit)
            self._prepare()
        page = self.window.show_page(key)
        if tab is not None:
            page.tabs.setCurrentIndex(tab)
        settle(0.1)
        return page

    def at(self, key: str, tab: int | None = None) -> Callable[[], QWidget]:
        return lambda: (self.page(key, tab), self.window)[1]

    def report_editor(self, status: str = "已公开"):
        """The report of that status open in the editor: the demo's 2025 report (已公开) or 2026 draft (草稿)."""
        page = self.page("reports")
        page.open_record(self.id_of("select id from report where status = ? order by year limit 1", status))
        page.editor.tabs.setCurrentIndex(0)
        page.editor.findings.hide()
        settle(0.1)
        return page.editor

    def _prepare(self) -> None:
        """Files to import, a backup to restore, a record in the 回收站, packages from two other units."""
        from openpyxl import Workbook

        from core import recycle
        from core.backup.writing import backup_db_file
        from core.district import send
        from core.rectification.export_xlsx import export_xlsx
        from core.staff import roster
        from core.study.export_xlsx import write_ledger
        from ui.widgets.files import remember

        self.packages, others = [], []
        for name in ("青山区司法局", "青山区财政局"):
            others.append(_store(self.work / name, "lawdesk.db", name))
            self.packages.append(self.files / f"{name}-{self.year}年度.lawdesk-pkg")
            send.export_package(others[-1], self.year, self.packages[-1])
        # ledgers the app wrote for another unit: its own would all be 已有, not imported again
        self.ledgers = {"study": self.files / f"青山区司法局{self.year}年度学法台账.xlsx",
                        "rectification": self.files / f"青山区司法局整改台账-{self.year}.xlsx"}
        write_ledger(others[0], self.year, self.ledgers["study"])
        export_xlsx(others[0], self.ledgers["rectification"], year=self.year, today=DAY)
        book = Workbook()
        sheet = book.active
        for row in (("姓名", "科室", "职务", "是否领导干部"), ("钱立新", "法规科", "科长", "是"),
                    ("姚佳怡", "法规科", "科员", "否"), ("沈浩然", "法规科", "科员", "否"), ("张伟", "办公室", "副主任", "否")):
            sheet.append(row)
        book.save(self.files / "花名册.xlsx")
        self.report_file = self.files / "往年年度报告.txt"  # a clerk's file name, not the sample's
        self.report_file.write_text(SAMPLE_REPORT.read_text(encoding="utf-8") if SAMPLE_REPORT.exists() else REPORT_TEXT,
                                    encoding="utf-8")
        backup_db_file(self.store.path, self.files / "备份.lawdesk-backup")
        with self.store.transaction():
            gone = roster.add(self.store, "临时借调人员", "办公室", "科员")
            recycle.delete(self.store, "staff", gone, "人员 临时借调人员")
        stamp = datetime(DAY.year, DAY.month, DAY.day, 9).timestamp()
        for file in self.files.iterdir():
            os.utime(file, (stamp, stamp))  # the file dialogs show the demo's day, not the run's
        for kind in ("export_xlsx", "export_docx", "import:导入整改台账", "attachment"):
            remember(kind, self.files / "x")  # the file dialogs open on these files, not on /root

    # -- the shots ------------------------------------------------------------------------------------------
    def shots(self) -> list[Shot]:
        return [*self.pages(), *self.editors(), *self.standard(), *self.imports(), *self.rectification(),
                *self.reports(), *self.people(), *self.settings(), *self.district(), *self.writing()]

    def pages(self) -> list[Shot]:
        return [Shot("page-home", self.at("home")), Shot("page-reports", self.at("reports")),
                Shot("page-study", self.at("study", 0)), Shot("page-study-people", self.at("study", 1)),
                Shot("page-rectification", self.at("rectification")),
                Shot("page-rectification-no-match", lambda: (self.page("rectification").show_filtered(
                    text="没有这样的问题"), self.window)[1]),
                Shot("page-staff", self.at("staff")),
                Shot("page-district", self.at("district")), Shot("page-settings", self.at("settings", 0)),
                Shot("page-settings-backup", self.at("settings", 1)), Shot("page-settings-recycle", self.at("settings", 2)),
                Shot("page-settings-about", self.at("settings", 3))]

    def editors(self) -> list[Shot]:
        from ui.rectification.editor import ItemEditor
        from ui.staff.editor import StaffEditor
        from ui.study.editor import SessionEditor

        exam = "select id from study_session where form = '学法考试' order by held_on limit 1"

        def report(tab: int = 0, check: bool = False) -> QWidget:
            editor = self.report_editor("草稿" if check else "已公开")
            editor.tabs.setCurrentIndex(tab)
            if check:
                editor.run_check(DAY)
            return self.window

        def staff() -> QWidget:
            return shown(StaffEditor(self.store, self.id_of("select id from staff order by id limit 1"), self.window))

        return [Shot("report-editor", report), Shot("report-editor-info", lambda: report(1)),
                Shot("report-editor-check", lambda: report(check=True)),
                Shot("study-editor", lambda: shown(SessionEditor(self.store, self.id_of(exam), self.window))),
                Shot("study-editor-new", lambda: shown(SessionEditor(self.store, None, self.window))),
                Shot("rectification-editor", lambda: shown(ItemEditor(self.store, self.item("整改中"), self.window))),
                Shot("rectification-editor-new", lambda: shown(ItemEditor(self.store, None, self.window))),
                Shot("staff-editor", lambda: shown(StaffEditor(self.store, None, self.window))),
                Shot("staff-editor-edit", staff)]

    def standard(self) -> list[Shot]:
        from ui import ops
        from ui.crash import CrashDialog, details_text
        from ui.rectification.editor import ItemEditor
        from ui.study.editor import SessionEditor

        def disk_full() -> None:
            ops.show_error(self.window, OSError(28, "No space left on device", str(self.files / "学法台账.xlsx")),
                           "无法导出")

        def calendar(editor: QWidget, edit: Callable[[QWidget], QDateEdit]) -> QWidget:
            shown(editor)
            click_arrow(edit(editor))
            return editor

        release = threading.Event()

        def progress() -> QWidget:
            def work(_store, report) -> None:
                report(3, 10, "正在写入第 3 页…")
                release.wait(30)

            thread = ops.run_op(self.window, "正在导出…", work)
            op = next(o for o in ops._running if o.thread is thread)
            wait_until(lambda: op.dialog.labelText() == "正在写入第 3 页…", 5)
            op.dialog.show()
            return op.dialog

        def crash(details: bool) -> QWidget:
            try:
                {}["报告"]
            except KeyError as exc:
                dialog = shown(CrashDialog(details_text(type(exc), exc, exc.__traceback__), self.window))
            if details:
                dialog.toggle_details()
            return dialog

        deadline = "select id from rectification where deadline is not null and status = '整改中' order by id limit 1"
        return [
            Shot("dialogs/error-disk-full", disk_full, QMessageBox),
            Shot("dialogs/file-save", lambda: self.page("rectification").export_to(None, "xlsx"), QFileDialog),
            Shot("dialogs/file-open", lambda: self.page("rectification").import_ledger(), QFileDialog),
            Shot("dialogs/calendar-deadline-empty", lambda: calendar(ItemEditor(self.store, None, self.window),
                                                                     lambda e: e.deadline_edit), around=True),
            Shot("dialogs/calendar-deadline-set", lambda: calendar(
                ItemEditor(self.store, self.id_of(deadline), self.window), lambda e: e.deadline_edit), around=True),
            Shot("dialogs/calendar-study-date", lambda: calendar(SessionEditor(self.store, None, self.window),
                                                                 lambda e: e.date_edit), around=True),
            Shot("dialogs/print-preview", lambda: self.report_editor().print_preview(), QPrintPreviewDialog),
            Shot("dialogs/progress", progress, QProgressDialog, after=release.set),
            Shot("dialogs/crash", lambda: crash(False)), Shot("dialogs/crash-details", lambda: crash(True)),
        ]

    def imports(self) -> list[Shot]:
        from ui.reports.import_dialog import ImportPreviewDialog as ReportPreview
        from ui.widgets.import_preview import ImportPreviewDialog

        def report() -> None:
            page = self.page("reports")
            page.close_editor()
            page.import_files([self.report_file])

        return [
            Shot("dialogs/import-study-ledger", lambda: self.page("study", 0).import_ledger(
                self.ledgers["study"]), ImportPreviewDialog),
            Shot("dialogs/import-rectification-ledger", lambda: self.page("rectification").import_ledger(
                self.ledgers["rectification"]), ImportPreviewDialog),
            Shot("dialogs/import-roster", lambda: self.page("staff").import_roster(self.files / "花名册.xlsx"),
                 ImportPreviewDialog),
            Shot("dialogs/import-report", report, ReportPreview),
        ]

    def rectification(self) -> list[Shot]:
        from core.rectification import rules
        from core.rectification.rules import CLOSED, COMPLETED, IN_PROGRESS
        from ui.rectification.editor import ItemEditor

        def editor(status: str) -> ItemEditor:
            return shown(ItemEditor(self.store, self.item(status), self.window))

        def discard() -> None:
            dialog = shown(ItemEditor(self.store, None, self.window))
            dialog.problem_edit.setPlainText("政务公开栏目更新不及时。")
            dialog.reject()

        def delete() -> None:
            page = self.page("rectification")
            page.show_filtered()
            page.select_id(self.item(rules.NOT_STARTED))
            page.delete_selected()

        return [
            Shot("dialogs/rectification-add-progress", lambda: editor(IN_PROGRESS).ask_progress()),
            Shot("dialogs/rectification-complete", lambda: editor(IN_PROGRESS).ask_status("标记完成")),
            Shot("dialogs/rectification-close", lambda: editor(COMPLETED).ask_status("销号")),
            Shot("dialogs/rectification-reopen", lambda: editor(CLOSED).ask_status("重新打开")),
            Shot("dialogs/rectification-discard-changes", discard, QMessageBox),
            Shot("dialogs/confirm-delete-item", delete, QMessageBox),
        ]

    def reports(self) -> list[Shot]:
        from core.reports import repository
        from ui.reports.dialogs import NewReportDialog, StatusDialog
        from ui.reports.editor import ask_save

        def listed(status: str | None = None):
            page = self.page("reports")
            page.close_editor()
            rows = [r for r in repository.listed(self.store) if status is None or r.status != "草稿"]
            page.select_ids([rows[0].id])
            return page, rows[0]

        def back_to_draft() -> None:
            page, row = listed("not draft")
            dialog = StatusDialog(row.status, DAY, page)
            dialog.status_combo.setCurrentText("草稿")
            page.change_status(dialog)

        def versions():
            dialog = self.report_editor().show_versions(exec_dialog=False)
            shown(dialog)
            return dialog

        def compare():
            dialog = versions()
            dialog.select_rows(0)
            return dialog.compare_selected()

        def delete_section() -> None:
            editor = self.report_editor()
            editor.select_section(editor.report.sections[0].uid)
            editor.delete_section()

        def generate():
            return shown(self.report_editor().generate_items(exec_dialog=False))

        return [
            Shot("dialogs/report-new", lambda: listed()[0].new_report(), NewReportDialog),
            Shot("dialogs/report-status", lambda: listed()[0].change_status(), StatusDialog),
            Shot("dialogs/report-back-to-draft", back_to_draft, QMessageBox),
            Shot("dialogs/report-versions", versions), Shot("dialogs/report-compare", compare),
            Shot("dialogs/report-delete-section", delete_section, QMessageBox),
            Shot("dialogs/report-save-question", lambda: ask_save(self.report_editor(), self.report_editor().report.title),
                 QMessageBox),
            Shot("dialogs/report-generate-items", generate),
        ]

    def people(self) -> list[Shot]:
        from ui.study.editor import SessionEditor

        def staff_page(action: str):
            page = self.page("staff")
            page.show_filtered()
            page.select_ids([self.id_of("select id from staff where name = '周磊'")])
            return getattr(page, action)()

        def session(ask: Callable[[SessionEditor], object]) -> None:
            ask(shown(SessionEditor(self.store, None, self.window)))

        line = self.store.query("select held_on, topic from study_session order by held_on desc limit 1")
        existing = dict(line[0]) if line else {"held_on": str(DAY), "topic": "学习新修订《行政复议法》"}

        def delete_session() -> None:
            page = self.page("study", 0)
            page.select_id(self.id_of("select id from study_session order by held_on desc limit 1"))
            page.delete_selected()

        def refused() -> None:
            page = self.page("staff")
            page.write(lambda: page.delete_records([p for p in page.model.rows if p.name == "周磊"]))

        def sign_in() -> None:
            page = self.page("study", 0)
            page.view.clearSelection()
            page.export_sign_in()

        return [
            Shot("dialogs/staff-mark-left", lambda: staff_page("mark_left_selected")),
            Shot("dialogs/confirm-delete-staff", lambda: staff_page("delete_selected"), QMessageBox),
            Shot("dialogs/staff-delete-refused", refused, QMessageBox),
            Shot("dialogs/study-sign-in-nothing-chosen", sign_in, QMessageBox),
            Shot("dialogs/study-new-law", lambda: session(lambda e: e.confirm_new_law("中华人民共和国档案法")),
                 QMessageBox),
            Shot("dialogs/study-duplicate", lambda: session(lambda e: e.confirm_duplicate(existing)), QMessageBox),
            Shot("dialogs/confirm-delete-session", delete_session, QMessageBox),
        ]

    def settings(self) -> list[Shot]:
        def panel(name: str):
            page = self.page("settings")
            page.tabs.setCurrentWidget(page.panels[name])
            return page.panels[name]

        def forget() -> None:
            recycle = panel("RecyclePanel")
            recycle.view.selectRow(0)
            recycle.delete_selected()

        return [
            Shot("dialogs/backup-done", lambda: panel("BackupPanel").backup_to(self.files / "立即备份.lawdesk-backup"),
                 QMessageBox),
            Shot("dialogs/restore-confirm", lambda: panel("BackupPanel").check_then_restore(
                self.files / "备份.lawdesk-backup"), QMessageBox),
            Shot("dialogs/recycle-delete-forever", forget, QMessageBox),
        ]

    def district(self) -> list[Shot]:
        from ui.district.import_dialog import PackageImportDialog
        from ui.district.unit_dialog import UnitDialog

        def send():
            dialog = self.page("district").open_send_dialog()
            settle(0.1)
            return dialog

        def sent() -> None:
            send().export(self.files / "区政数局-报送包.lawdesk-pkg")

        def receive() -> None:
            self.page("district").import_files(self.packages)

        def imported() -> QWidget:
            page = self.page("district")
            page.import_files(self.packages, on_dialog=lambda d: d.start_import())
            wait_until(lambda: page.model.rowCount() > 0 and self.store.scalar(
                "select count(*) from district_package") >= 2)
            settle(0.3)
            return self.window

        def unit() -> None:
            page = self.page("district")
            page.view.selectRow(0)
            page.open_current()

        return [Shot("dialogs/district-send", send), Shot("dialogs/district-sent", sent, QMessageBox),
                Shot("dialogs/district-import", receive, PackageImportDialog),
                Shot("page-district-received", imported), Shot("dialogs/district-unit", unit, UnitDialog)]

    def writing(self) -> list[Shot]:
        """Last: these change the demo database."""
        def created() -> None:
            dialog = self.report_editor().generate_items(exec_dialog=False)
            dialog.deadline_edit.setDate(QDate(2027, 3, 31))
            dialog.department_combo.setEditText("办公室")
            dialog.accept()

        return [
            Shot("dialogs/export-done", lambda: self.page("rectification").export_to(
                self.files / f"整改台账-{self.year}-导出.xlsx", "xlsx"), QMessageBox),
            Shot("dialogs/report-items-created", created, QMessageBox),
        ]
