"""`RowTableModel`: the read-only table over a small in-memory list of rows that many panels show, and
`row_view`, the read-only whole-row-selecting table view they are shown in.

A subclass gives its columns as `Column(title, value, align)` (plain `(title, value)` tuples work too) and
overrides `role_data` for colours and fonts:

    class RecycleModel(RowTableModel):
        columns = (Column("删除时间", lambda r: when_text(r["deleted_at"])), Column("内容", lambda r: r["label"]))

        def role_data(self, row: dict, column: int, role: int) -> Any:
            return QColor("#8a8a8a") if role == Qt.ForegroundRole and row["old"] else None

`user_key` makes `Qt.UserRole` give one field (e.g. "id") instead of the row; `value_roles` leaves out the
tooltip for lists whose cells are short. Lazy, SQL-paged lists (学法记录, 整改事项) have their own models: they must not hold every row.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

Index = QModelIndex | QPersistentModelIndex


class Column(NamedTuple):
    title: str
    value: Callable[[Any], Any]
    align: Qt.AlignmentFlag | None = None


class RowTableModel(QAbstractTableModel):
    """One table row per item of `rows`; `Qt.UserRole` gives the row itself, or `row[user_key]` when set."""

    columns: Sequence[Column | tuple] = ()
    user_key: str | None = None
    # the roles answered with the column's value; a list whose cells need no tooltip leaves ToolTipRole out
    value_roles: tuple[Qt.ItemDataRole, ...] = (Qt.DisplayRole, Qt.ToolTipRole)

    def __init__(self, parent: Any = None, rows: Iterable[Any] = (),
                 columns: Sequence[Column | tuple] | None = None) -> None:
        super().__init__(parent)
        self._columns = [Column(*spec) for spec in (self.columns if columns is None else columns)]
        self._rows: list[Any] = list(rows)

    # -- rows ----------------------------------------------------------------------------------------
    def set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[Any]:
        return self._rows

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def role_data(self, row: Any, column: int, role: int) -> Any:
        """Colours, fonts, own tooltips: return None to let the column spec answer."""
        return None

    # -- Qt model ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        special = self.role_data(row, column, role)
        if special is not None:
            return special
        if role in self.value_roles:
            return self._columns[column].value(row)
        if role == Qt.UserRole:
            return row if self.user_key is None else row[self.user_key]
        if role == Qt.TextAlignmentRole and self._columns[column].align is not None:
            return int(self._columns[column].align)
        return None


def row_view(model: QAbstractItemModel, selection: QAbstractItemView.SelectionMode = QAbstractItemView.SingleSelection,
             parent: QWidget | None = None) -> QTableView:
    """A read-only table view of `model` that selects whole rows, without row numbers."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(selection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.verticalHeader().hide()
    return view
