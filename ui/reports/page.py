"""年度报告 page: the list of reports (new, import, open, status, delete) and, in its place, the editor.

A QStackedWidget switches between the list and the editor of one report; 返回列表 (or opening another
page's link) brings the list back after asking to save.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.db import Store
from core.errors import LawDeskError
from core.reports import repository
from ui.changes import follow
from ui.ops import confirm, run_op, show_error
from ui.reports.dialogs import NewReportDialog, StatusDialog
from ui.reports.editor import ReportEditor
from ui.reports.list_model import ReportListModel
from ui.widgets.row_model import row_view


class ReportsPage(QWidget):
    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__()
        self.store = store
        self.window_ = window
        self.editor: ReportEditor | None = None
        self.import_dialog = None
        self._import_queue: list[Path] = []
        self._imported: list[int] = []
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_list())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.refresh()
        self.changes = follow(self, {"report"})

    # -- list ---------------------------------------------------------------------------------------
    def _build_list(self) -> QWidget:
        self.model = ReportListModel(self)
        self.table = row_view(self.model)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.setColumnWidth(0, 90)
        self.table.setColumnWidth(2, 80)
        self.table.setColumnWidth(3, 140)
        self.table.activated.connect(lambda index: self.open_record(self.model.rows[index.row()]["id"]))
        self.table.doubleClicked.connect(lambda index: self.open_record(self.model.rows[index.row()]["id"]))

        title = QLabel("法治政府建设年度报告")
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        note = QLabel("每年 3月1日前向党委、政府报送上一年度报告，4月1日前向社会公开。双击打开编辑。")
        note.setStyleSheet("color: #666")
        self.new_button = QPushButton("新建报告")
        self.import_button = QPushButton("导入…")
        self.open_button = QPushButton("打开")
        self.status_button = QPushButton("更改状态…")
        self.delete_button = QPushButton("删除")
        self.new_button.clicked.connect(self.new_report)
        self.import_button.clicked.connect(self.choose_import)
        self.open_button.clicked.connect(self._open_selected)
        self.status_button.clicked.connect(self.change_status)
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.import_button, self.open_button, self.status_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        self.empty_label = QLabel("还没有年度报告。点“新建报告”按法定五部分模板起草，或“导入…”往年的 Word / 文本报告。")
        self.empty_label.setStyleSheet("color: #666; padding: 24px;")

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        self.list_widget = page
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        return page

    def refresh(self) -> None:
        if self.editor is not None:
            return
        selected = self.selected_id()
        self.model.set_rows(repository.list_reports(self.store))
        self.empty_label.setVisible(not self.model.rows)
        row = self.model.row_of(selected) if selected is not None else -1
        if row < 0 and self.model.rows:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self._update_buttons()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.rows[rows[0].row()]["id"] if rows else None

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        for button in (self.open_button, self.status_button, self.delete_button):
            button.setEnabled(has)

    def _write(self, write: Callable[[], object]) -> bool:
        """Run one change to the selected report: show its error, or reload (with the other pages) at once."""
        try:
            write()
        except LawDeskError as exc:
            show_error(self, exc)
            return False
        self.changes.flush()
        return True

    # -- actions ------------------------------------------------------------------------------------
    def new_report(self, dialog: NewReportDialog | None = None) -> int | None:
        """Ask the year, create from the template, open it. Tests pass a filled dialog (not exec'd)."""
        if dialog is None:
            dialog = NewReportDialog(self.store.clock.today(), {row["year"] for row in self.model.rows}, self)
            if not dialog.exec():
                return None
        try:
            report_id = repository.create_from_template(self.store, dialog.year)
        except LawDeskError as exc:
            show_error(self, exc)
            return None
        self.open_record(report_id)
        return report_id

    def _open_selected(self) -> None:
        report_id = self.selected_id()
        if report_id is not None:
            self.open_record(report_id)

    def open_record(self, report_id: int, section_id: int | None = None) -> ReportEditor | None:
        """Open a report in the editor (at a section when given); used by 首页 and search too."""
        if self.editor is not None:
            if self.editor.report.id == report_id:
                if section_id is not None:
                    self.editor.select_section_id(section_id)
                return self.editor
            if not self.close_editor():
                return None
        try:
            editor = ReportEditor(self.store, report_id, self.window_, self)
        except LawDeskError as exc:
            show_error(self, exc)
            return None
        self.editor = editor
        editor.back_requested.connect(self._editor_left)
        self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        editor.offer_recovery()
        if section_id is not None:
            editor.select_section_id(section_id)
        editor.tree.setFocus()
        return editor

    def close_editor(self) -> bool:
        """Back to the list; False when the clerk cancelled (unsaved changes)."""
        if self.editor is None:
            return True
        if not self.editor.can_close():
            return False
        self.editor.on_close()
        self._editor_left()
        return True

    def _editor_left(self) -> None:
        editor, self.editor = self.editor, None
        if editor is not None:
            self.stack.removeWidget(editor)
            editor.deleteLater()
        self.stack.setCurrentWidget(self.list_widget)
        self.refresh()

    def change_status(self, dialog: StatusDialog | None = None) -> bool:
        report_id = self.selected_id()
        if report_id is None:
            return False
        row = self.model.rows[self.model.row_of(report_id)]
        if dialog is None:
            dialog = StatusDialog(row["status"], self.store.clock.today(), self)
            if not dialog.exec():
                return False
        if dialog.status == "草稿" and row["status"] != "草稿" and not confirm(
                self, "退回草稿", f"把“{row['title']}”从“{row['status']}”退回草稿？\n已记录的定稿、报送、公开日期会保留。",
                ok="退回草稿"):
            return False
        return self._write(lambda: repository.set_status(self.store, report_id, dialog.status, dialog.on))

    def delete_selected(self) -> bool:
        report_id = self.selected_id()
        if report_id is None:
            return False
        row = self.model.rows[self.model.row_of(report_id)]
        if not confirm(self, "删除报告", f"把“{row['title']}”移到回收站？\n它的各个版本一并移走，可在回收站中恢复。",
                       ok="移到回收站"):
            return False
        return self._write(lambda: repository.delete(self.store, report_id))

    # -- import -------------------------------------------------------------------------------------
    def choose_import(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, "导入年度报告", "", "年度报告 (*.docx *.txt);;Word 文档 (*.docx);;文本文件 (*.txt)")
        if files:
            self.import_files([Path(f) for f in files])

    def import_files(self, paths: list[Path]) -> None:
        """Preview and import each file in turn; the last one imported opens in the editor."""
        self._import_queue = list(paths)
        self._imported = []
        self._import_next()

    def _import_next(self) -> None:
        if not self._import_queue:
            self._import_finished()
            return
        path = self._import_queue.pop(0)

        today = self.store.clock.today()

        def work(_store, progress):  # noqa: ANN001 - ui.ops.Progress; reading needs no store
            from core.reports import parse
            progress(0, 1, f"正在读取“{path.name}”…")
            return parse.parse_file(path, convert_traditional=True, today=today)

        def failed(exc: BaseException) -> None:
            show_error(self, exc, f"无法导入“{path.name}”")
            self._import_next()

        run_op(self, "正在读取…", work, lambda parsed: self._preview(path, parsed), failed)

    def _preview(self, path: Path, parsed) -> None:  # noqa: ANN001 - parse.ParsedReport
        from ui.reports.import_dialog import ImportPreviewDialog

        dialog = ImportPreviewDialog(path, parsed, self.store.clock.today(), self)
        self.import_dialog = dialog
        dialog.accepted.connect(lambda: self._import_parsed(dialog))
        dialog.rejected.connect(self._import_next)
        dialog.open()

    def _import_parsed(self, dialog) -> None:  # noqa: ANN001 - ImportPreviewDialog
        try:
            self._imported.append(repository.import_report(self.store, dialog.parsed))
        except LawDeskError as exc:
            show_error(self, exc, f"无法导入“{dialog.path.name}”")
        self._import_next()

    def _import_finished(self) -> None:
        self.import_dialog = None
        if not self._imported:
            return
        self.changes.flush()
        self.open_record(self._imported[-1])

    # -- window hooks -------------------------------------------------------------------------------
    def can_close(self) -> bool:
        return self.editor is None or self.editor.can_close()

    def on_close(self) -> None:
        if self.editor is not None:
            self.editor.on_close()
