"""The import preview every Excel import shows (人员, 学法记录, 整改事项): nothing is written until 导入.

    start_import(page, page.store, title="导入学法台账", read=study_importer.preview_study,
                 columns=[("日期", lambda s: s.held_on), ("主题", lambda s: s.topic)],
                 commit=study_importer.commit_study, on_done=lambda ids: page.refresh())

`start_import` asks for a file (unless `path` is given), reads it off the UI thread with its own store
(`read(store, path) -> core.tabular.ImportPreview`), then opens `ImportPreviewDialog`: accepted rows
in a table with the caller's columns, rejected rows as 第 N 行 + reason, warnings (e.g. unknown
names), and 导入 N 条 / 取消. On 导入 it runs `commit(store, preview)` off the UI thread too (the pages
showing the tables refresh from the commit); an error is shown in the dialog, which stays open. The
dialog is opened with `open()` (not exec) so tests can reach it as `start_import(...)`'s `on_dialog`
argument or `ImportPreviewDialog.last`; `dialog.commit_thread` is the commit's worker.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.db import Store
from core.errors import FILE_WORK_ERRORS, message_of
from core.tabular import ImportPreview, Rejected
from ui.ops import run_op, show_error
from ui.widgets.files import open_file
from ui.widgets.row_model import RowTableModel, row_view

Column = tuple[str, Callable[[Any], Any]]
EXCEL_FILTER = ("表格文件 (*.xlsx *.xlsm *.xlsb *.xls *.et *.ods *.csv);;Excel 工作簿 (*.xlsx *.xlsm *.xls);;"
                "WPS / LibreOffice 表格 (*.et *.ods);;CSV 文件 (*.csv);;所有文件 (*)")


def display(value: Any) -> str:
    """How a preview cell shows a value: dates as 2024-05-16, booleans as 是/否, lists joined with 、."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple, set)):
        return "、".join(display(v) for v in value)
    return str(value)


