"""Table models of the 学法记录 page: sessions (SQL-filtered, fetched lazily page by page) and per-person hours.

The session model never holds the whole table: filtering, sorting and totals run in SQL through
`core.study.sessions`, and rows arrive 200 at a time as the view scrolls (canFetchMore / fetchMore).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from core.db import Store
from core.study import sessions
from core.study.people import PersonYear
from core.study.sessions import StudyFilter, Totals, format_hours

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invalid index Qt passes for the table's root
PAGE_SIZE = 200
# roles as plain ints: data() runs thousands of times a paint and enum comparisons are slow in PySide6
DISPLAY, TOOLTIP, ALIGN, BACKGROUND, USER = (
    int(r.value) for r in (Qt.DisplayRole, Qt.ToolTipRole, Qt.TextAlignmentRole, Qt.BackgroundRole, Qt.UserRole))
_CENTER = int(Qt.AlignCenter)
_RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)

# (row key, header, alignment)
SESSION_COLUMNS = (
    ("held_on", "日期", _CENTER),
    ("form", "学习形式", None),
    ("topic", "学习主题", None),
    ("laws_text", "学习内容（法律法规）", None),
    ("lecturer_name", "主讲人", None),
    ("person_times", "参学人次", _RIGHT),
    ("on_leave_count", "请假", _RIGHT),
    ("hours", "学时", _RIGHT),
    ("recorder", "记录人", None),
)


class SessionTableModel(QAbstractTableModel):
    """Sessions matching a filter, in the asked order; rows are fetched as the view needs them."""

    def __init__(self, store: Store, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.filter = StudyFilter()
        self.order_by = "held_on"
        self.descending = True
        self.rows: list[dict] = []
        self.shown: list[tuple[str, ...]] = []  # display text per row, made once when the page arrives
        self.totals = Totals(0, 0, 0.0)
        self.reload()

    # -- loading ----------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-run the query for the current filter and order (after a filter change or a write)."""
        self.beginResetModel()
        self.totals = sessions.totals(self.store, self.filter)
        self.rows = self._page(0)
        self.shown = [_shown(r) for r in self.rows]
        self.endResetModel()

    def set_filter(self, flt: StudyFilter) -> None:
        self.filter = flt
        self.reload()

    def _page(self, offset: int) -> list[dict]:
        return sessions.list_page(self.store, self.filter, self.order_by, self.descending, PAGE_SIZE, offset)

    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and len(self.rows) < self.totals.sessions

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if parent.isValid():
            return
        more = self._page(len(self.rows))
        if not more:
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.shown.extend(_shown(r) for r in more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        if not 0 <= column < len(SESSION_COLUMNS):
            return
        order_by, descending = SESSION_COLUMNS[column][0], order == Qt.DescendingOrder
        if (order_by, descending) == (self.order_by, self.descending):
            return  # the view re-announces the current order when sorting is enabled: no query
        self.order_by, self.descending = order_by, descending
        self.reload()

    # -- Qt model ---------------------------------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(SESSION_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role == Qt.DisplayRole:
            if orientation == Qt.Horizontal and 0 <= section < len(SESSION_COLUMNS):
                return SESSION_COLUMNS[section][1]
            if orientation == Qt.Vertical:
                return section + 1
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        role = int(role)
        if role == DISPLAY:
            row = index.row()
            return self.shown[row][index.column()] if 0 <= row < len(self.shown) else None
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role == ALIGN:
            return SESSION_COLUMNS[index.column()][2]
        if role == TOOLTIP and index.column() in (2, 3):
            return self.shown[index.row()][index.column()]
        if role == USER:
            return self.rows[index.row()]["id"]
        return None

    def session_id(self, row: int) -> int | None:
        return self.rows[row]["id"] if 0 <= row < len(self.rows) else None

    def row_of(self, session_id: int, fetch_pages: int = 5) -> int:
        """The row showing a session, fetching up to `fetch_pages` more pages; -1 if not (yet) there."""
        checked = 0
        for _ in range(fetch_pages + 1):
            for i in range(checked, len(self.rows)):
                if self.rows[i]["id"] == session_id:
                    return i
            checked = len(self.rows)
            if not self.canFetchMore():
                break
            self.fetchMore()
        return -1


def _shown(row: dict) -> tuple[str, ...]:
    return tuple(_display(row, key) for key, _title, _align in SESSION_COLUMNS)


def _display(row: dict, key: str) -> str:
    value = row[key]
    if key == "hours":
        return format_hours(value)
    if key == "held_on" and row["start_time"]:
        return f"{value} {row['start_time']}"
    if key == "on_leave_count":
        return str(value) if value else ""
    return "" if value is None else str(value)


# (attribute, header, alignment)
PEOPLE_COLUMNS = (
    ("name", "姓名", None),
    ("department", "科室", None),
    ("position", "职务", None),
    ("sessions", "参学次数", _RIGHT),
    ("on_leave", "请假次数", _RIGHT),
    ("hours", "学时", _RIGHT),
    ("exams", "考试成绩", None),
    ("reached", "是否达标", _CENTER),
)
BELOW_MINIMUM = QColor("#FDE2E1")


class PeopleTableModel(QAbstractTableModel):
    """One year's per-person statistics (a few dozen rows: held in memory, sorted in Python)."""

    def __init__(self, people: list[PersonYear] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.people: list[PersonYear] = list(people or [])

    def set_people(self, people: list[PersonYear]) -> None:
        self.beginResetModel()
        self.people = list(people)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(PEOPLE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(PEOPLE_COLUMNS):
            return PEOPLE_COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.people):
            return None
        person = self.people[index.row()]
        key, _title, align = PEOPLE_COLUMNS[index.column()]
        if role == Qt.DisplayRole:
            return _person_text(person, key)
        if role == Qt.BackgroundRole and not person.reached:
            return QBrush(BELOW_MINIMUM)
        if role == Qt.TextAlignmentRole and align is not None:
            return align
        if role == Qt.UserRole:
            return person.staff_id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        if not 0 <= column < len(PEOPLE_COLUMNS):
            return
        key = PEOPLE_COLUMNS[column][0]
        self.layoutAboutToBeChanged.emit()
        self.people.sort(key=lambda p: _sort_key(p, key), reverse=order == Qt.DescendingOrder)
        self.layoutChanged.emit()


def _person_text(person: PersonYear, key: str) -> str:
    if key == "hours":
        return format_hours(person.hours)
    if key == "exams":
        return person.exam_text()
    if key == "reached":
        return person.status_text()
    return str(getattr(person, key))


def _sort_key(person: PersonYear, key: str) -> Any:
    if key == "exams":
        scores = [e.score for e in person.exams if e.score is not None]
        return sum(scores) / len(scores) if scores else -1
    if key == "reached":
        return (person.reached, person.hours)
    return getattr(person, key)
