"""The 汇总 table: one row per unit (core.district.view.UnitFigures) and a totals row that stays at the bottom.

`DistrictModel` answers display text, a sort key (`SORT_ROLE`: numbers as numbers, dates as text that sorts,
units without a package last) and the marks: a late or missing report and overdue items in red, staff below the
minimum hours in amber, units that sent nothing in grey. `DistrictProxy` sorts by the key and keeps the totals
row last in either order.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from core.district.view import DistrictView, UnitFigures
from core.study.sessions import format_hours

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = int(Qt.UserRole) + 1
TOTALS_ROLE = int(Qt.UserRole) + 2
HEADERS = ("单位", "年度报告", "报送日期", "是否按时", "学法次数", "参学人次", "学时", "在职人数", "学时未达标",
           "整改事项", "已销号", "逾期")
NUMBER_KEYS = ("sessions", "person_times", "hours", "staff", "below_minimum", "items", "closed", "overdue")
REPORT_COLUMNS = (1, 2, 3)
STUDY_COLUMNS = (4, 5, 6)
STAFF_COLUMNS = (7, 8)
ITEM_COLUMNS = (9, 10, 11)
LATE_BACK, LATE_TEXT = QColor("#F8CBAD"), QColor("#9C0006")
AMBER_BACK = QColor("#FFE699")
GREY_TEXT = QColor("#8a8a8a")


def on_time_text(u: UnitFigures) -> str:
    if not u.received:
        return ""
    return {True: "按时", False: "逾期"}.get(u.on_time, "未到期")


def report_text(u: UnitFigures) -> str:
    if not u.received:
        return "未收到报送包"
    return u.report_status if u.submitted_on else f"未报送（{u.report_detail}）"


class DistrictModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.view: DistrictView | None = None
        self.units: list[UnitFigures] = []
        self.totals: dict = {}
        self._cells: list[list[dict]] = []

    def set_view(self, view: DistrictView) -> None:
        self.beginResetModel()
        self.view = view
        self.units = list(view.units)
        self.totals = view.totals()
        # every cell's roles worked out once: a paint asks for about ten roles of each visible cell
        self._cells = [[self._unit_cell(u, c) for c in range(len(HEADERS))] for u in self.units]
        if self.units:
            self._cells.append([self._totals_cell(c) for c in range(len(HEADERS))])
        self.endResetModel()

    def unit_at(self, row: int) -> UnitFigures | None:
        return self.units[row] if 0 <= row < len(self.units) else None

    # -- Qt model ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or not self.units else len(self.units) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self._cells[index.row()][index.column()].get(role)

    def _unit_cell(self, unit: UnitFigures, column: int) -> dict:
        cell = {
            int(Qt.DisplayRole): self._text(unit, column), int(Qt.ToolTipRole): self._tip(unit, column),
            SORT_ROLE: self._sort_key(unit, column), TOTALS_ROLE: False, int(Qt.UserRole): unit,
            int(Qt.TextAlignmentRole): int(Qt.AlignVCenter | (Qt.AlignLeft if column == 0 else Qt.AlignCenter)),
        }
        for role in (Qt.BackgroundRole, Qt.ForegroundRole):
            mark = self._mark(unit, column, role)
            if mark is not None:
                cell[int(role)] = mark
        return cell

    def _totals_cell(self, column: int) -> dict:
        cell = {TOTALS_ROLE: True, SORT_ROLE: None}
        for role in (Qt.DisplayRole, Qt.FontRole, Qt.BackgroundRole, Qt.TextAlignmentRole):
            cell[int(role)] = self._totals_data(column, role)
        return cell

    def _text(self, u: UnitFigures, column: int) -> str:
        if column == 0:
            return u.unit
        if column == 1:
            return report_text(u)
        if column == 2:
            return u.submitted_on or ""
        if column == 3:
            return on_time_text(u)
        if not u.received:
            return ""
        value = getattr(u, NUMBER_KEYS[column - 4])
        return format_hours(value) if column == 6 else str(value)

    def _tip(self, u: UnitFigures, column: int) -> str:
        if not u.received:
            return f"{u.unit}：本年度尚未收到报送包"
        tip = f"{u.unit}（报送包生成于 {u.created.replace('T', ' ')}）"
        if column in REPORT_COLUMNS and u.late:
            tip += "\n年度报告未在3月1日前报送"
        return tip + "\n双击查看（只读）"

    @staticmethod
    def _sort_key(u: UnitFigures, column: int) -> Any:
        missing = 0 if u.received else 1  # units that sent nothing sort after the others on figures
        if column == 0:
            return u.unit
        if column == 1:
            return (missing, report_text(u))
        if column == 2:
            return (missing, u.submitted_on or "9999")
        if column == 3:
            return (missing, {True: 0, None: 1, False: 2}[u.on_time])
        return (missing, getattr(u, NUMBER_KEYS[column - 4]))

    @staticmethod
    def _mark(u: UnitFigures, column: int, role: int) -> Any:
        back = role == Qt.BackgroundRole
        if not u.received:
            return None if back else QBrush(GREY_TEXT)
        if (column in REPORT_COLUMNS and u.late) or (column == 11 and u.overdue):
            return QBrush(LATE_BACK if back else LATE_TEXT)
        if column == 8 and u.below_minimum and back:
            return QBrush(AMBER_BACK)
        return None

    def _totals_data(self, column: int, role: int) -> Any:
        if role == Qt.DisplayRole:
            got = [u for u in self.units if u.received]
            if column == 0:
                return f"合计（{len(got)} 个单位）"
            if column == 1:
                return f"已报送 {sum(1 for u in got if u.submitted_on)}"
            if column == 3:
                return f"按时 {sum(1 for u in got if u.on_time)}"
            if column >= 4:
                value = self.totals[NUMBER_KEYS[column - 4]]
                return format_hours(value) if column == 6 else str(value)
            return ""
        if role == Qt.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.BackgroundRole:
            return QBrush(QColor("#EEF2F8"))
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignVCenter | (Qt.AlignLeft if column == 0 else Qt.AlignCenter))
        return None


class DistrictProxy(QSortFilterProxyModel):
    """Sorts units by the model's sort key; the totals row stays last, ascending or descending."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: Index, right: Index) -> bool:
        left_total, right_total = left.data(TOTALS_ROLE), right.data(TOTALS_ROLE)
        if left_total or right_total:
            # Qt reverses the comparison for a descending sort: answer so the totals row ends last both ways
            descending = self.sortOrder() == Qt.DescendingOrder
            return bool(right_total) != descending if left_total != right_total else False
        return left.data(SORT_ROLE) < right.data(SORT_ROLE)
