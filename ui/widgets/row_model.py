"""`RowTableModel`, the one table model of the app's lists, and `row_view`, the read-only table they show in.

Columns are objects: `Column(title, value, align, sort, width, role)`. `value(record)` is the cell text,
`sort` the SQL sort name a header click asks the query for (or a key function sorting held rows; None sorts
held rows by the shown value), `width` pixels (`STRETCH` fills the rest), and `role(record, role)` answers
colours, fonts and own tooltips (None lets the column answer).

A small panel holds its rows (`set_rows`). A big list gives a `query(order_by, descending)` that returns
`Lazy`: the row count and a `fetch(start, n)` of rows in list order, either over an id list (`Lazy.of_ids`:
the ids are known, rows read by id) or by offset (the count comes from a totals query and rows page by page).
Rows are read in blocks of `BLOCK` as they are painted, so 100,000 sessions open as fast as one page.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QStyle, QTableView, QWidget

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
BLOCK = 200
STRETCH = -1
SAMPLE = 5000  # rows `fit_widths` measures at most (all of a unit's staff, in about 5 ms)
# roles as plain ints: data() runs thousands of times a paint and enum comparisons are slow in PySide6
DISPLAY, TOOLTIP, ALIGN, USER = (int(r.value) for r in (Qt.DisplayRole, Qt.ToolTipRole, Qt.TextAlignmentRole,
                                                         Qt.UserRole))
_UNREAD = object()  # a row not fetched yet (None is a row deleted meanwhile: shown empty until the reload)


class Column(NamedTuple):
    title: str
    value: Callable[[Any], Any]
    align: Qt.AlignmentFlag | None = None
    sort: str | Callable[[Any], Any] | None = None
    width: int | None = None
    role: Callable[[Any, int], Any] | None = None


def field(record: Any, name: str) -> Any:
    """A record's field: panels hold dicts, the feature lists typed records."""
    return record[name] if isinstance(record, dict) else getattr(record, name)


@dataclass
class Lazy:
    """`count` rows of which `fetch(start, n)` returns rows start… in list order; `ids` when known up front."""

    count: int
    fetch: Callable[[int, int], list]
    ids: list | None = None

    @classmethod
    def of_ids(cls, ids: list, fetch_ids: Callable[[list], Iterable], key: str = "id") -> Lazy:
        def fetch(start: int, n: int) -> list:
            wanted = ids[start:start + n]
            got = {field(r, key): r for r in fetch_ids(wanted)}
            return [got.get(i) for i in wanted]
        return cls(len(ids), fetch, list(ids))


Query = Callable[[Any, bool], "Lazy | Iterable[Any]"]


