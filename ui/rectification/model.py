"""Table model over the item rows `core.rectification.items.list_items` returns.

Rows are painted with their status colour (the same as the Excel ledger); 逾期 items get the overdue
colour and red text in the deadline column, 临期 items an amber deadline.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from core.rectification import rules

Index = QModelIndex | QPersistentModelIndex


def _brush(rgb: str) -> QBrush:
    return QBrush(QColor(f"#{rgb}"))


STATUS_BRUSHES = {status: _brush(color) for status, color in rules.STATUS_COLORS.items()}
OVERDUE_BRUSH = _brush(rules.OVERDUE_COLOR)
DUE_SOON_BRUSH = _brush(rules.DUE_SOON_COLOR)
OVERDUE_TEXT = _brush(rules.OVERDUE_TEXT_COLOR)
DUE_SOON_TEXT = _brush(rules.DUE_SOON_TEXT_COLOR)


def deadline_cell(row: dict) -> str:
    text = rules.deadline_text(row["deadline"], row["standing"]) or "未定"
    if row["overdue"]:
        return f"{text}（逾期）"
    if row["due_soon"]:
        return f"{text}（临期）"
    return text


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


COLUMNS: list[tuple[str, Callable[[dict], Any]]] = [
    ("编号", lambda r: r["number"]),
    ("状态", lambda r: r["status"]),
    ("问题来源", lambda r: r["source"]),
    ("问题描述", lambda r: _one_line(r["problem"])),
    ("责任科室", lambda r: r["department"]),
    ("责任人", lambda r: r["owner"]),
    ("整改时限", deadline_cell),
    ("最新进展", lambda r: _one_line(r["last_progress"])),
]
DEADLINE_COLUMN = 6
STATUS_COLUMN = 1
# How a click on a header sorts: by the stored value, so dates sort as dates and undated go last.
SORT_KEYS: list[Callable[[dict], Any]] = [
    lambda r: (len(r["number"]), r["number"]),
    lambda r: rules.STATUSES.index(r["status"]) if r["status"] in rules.STATUSES else 9,
    lambda r: r["source"],
    lambda r: r["problem"],
    lambda r: r["department"],
    lambda r: r["owner"] or "",
    lambda r: (r["deadline"] is None, r["deadline"] or "", r["number"]),
    lambda r: r["last_progress"] or "",
]


class RectificationModel(QAbstractTableModel):
    """One row per item; `Qt.UserRole` gives the row dict, `item_id(row)` its id."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[dict] = []
        self._row_of: dict[int, int] = {}

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._index_rows()
        self.endResetModel()

    def _index_rows(self) -> None:
        self._row_of = {r["id"]: i for i, r in enumerate(self._rows)}

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.DisplayRole:
            return COLUMNS[column][1](row)
        if role == Qt.ToolTipRole:
            return row["problem"] if column == 3 else COLUMNS[column][1](row)
        if role == Qt.BackgroundRole:
            if row["overdue"]:
                return OVERDUE_BRUSH
            if row["due_soon"] and column == DEADLINE_COLUMN:
                return DUE_SOON_BRUSH
            return STATUS_BRUSHES.get(row["status"])
        if role == Qt.ForegroundRole and column in (DEADLINE_COLUMN, STATUS_COLUMN):
            if row["overdue"]:
                return OVERDUE_TEXT
            if row["due_soon"] and column == DEADLINE_COLUMN:
                return DUE_SOON_TEXT
        if role == Qt.TextAlignmentRole and column in (0, 1, DEADLINE_COLUMN):
            return int(Qt.AlignCenter)
        if role == Qt.UserRole:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section][0]
        if orientation == Qt.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._rows[i.row()]["id"] if 0 <= i.row() < len(self._rows) else None for i in persistent]
        self._rows.sort(key=SORT_KEYS[column], reverse=order == Qt.DescendingOrder)
        self._index_rows()
        moved = [self.index(self._row_of[i], old.column()) if i in self._row_of else QModelIndex()
                 for i, old in zip(ids, persistent)]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def item_id(self, row: int) -> int:
        return self._rows[row]["id"]

    def row_dict(self, row: int) -> dict:
        return self._rows[row]

    def row_of(self, item_id: int) -> int:
        return self._row_of.get(item_id, -1)
