"""版本: the saved versions of a report, side-by-side compare paragraph by paragraph, restore.

The rows come from `core.reports.compare` (sections matched by uid, paragraphs aligned with difflib); a
changed paragraph sits on one row on both sides, highlighted, so the clerk sees what changed between saves.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.db import Store
from core.reports import repository
from core.reports.compare import ADDED, CHANGED, REMOVED, SAME, Row, compare
from core.reports.model import Report
from ui.ops import confirm, show_error
from ui.widgets.row_model import Column, RowTableModel, row_view

CHANGE_COLORS = {CHANGED: "#fff1c2", REMOVED: "#fbdada", ADDED: "#d9f2dc"}


def is_heading(row: Row) -> bool:
    """The row of a section's own numbered heading (shown bold)."""
    return row.section_uid is not None and (row.new or row.old) == row.section


class CompareModel(RowTableModel):
    """Old text left, new text right; the row's section is the tooltip, changes are coloured."""

    value_roles = (Qt.DisplayRole,)

    def __init__(self, rows: list[Row], headers: tuple[str, str], parent=None) -> None:
        super().__init__(parent, rows, (Column(headers[0], lambda r: r.old or ""),
                                        Column(headers[1], lambda r: r.new or "")))

    def role_data(self, row: Row, column: int, role: int) -> Any:
        text = row.old if column == 0 else row.new
        if role == Qt.ToolTipRole:
            return row.section
        if role == Qt.BackgroundRole and row.change != SAME and text:
            return QColor(CHANGE_COLORS[row.change])
        if role == Qt.FontRole and text and is_heading(row):
            font = QFont()
            font.setBold(True)
            return font
        return None


class CompareDialog(QDialog):
    """Two columns, old left and new right, changed paragraphs highlighted."""

    def __init__(self, old: Report, new: Report, old_label: str, new_label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("比较版本")
        self.resize(1100, 720)
        self.all_rows = compare(old, new)
        self.rows = self.all_rows
        self.labels = (old_label, new_label)
        self.model = CompareModel(self.rows, self.labels, self)
        counts = {kind: sum(1 for r in self.rows if r.change == kind) for kind in (CHANGED, REMOVED, ADDED)}
        summary = QLabel(f"修改 {counts[CHANGED]} 段，删除 {counts[REMOVED]} 段，新增 {counts[ADDED]} 段。"
                         "黄色为修改，红色为删除，绿色为新增。" if any(counts.values()) else "两个版本内容相同。")
        self.only_changes = QCheckBox("只显示改动")
        self.only_changes.toggled.connect(self._filter)
        self.table = QTableView()
        # wrapped rows are measured once the columns have their real width (and again after a resize)
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(50)
        self._fit_rows.timeout.connect(self.table.resizeRowsToContents)
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        self.table.setFocusPolicy(Qt.NoFocus)
        self.table.setStyleSheet("QTableView::item { padding: 3px 6px; }")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self._fit_rows.start())
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        buttons = QDialogButtonBox()
        next_button = buttons.addButton("下一处改动", QDialogButtonBox.ActionRole)
        next_button.clicked.connect(self.next_change)
        buttons.addButton("关闭", QDialogButtonBox.RejectRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(summary, 1)
        top.addWidget(self.only_changes)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self._cursor = -1

    def showEvent(self, event) -> None:  # noqa: ANN001 - QShowEvent
        super().showEvent(event)
        self._fit_rows.start()

    def _filter(self, only_changes: bool) -> None:
        self.rows = [r for r in self.all_rows if r.change != SAME] if only_changes else self.all_rows
        self.model = CompareModel(self.rows, self.labels, self)
        self.table.setModel(self.model)
        self._cursor = -1
        self._fit_rows.start()

    def changed_rows(self) -> list[Row]:
        return [row for row in self.all_rows if row.change != SAME]

    def next_change(self) -> None:
        for offset in range(1, len(self.rows) + 1):
            row = (self._cursor + offset) % len(self.rows)
            if self.rows[row].change != SAME:
                self._cursor = row
                self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.PositionAtCenter)
                return


class VersionsModel(RowTableModel):
    columns = (
        Column("保存时间", lambda r: r["saved_at"].replace("T", " ")),
        Column("说明", lambda r: r["note"] or "保存"),
        Column("保存人", lambda r: r["os_user"]),
    )
    value_roles = (Qt.DisplayRole,)

    def __init__(self, rows: list[dict], parent=None) -> None:
        super().__init__(parent, rows)


class VersionsDialog(QDialog):
    """Lists versions; compare two (or one with the text being edited); restore one."""

    def __init__(self, store: Store, report_id: int, current: Report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.report_id = report_id
        self.current = current
        self.restored = False
        self.compare_dialog: CompareDialog | None = None
        self.setWindowTitle("版本")
        self.resize(640, 420)
        self.model = VersionsModel(repository.versions(store, report_id), self)
        self.table = row_view(self.model, QAbstractItemView.ExtendedSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 170)
        self.table.setColumnWidth(1, 280)
        hint = QLabel("每次按 Ctrl+S 保存都会留下一个版本。选中两个版本比较它们，选中一个可与正在编辑的内容比较。")
        hint.setWordWrap(True)
        self.compare_button = QPushButton("比较…")
        self.restore_button = QPushButton("恢复此版本…")
        close = QPushButton("关闭")
        self.compare_button.clicked.connect(self.compare_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.compare_selected())
        self._update_buttons()

    def selected_rows(self) -> list[dict]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.rows[row] for row in rows]

    def select_rows(self, *rows: int) -> None:
        from PySide6.QtCore import QItemSelectionModel
        selection = self.table.selectionModel()
        selection.clearSelection()
        for row in rows:
            selection.select(self.model.index(row, 0), QItemSelectionModel.Select | QItemSelectionModel.Rows)

    def _update_buttons(self) -> None:
        count = len(self.selected_rows())
        self.compare_button.setEnabled(count in (1, 2))
        self.compare_button.setText("比较所选两个版本…" if count == 2 else "与当前内容比较…")
        self.restore_button.setEnabled(count == 1)

    @staticmethod
    def _label(row: dict) -> str:
        return f"{row['saved_at'].replace('T', ' ')} {row['note'] or '保存'}".strip()

    def compare_selected(self) -> CompareDialog | None:
        rows = self.selected_rows()
        if len(rows) not in (1, 2):
            return None
        try:
            if len(rows) == 2:
                older, newer = sorted(rows, key=lambda r: r["id"])
                old = repository.load_version(self.store, older["id"])
                new = repository.load_version(self.store, newer["id"])
                labels = (self._label(older), self._label(newer))
            else:
                old, new = repository.load_version(self.store, rows[0]["id"]), self.current
                labels = (self._label(rows[0]), "正在编辑的内容")
        except Exception as exc:  # noqa: BLE001 - shown to the clerk
            show_error(self, exc)
            return None
        self.compare_dialog = CompareDialog(old, new, *labels, parent=self)
        self.compare_dialog.show()
        return self.compare_dialog

    def restore_selected(self) -> bool:
        rows = self.selected_rows()
        if len(rows) != 1:
            return False
        text = (f"把报告恢复到 {self._label(rows[0])} 的版本？\n\n当前已保存的内容会先另存为一个版本，"
                "可以再恢复回来；尚未保存的修改将丢失。")
        if not confirm(self, "恢复版本", text, ok="恢复"):
            return False
        try:
            repository.restore_version(self.store, self.report_id, rows[0]["id"])
        except Exception as exc:  # noqa: BLE001 - shown to the clerk
            show_error(self, exc)
            return False
        self.restored = True
        self.accept()
        return True