class RowTableModel(QAbstractTableModel):
    """One table row per record; `Qt.UserRole` gives the record, or its `user_key` field when set."""

    columns: Sequence[Column | tuple] = ()
    user_key: str | None = None
    key = "id"  # the field naming a record (row_of, keeping the selection over a sort)
    # the roles answered with the column's value; a list whose cells need no tooltip leaves ToolTipRole out
    value_roles: tuple[Qt.ItemDataRole, ...] = (Qt.DisplayRole, Qt.ToolTipRole)

    def __init__(self, parent: Any = None, rows: Iterable[Any] = (), columns: Sequence[Column | tuple] | None = None,
                 *, query: Query | None = None, order_by: Any = None, descending: bool = False) -> None:
        super().__init__(parent)
        self._columns = [Column(*spec) for spec in (self.columns if columns is None else columns)]
        self._values = frozenset(int(getattr(r, "value", r)) for r in self.value_roles)
        self.query, self.order_by, self.descending = query, order_by, descending
        self._fill(list(rows))

    # -- rows ----------------------------------------------------------------------------------------
    def _fill(self, rows: list | Lazy) -> None:
        if isinstance(rows, Lazy):
            self._rows, self._fetch, self._ids = [_UNREAD] * rows.count, rows.fetch, rows.ids
        else:
            self._rows, self._fetch, self._ids = list(rows), None, None
        self._row_of: dict | None = None

    def set_rows(self, rows: Iterable[Any] | Lazy) -> None:
        self.beginResetModel()
        self._fill(rows if isinstance(rows, Lazy) else list(rows))
        self.endResetModel()

    def reload(self) -> None:
        """Ask the query again (a filter changed, or the data)."""
        self.set_rows(self.query(self.order_by, self.descending))

    @property
    def rows(self) -> list[Any]:
        """Every row (reading those not read yet: for small lists)."""
        return [self.row_at(i) for i in range(len(self._rows))]

    def row_at(self, row: int) -> Any:
        record = self._rows[row]
        if record is _UNREAD:
            self._read_block(row)
            record = self._rows[row]
        return record

    def _read_block(self, row: int) -> None:
        start = max(0, row - BLOCK // 4) if self._ids is not None else row  # offset pages read forward
        while start < row and self._rows[start] is not _UNREAD:
            start += 1
        for i, record in enumerate(self._fetch(start, BLOCK), start):
            if i < len(self._rows) and self._rows[i] is _UNREAD:
                self._rows[i] = record
                if self._row_of is not None and record is not None:
                    self._row_of[field(record, self.key)] = i

    def loaded(self) -> int:
        return sum(r is not _UNREAD for r in self._rows)

    def record_id(self, row: int) -> Any:
        if self._ids is not None:
            return self._ids[row]
        record = self.row_at(row)
        return None if record is None else field(record, self.key)

    def row_of(self, record_id: Any, fetch_blocks: int = 0) -> int:
        """The row showing a record; -1 when not there (unread offset pages: up to `fetch_blocks` more are read)."""
        if self._row_of is None:
            self._row_of = ({i: n for n, i in enumerate(self._ids)} if self._ids is not None else
                            {field(r, self.key): n for n, r in enumerate(self._rows) if r is not None and r is not _UNREAD})
        found = self._row_of.get(record_id, -1)
        for _ in range(fetch_blocks if self._ids is None else 0):
            if found >= 0 or _UNREAD not in self._rows:
                break
            self._read_block(self._rows.index(_UNREAD))
            found = self._row_of.get(record_id, -1)
        return found

    def role_data(self, row: Any, column: int, role: int) -> Any:
        """Colours, fonts, own tooltips for the whole row: return None to let the column answer."""
        return None

    # -- sorting -------------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        spec, descending = self._columns[column], order == Qt.DescendingOrder
        if isinstance(spec.sort, str) and self.query is not None:
            if (spec.sort, descending) == (self.order_by, self.descending):
                return  # the view re-announces the current order when sorting is enabled: no query
            self.order_by, self.descending = spec.sort, descending
            self._relayout(lambda: self._fill(self.query(self.order_by, descending)))
        else:
            key = spec.sort if callable(spec.sort) else spec.value
            rows = sorted(self.rows, key=lambda r: (r is None, key(r) if r is not None else 0), reverse=descending)
            self._relayout(lambda: self._fill(rows))

    def _relayout(self, change: Callable[[], None]) -> None:
        """Re-order keeping the selection and current row (persistent indexes follow their records)."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self.record_id(i.row()) if 0 <= i.row() < len(self._rows) else None for i in persistent]
        change()
        moved = [self.index(row, old.column()) if (row := self.row_of(i)) >= 0 else QModelIndex()
                 for i, old in zip(ids, persistent)]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    # -- Qt model ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].title
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        role = int(role)
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record, column = self.row_at(index.row()), index.column()
        if record is None:
            return None
        spec = self._columns[column]
        special = self.role_data(record, column, role)
        if special is None and spec.role is not None:
            special = spec.role(record, role)
        if special is not None:
            return special
        if role in self._values:
            return spec.value(record)
        if role == USER:
            return record if self.user_key is None else field(record, self.user_key)
        if role == ALIGN and spec.align is not None:
            return int(spec.align)
        return None

    def apply_widths(self, view: QTableView) -> None:
        """Each column's width policy on `view`'s header."""
        header = view.horizontalHeader()
        for n, spec in enumerate(self._columns):
            if spec.width == STRETCH:
                header.setSectionResizeMode(n, header.ResizeMode.Stretch)
            elif spec.width is not None:
                header.resizeSection(n, spec.width)

    def fit_widths(self, view: QTableView, sample: int = SAMPLE, widest: int = 360) -> None:
        """Size the interactive columns without a width of their own to their title and the longest texts of
        up to `sample` held rows spread over the list (each column's few longest by length are measured).

        ResizeToContents would ask every cell of every row for its size hint, several Python calls each:
        over a thousand rows that is a second; this costs a few milliseconds whatever the row count."""
        header, metrics = view.horizontalHeader(), view.fontMetrics()
        held = [r for r in self._rows[::max(1, -(-len(self._rows) // sample))] if r is not None and r is not _UNREAD]
        margin = 2 * (view.style().pixelMetric(QStyle.PM_FocusFrameHMargin, None, view) + 1) + 8
        for n, spec in enumerate(self._columns):
            if spec.width is not None or header.sectionResizeMode(n) != header.ResizeMode.Interactive:
                continue
            texts = sorted({str(spec.value(r)) for r in held}, key=len)[-3:]
            text_width = max((metrics.horizontalAdvance(t) for t in texts), default=0) + margin
            header.resizeSection(n, max(header.sectionSizeHint(n), min(text_width, widest)))


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
