"""Table model over the staff rows `core.staff.roster.list_staff` returns."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
LEFT_COLOR = QColor("#8a8a8a")


def status_text(row: dict) -> str:
    if row.get("active"):
        return "在职"
    return f"离职（{row['left_on']}）" if row.get("left_on") else "离职"


COLUMNS: list[tuple[str, Callable[[dict], str]]] = [
    ("姓名", lambda r: r["name"]),
    ("科室", lambda r: r["department"]),
    ("职务", lambda r: r["position"]),
    ("领导干部", lambda r: "是" if r["is_leader"] else ""),
    ("状态", status_text),
    ("备注", lambda r: " ".join((r.get("note") or "").split())),
]


class StaffModel(QAbstractTableModel):
    """One row per person; `Qt.UserRole` gives the row dict, `staff_id(row)` its id."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            return COLUMNS[index.column()][1](row)
        if role == Qt.UserRole:
            return row
        if role == Qt.ForegroundRole and not row["active"]:
            return QBrush(LEFT_COLOR)
        if role == Qt.TextAlignmentRole and COLUMNS[index.column()][0] == "领导干部":
            return int(Qt.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section][0]
        return None

    def row_dict(self, row: int) -> dict:
        return self._rows[row]

    def staff_id(self, row: int) -> int:
        return self._rows[row]["id"]

    def row_of(self, staff_id: int) -> int:
        """The row showing `staff_id`, or -1 when filtered out."""
        for i, row in enumerate(self._rows):
            if row["id"] == staff_id:
                return i
        return -1
