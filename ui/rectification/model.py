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


DISPLAY, TOOLTIP, BACKGROUND, FOREGROUND, ALIGNMENT, USER = (
    int(role.value) for role in (Qt.DisplayRole, Qt.ToolTipRole, Qt.BackgroundRole, Qt.ForegroundRole,
                                 Qt.TextAlignmentRole, Qt.UserRole))
_ROLES = frozenset((DISPLAY, TOOLTIP, BACKGROUND, FOREGROUND, ALIGNMENT, USER))
CENTER = int(Qt.AlignCenter.value)
SORT_NAMES = ("number", "status", "source", "problem", "department", "owner", "deadline", "last_progress")
FETCH_BLOCK = 200

Fetch = Callable[[list[int]], list[dict]]
Sorter = Callable[[str, bool], list[int]]


class RectificationModel(QAbstractTableModel):
    """One row per item; `Qt.UserRole` gives the row dict, `item_id(row)` its id.

    The page gives it only the ids in list order (`set_ids`) and a `fetch(ids) -> rows` function: rows are
    read in blocks as they are painted, so 20,000 items open as fast as one narrow query. `set_rows` fills
    it eagerly instead (small lists, tests). Header sorts ask `sorter(sort_name, descending)` for the new
    order when there is one, else sort the rows in memory.
    """

    def __init__(self, parent: Any = None, fetch: Fetch | None = None, sorter: Sorter | None = None) -> None:
        super().__init__(parent)
        self._fetch, self._sorter = fetch, sorter
        self._ids: list[int] = []
        self._cache: dict[int, dict] = {}
        self._row_of: dict[int, int] = {}

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._cache = {}
        self._index_rows()
        self.endResetModel()

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._ids = [r["id"] for r in rows]
        self._cache = {r["id"]: r for r in rows}
        self._index_rows()
        self.endResetModel()

    def _index_rows(self) -> None:
        self._row_of = {item_id: i for i, item_id in enumerate(self._ids)}

    def _row(self, row: int) -> dict:
        item_id = self._ids[row]
        cached = self._cache.get(item_id)
        if cached is None:
            self._load_block(row)
            cached = self._cache[item_id]
        return cached

    def _load_block(self, row: int) -> None:
        first = max(0, row - FETCH_BLOCK // 4)
        wanted = [i for i in self._ids[first:first + FETCH_BLOCK] if i not in self._cache]
        if self._fetch is None:
            raise LookupError("RectificationModel has no fetch function for rows it was not given")
        for fetched in self._fetch(wanted):
            self._cache[fetched["id"]] = fetched
        for item_id in wanted:  # deleted meanwhile: keep the row showing rather than fail while painting
            self._cache.setdefault(item_id, _gone(item_id))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # Roles arrive as ints; comparing them with Qt enum members costs more than the rest of this method.
        if role not in _ROLES or not index.isValid():
            return None
        r, column = index.row(), index.column()
        if not 0 <= r < len(self._ids):
            return None
        if role == ALIGNMENT:
            return CENTER if column in (0, 1, DEADLINE_COLUMN) else None
        row = self._cache.get(self._ids[r]) or self._row(r)
        if role == DISPLAY:
            return COLUMNS[column][1](row)
        if role == BACKGROUND:
            if row["overdue"]:
                return OVERDUE_BRUSH
            if row["due_soon"] and column == DEADLINE_COLUMN:
                return DUE_SOON_BRUSH
            return STATUS_BRUSHES.get(row["status"])
        if role == FOREGROUND:
            if column in (DEADLINE_COLUMN, STATUS_COLUMN) and row["overdue"]:
                return OVERDUE_TEXT
            if column == DEADLINE_COLUMN and row["due_soon"]:
                return DUE_SOON_TEXT
            return None
        if role == TOOLTIP:
            return row["problem"] if column == 3 else COLUMNS[column][1](row)
        return row  # USER

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section][0]
        if orientation == Qt.Vertical and 0 <= section < len(self._ids):
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.DescendingOrder
        if self._sorter is not None:
            new_ids = self._sorter(SORT_NAMES[column], descending)
        else:
            rows = [self._row(i) for i in range(len(self._ids))]
            new_ids = [r["id"] for r in sorted(rows, key=SORT_KEYS[column], reverse=descending)]
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_ids = [self._ids[i.row()] if 0 <= i.row() < len(self._ids) else None for i in persistent]
        self._ids = new_ids
        self._index_rows()
        moved = [self.index(self._row_of[i], old.column()) if i in self._row_of else QModelIndex()
                 for i, old in zip(old_ids, persistent)]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def item_id(self, row: int) -> int:
        return self._ids[row]

    def row_dict(self, row: int) -> dict:
        return self._row(row)

    def row_of(self, item_id: int) -> int:
        return self._row_of.get(item_id, -1)


def _gone(item_id: int) -> dict:
    return {"id": item_id, "number": "", "status": "", "source": "", "problem": "（已删除）", "department": "",
            "owner": "", "deadline": None, "standing": 0, "overdue": 0, "due_soon": 0, "last_progress": None}
