"""The report's outline as a Qt tree: number + heading per row, a kind tag on top-level parts, drag and drop.

The model never edits the report itself: a drop is handed to the editor as `move_requested`
(uid, new parent uid, the drop row as Qt gives it: counted before the dragged section leaves), which applies
`core.reports.outline.move_to` as one undoable command and then resets the model. Structure changes
always reset the model (outlines are small; the view keeps expansion by uid), so indexes are simple.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from core.reports.model import KIND_TITLES, Report, Section, numbered

MIME = "application/x-lawdesk-section"
UID_ROLE = Qt.UserRole + 1
KIND_ROLE = Qt.UserRole + 2
NUMBER_ROLE = Qt.UserRole + 3

KIND_TAGS = {
    "achievements": "举措成效",
    "shortcomings": "存在不足",
    "leader_duties": "第一责任人",
    "next_year_plan": "下年安排",
    "other": "其他情况",
}
KIND_COLORS = {
    "achievements": "#2e7d32",
    "shortcomings": "#c62828",
    "leader_duties": "#6a1b9a",
    "next_year_plan": "#1565c0",
    "other": "#5d4037",
}

Index = QModelIndex | QPersistentModelIndex


class OutlineModel(QAbstractItemModel):
    """Tree over `report.sections`; the internal pointer of an index is its Section."""

    move_requested = Signal(str, object, int)  # uid, new parent uid or None, drop row

    def __init__(self, report: Report | None = None, parent=None) -> None:
        super().__init__(parent)
        self.report = report
        self._numbers: dict[str, str] = {}
        self._parents: dict[str, Section | None] = {}
        self._rows: dict[str, int] = {}
        self._by_uid: dict[str, Section] = {}
        self._rebuild()

    # -- report ---------------------------------------------------------------------------------
    def set_report(self, report: Report) -> None:
        """A new or changed structure: reset, recompute numbers."""
        self.beginResetModel()
        self.report = report
        self._rebuild()
        self.endResetModel()

    def _rebuild(self) -> None:
        self._numbers.clear()
        self._parents.clear()
        self._rows.clear()
        self._by_uid.clear()
        if self.report is None:
            return
        for section, number, _depth in numbered(self.report):
            self._numbers[section.uid] = number
        self._index_children(None, self.report.sections)

    def _index_children(self, parent: Section | None, children: list[Section]) -> None:
        for row, child in enumerate(children):
            self._parents[child.uid] = parent
            self._rows[child.uid] = row
            self._by_uid[child.uid] = child
            self._index_children(child, child.children)

    def section_changed(self, uid: str) -> None:
        """Heading, kind or level of one section changed (not the structure)."""
        if self.report is not None:
            self._numbers = {s.uid: number for s, number, _ in numbered(self.report)}
        index = self.index_of(uid)
        if index.isValid():
            self.dataChanged.emit(index, index)

    def _children(self, section: Section | None) -> list[Section]:
        if section is None:
            return self.report.sections if self.report is not None else []
        return section.children

    def section_at(self, index: Index) -> Section | None:
        if not index.isValid():
            return None
        return index.internalPointer()

    def index_of(self, uid: str | None) -> QModelIndex:
        if uid is None or uid not in self._by_uid:
            return QModelIndex()
        return self.createIndex(self._rows[uid], 0, self._by_uid[uid])

    def number_of(self, uid: str) -> str:
        return self._numbers.get(uid, "")

    # -- QAbstractItemModel -----------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self._children(self.section_at(parent))
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, 0, children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        section = self.section_at(index)
        if section is None:
            return QModelIndex()
        owner = self._parents.get(section.uid)
        if owner is None:
            return QModelIndex()
        return self.createIndex(self._rows[owner.uid], 0, owner)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(self.section_at(parent)))

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 1

    def data(self, index: Index, role: int = Qt.DisplayRole) -> Any:
        section = self.section_at(index)
        if section is None:
            return None
        top_level = self._parents.get(section.uid) is None
        if role == Qt.DisplayRole:
            return f"{self._numbers.get(section.uid, '')}{section.heading or '（无标题）'}"
        if role == Qt.ToolTipRole:
            kind = KIND_TITLES.get(section.kind or "") if top_level else None
            heading = f"{self._numbers.get(section.uid, '')}{section.heading}"
            return f"{heading}\n法定部分：{kind}" if kind else heading
        if role == UID_ROLE:
            return section.uid
        if role == NUMBER_ROLE:
            return self._numbers.get(section.uid, "")
        if role == KIND_ROLE:
            return section.kind if top_level else None
        if role == Qt.FontRole and top_level:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: Index) -> Qt.ItemFlags:
        if not index.isValid():
            return Qt.ItemIsDropEnabled
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsDragEnabled | Qt.ItemIsDropEnabled

    # -- drag and drop ------------------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropActions:
        return Qt.MoveAction

    def supportedDragActions(self) -> Qt.DropActions:
        return Qt.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        sections = [self.section_at(i) for i in indexes if i.isValid()]
        if sections:
            mime.setData(MIME, QByteArray(sections[0].uid.encode("ascii")))
        return mime

    def _dragged_uid(self, data: QMimeData) -> str | None:
        if not data.hasFormat(MIME):
            return None
        uid = bytes(data.data(MIME).data()).decode("ascii")
        return uid if uid in self._by_uid else None

    def _is_inside(self, uid: str, target: Section | None) -> bool:
        """True when `target` is the dragged section or one of its descendants (no drop there)."""
        while target is not None:
            if target.uid == uid:
                return True
            target = self._parents.get(target.uid)
        return False

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        uid = self._dragged_uid(data)
        return uid is not None and action == Qt.MoveAction and not self._is_inside(uid, self.section_at(parent))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        uid = self._dragged_uid(data)
        assert uid is not None
        target = self.section_at(parent)
        siblings = self._children(target)
        index = len(siblings) if row < 0 else min(row, len(siblings))
        # Returning False keeps the view from removing the source row: the editor moves it (undoable).
        self.move_requested.emit(uid, target.uid if target is not None else None, index)
        return False


class KindTagDelegate(QStyledItemDelegate):
    """Paints the statutory part of a top-level section as a small coloured tag at the row's right."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        kind = index.data(KIND_ROLE)
        if not kind:
            super().paint(painter, option, index)
            return
        tag = KIND_TAGS.get(kind, kind)
        metrics = option.fontMetrics
        tag_width = metrics.horizontalAdvance(tag) + 12
        text_option = QStyleOptionViewItem(option)
        text_option.rect = option.rect.adjusted(0, 0, -tag_width - 6, 0)
        super().paint(painter, text_option, index)
        box = QRect(option.rect.right() - tag_width - 2, option.rect.top() + 3, tag_width,
                    option.rect.height() - 6)
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing)
        color = QColor(KIND_COLORS.get(kind, "#555555"))
        painter.setPen(Qt.NoPen)
        fill = QColor(color)
        fill.setAlpha(36)
        painter.setBrush(fill)
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(color)
        font = option.font
        font.setBold(False)
        painter.setFont(font)
        painter.drawText(box, Qt.AlignCenter, tag)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 80, max(size.height(), 26))


