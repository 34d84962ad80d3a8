"""The list of annual reports: a table model over `repository.list_reports` rows."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("年度", "标题", "状态", "更新时间")
STATUS_COLORS = {"草稿": "#8a5a00", "已定稿": "#1565c0", "已报送": "#6a1b9a", "已公开": "#2e7d32"}


class ReportListModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.DisplayRole:
            return (f"{row['year']} 年度", row["title"], row["status"],
                    str(row.get("updated_at") or "").replace("T", " ")[:16])[column]
        if role == Qt.ForegroundRole and column == 2:
            return QColor(STATUS_COLORS.get(row["status"], "#000000"))
        if role == Qt.TextAlignmentRole and column in (0, 2, 3):
            return int(Qt.AlignCenter)
        if role == Qt.UserRole:
            return row["id"]
        return None

    def row_of(self, report_id: int) -> int:
        return next((i for i, row in enumerate(self.rows) if row["id"] == report_id), -1)
