"""年度报告 page: the list of reports (new, import, open, status, delete) and, in its place, the editor.

A configuration of `ui.widgets.list_page.ListPage`; a QStackedWidget switches between the list and the
editor of one report; 返回列表 (or opening another page's link) brings the list back after asking to save.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from core.db import Store
from core.errors import LawDeskError
from core.reports import repository
from core.reports.repository import Listed
from ui.ops import confirm, run_op, show_error
from ui.reports.dialogs import NewReportDialog, StatusDialog
from ui.reports.editor import ReportEditor
from ui.widgets.files import open_files
from ui.widgets.list_page import Act, Empty, ListPage
from ui.widgets.row_model import STRETCH, Column

STATUS_COLORS = {"草稿": "#8a5a00", "已定稿": "#1565c0", "已报送": "#6a1b9a", "已公开": "#2e7d32"}


def _status_colour(r: Listed, role: int) -> Any:
    return QColor(STATUS_COLORS.get(r.status, "#000000")) if role == Qt.ForegroundRole else None


COLUMNS = (
    Column("年度", lambda r: f"{r.year} 年度", Qt.AlignCenter, None, 90),
    Column("标题", lambda r: r.title, None, None, STRETCH),
    Column("状态", lambda r: r.status, Qt.AlignCenter, None, 80, _status_colour),
    Column("更新时间", lambda r: str(r.updated_at or "").replace("T", " ")[:16], Qt.AlignCenter, None, 140),
)


class ReportsPage(ListPage):
    noun = "年度报告"
    tables = {"report"}
    columns = COLUMNS
    sort_header = False  # newest year first

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        self._import_queue: list[Path] = []
        self._imported: list[int] = []
        super().__init__(store, window)
        self.model.value_roles = (Qt.DisplayRole,)

    def build(self, layout: QVBoxLayout) -> None:
        title = QLabel("法治政府建设年度报告", styleSheet="font-size: 18px; font-weight: bold;")
        note = QLabel("每年 3月1日前向党委、政府报送上一年度报告，4月1日前向社会公开。双击打开编辑。", styleSheet="color: #666")
        self.list_widget = QWidget()
        lay = QVBoxLayout(self.list_widget)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.addWidget(title)
        lay.addWidget(note)
        self.place_list(lay)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list_widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def query(self, _flt: Any, _order_by: Any, _descending: bool) -> list[Listed]:
        return repository.listed(self.store)

    def after_reload(self) -> None:
        if self.selected_id() is None and self.model.rowCount():
            self.view.selectRow(0)

    def refresh(self) -> None:
        if self.editor is None:
            super().refresh()

    def focus_page(self) -> None:
        if self.editor is None:  # an open report keeps its own focus
            super().focus_page()

    def extra_actions(self) -> list[Act]:
        return [Act("更改状态…", lambda: self.change_status(), needs="one", menu=True, icon="check"),
                Act("导入…", self.choose_import, icon="import")]

    def empty_hint(self) -> Empty:
        return Empty("还没有年度报告", "按法定五部分模板起草本年度报告，或导入往年的 Word / 文本报告。",
                     [Act("新建年度报告", self.new_record, icon="add"),
                      Act("导入往年报告…", self.choose_import, icon="import")])

    def open_editor(self, report_id: int | None) -> ReportEditor | None:
        return self.new_report() if report_id is None else self.open_record(report_id)

    def describe(self, r: Listed) -> str:
        return f"“{r.title}”"

    def delete_note(self) -> str:
        return "它的各个版本一并移走，可在回收站中恢复。"

    def delete_records(self, records: list[Listed]) -> None:
        for r in records:
            repository.delete(self.store, r.id)

    def _selected(self) -> Listed | None:
        return next(iter(self.selected_records()), None)

    # -- actions ------------------------------------------------------------------------------------
    def new_report(self, dialog: NewReportDialog | None = None) -> int | None:
        """Ask the year, create from the template, open it. Tests pass a filled dialog (not exec'd)."""
        if dialog is None:
            dialog = NewReportDialog(self.store.clock.today(), {r.year for r in self.model.rows}, self)
            if not dialog.exec():
                return None
        try:
            report_id = repository.create_from_template(self.store, dialog.year)
        except LawDeskError as exc:
            show_error(self, exc)
            return None
        self.open_record(report_id)
        return report_id

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
        row = self._selected()
        if row is None:
            return False
        if dialog is None:
            dialog = StatusDialog(row.status, self.store.clock.today(), self)
            if not dialog.exec():
                return False
        if dialog.status == "草稿" and row.status != "草稿" and not confirm(
                self, "退回草稿", f"把“{row.title}”从“{row.status}”退回草稿？\n已记录的定稿、报送、公开日期会保留。",
                ok="退回草稿"):
            return False
        return self.write(lambda: repository.set_status(self.store, row.id, dialog.status, dialog.on))

    # -- import -------------------------------------------------------------------------------------
    def choose_import(self) -> None:
        files = open_files(self, "report_import", "导入年度报告",
                           "年度报告 (*.docx *.txt);;Word 文档 (*.docx);;文本文件 (*.txt)")
        if files:
            self.import_files(files)

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