class OutlineView(QTreeView):
    """The outline tree: Tab / Shift+Tab indent and outdent instead of moving focus."""

    indent_requested = Signal()
    outdent_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.InternalMove)
        self.setDefaultDropAction(Qt.MoveAction)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setItemDelegate(KindTagDelegate(self))
        self.setUniformRowHeights(True)
        self.setIndentation(16)
        self.setAlternatingRowColors(False)
        palette = self.palette()
        palette.setColor(QPalette.Highlight, QColor("#d6e4f5"))
        palette.setColor(QPalette.HighlightedText, QColor("#000000"))
        self.setPalette(palette)

    def event(self, event) -> bool:  # noqa: ANN001 - QEvent
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.KeyPress:
            if event.key() == Qt.Key_Tab and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
                self.indent_requested.emit()
                return True
            if event.key() == Qt.Key_Backtab:
                self.outdent_requested.emit()
                return True
        return super().event(event)

    def collapsed_uids(self) -> set[str]:
        model = self.model()
        found: set[str] = set()

        def visit(parent: QModelIndex) -> None:
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                if model.rowCount(index) and not self.isExpanded(index):
                    found.add(index.data(UID_ROLE))
                visit(index)

        visit(QModelIndex())
        return found

    def expand_except(self, collapsed: set[str]) -> None:
        """After a reset: everything open except what the clerk had folded."""
        self.expandAll()
        model = self.model()
        for uid in collapsed:
            index = model.index_of(uid)
            if index.isValid():
                self.collapse(index)