class RowsModel(RowTableModel):
    """A read-only table over a list of objects, one column per (title, getter), rows numbered."""

    def __init__(self, columns: Sequence[Column], items: Sequence[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent, items, [(title, lambda item, get=get: display(get(item))) for title, get in columns])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role == Qt.DisplayRole and orientation == Qt.Vertical:
            return str(section + 1)
        return super().headerData(section, orientation, role)

    def item(self, row: int) -> Any:
        return self.row_at(row)


REJECTED_COLUMNS: list[Column] = [("行号", lambda r: f"第 {r.row} 行"), ("原因", lambda r: r.reason)]


class ImportPreviewDialog(QDialog):
    """Shows what an import would do; on 导入 runs `commit(store, preview)` in a worker and keeps its
    result in `.result_value`."""

    last: ImportPreviewDialog | None = None  # the dialog most recently opened (tests reach it here)

    def __init__(self, parent: QWidget | None, title: str, preview: ImportPreview, columns: Sequence[Column],
                 commit: Callable[[Store, ImportPreview], Any], store: Store, *, noun: str = "条") -> None:
        super().__init__(parent)
        ImportPreviewDialog.last = self
        self.preview = preview
        self.result_value: Any = None
        self.commit_thread: QThread | None = None
        self._commit = commit
        self._store = store
        self.setWindowTitle(title)
        self.resize(860, 560)
        count, bad = len(preview.accepted), len(preview.rejected)
        self.summary = QLabel(f"文件“{preview.file}”：可导入 {count} {noun}"
                              + (f"，有 {bad} 行不能导入（见下方原因，可改正文件后重新导入）" if bad else "")
                              + "。点击“导入”前不会写入任何数据。")
        self.summary.setWordWrap(True)
        # the field limits the rows were checked against (core.limits), so a rejected row's reason makes sense
        self.limits = QLabel("字段限制：" + "；".join(preview.limits) if preview.limits else "")
        self.limits.setWordWrap(True)
        self.limits.setStyleSheet("color: #666")
        self.limits.setVisible(bool(preview.limits))
        self.accepted_model = RowsModel([("行号", lambda it: it.row), *columns], preview.accepted, self)
        self.accepted_view = self._table(self.accepted_model)
        self.rejected_model = RowsModel(REJECTED_COLUMNS, sorted(preview.rejected, key=lambda r: r.row), self)
        self.rejected_view = self._table(self.rejected_model)
        self.warnings_model = RowsModel([("注意", lambda w: w)], preview.warnings, self)
        self.warnings_view = self._table(self.warnings_model)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox()
        self.import_button = QPushButton(f"导入 {count} {noun}")
        self.import_button.setEnabled(count > 0)
        self.import_button.setDefault(count > 0)
        self.cancel_button = QPushButton("取消")
        self.buttons.addButton(self.import_button, QDialogButtonBox.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.RejectRole)
        self.import_button.clicked.connect(self._confirm)
        self.cancel_button.clicked.connect(self.reject)
        self._lay_out(count, bad)

    def _lay_out(self, count: int, bad: int) -> None:
        split = QSplitter(Qt.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self._titled(f"将导入的 {count} 行", self.accepted_view))
        if bad:
            split.addWidget(self._titled(f"不能导入的 {bad} 行", self.rejected_view))
        else:
            self.rejected_view.hide()
        if self.preview.warnings:
            split.addWidget(self._titled(f"请注意（{len(self.preview.warnings)} 条）", self.warnings_view))
        else:
            self.warnings_view.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.limits)
        layout.addWidget(split, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    @staticmethod
    def _titled(text: str, view: QWidget) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 4, 0, 0)
        label = QLabel(f"<b>{text}</b>")
        lay.addWidget(label)
        lay.addWidget(view)
        return box

    def _table(self, model: RowsModel) -> QTableView:
        view = row_view(model, QAbstractItemView.ExtendedSelection, self)
        view.setWordWrap(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setMinimumSectionSize(64)
        header.setStretchLastSection(True)
        return view

    def rejected_texts(self) -> list[str]:
        """What the clerk reads in the rejected list, one "第 N 行：原因" per row."""
        m = self.rejected_model
        return [f"{m.index(r, 0).data()}：{m.index(r, 1).data()}" for r in range(m.rowCount())]

    def _confirm(self) -> None:
        self.import_button.setEnabled(False)  # one commit, however often it is clicked
        self.commit_thread = run_op(self, "正在导入…", lambda own, _progress: self._commit(own, self.preview),
                                    self._committed, self._failed, store=self._store)

    def reject(self) -> None:
        if self.commit_thread is None:  # not while the rows are being written: their result would be lost
            super().reject()

    def _committed(self, result: Any) -> None:
        self.result_value = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.commit_thread = None
        self.import_button.setEnabled(True)
        if isinstance(exc, FILE_WORK_ERRORS):
            self.error.setText(message_of(exc, "导入"))
            self.error.show()
        else:  # shown, not swallowed: the transaction rolled back
            show_error(self, exc)


def start_import(parent: QWidget, store: Store, *, title: str,
                 read: Callable[[Store, Path], ImportPreview], columns: Sequence[Column],
                 commit: Callable[[Store, ImportPreview], Any], on_done: Callable[[Any], None] | None = None,
                 path: str | Path | None = None, noun: str = "条",
                 on_dialog: Callable[[ImportPreviewDialog], None] | None = None) -> None:
    """Pick a file, read it in a worker, show the preview; on 导入 commit and call `on_done(result)`."""
    if path is None:
        path = open_file(parent, f"import:{title}", title, EXCEL_FILTER)
        if path is None:
            return
    file = Path(path)
    def work(own: Store, progress: Callable[..., None]) -> ImportPreview:
        progress(0, 0, f"正在读取“{file.name}”…")
        return read(own, file)

    def show(preview: ImportPreview) -> None:
        dialog = ImportPreviewDialog(parent, title, preview, columns, commit, store, noun=noun)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        if on_done:
            dialog.accepted.connect(lambda: on_done(dialog.result_value))
        if on_dialog:
            on_dialog(dialog)
        dialog.open()

    run_op(parent, f"正在读取“{file.name}”…", work, show, store=store)


__all__ = ["EXCEL_FILTER", "ImportPreviewDialog", "Rejected", "RowsModel", "display", "start_import"]
