"""The results list: group headers and hits as rows of a list model, drawn as rich text with marked words."""

from __future__ import annotations

import html
import math

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QFontMetrics, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from core.search.query import Group, Hit, SearchResult, Span
from ui.main_window import pages

MARK_STYLE = "background-color:#ffe58a;color:#000;font-weight:bold"
HtmlRole = Qt.UserRole + 1
HitRole = Qt.UserRole + 2
EXACT_ROWS = 12  # rows measured exactly when results arrive: more than the panel shows at once
MARGIN = 4  # around a row's text


def lists_by_text(page: str) -> bool:
    """Whether the page's list filters by text (its ui package says TEXT_FILTER): a group header opens it."""
    found = pages().get(page)
    return bool(found and getattr(found[1], "TEXT_FILTER", False))


def marked_html(text: str, spans: list[Span]) -> str:
    """Escaped text with each span highlighted."""
    out, last = [], 0
    for start, end in spans:
        out.append(html.escape(text[last:start]))
        out.append(f'<span style="{MARK_STYLE}">{html.escape(text[start:end])}</span>')
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def hit_html(hit: Hit) -> str:
    return (
        f"<div>{marked_html(hit.title, hit.title_spans)}</div>"
        f'<div style="color:#555">{marked_html(hit.snippet, hit.spans)}</div>'
    )


def group_html(group: Group) -> str:
    more = '　<span style="color:#2b78c2">在列表中查看全部 ›</span>' if lists_by_text(group.page) else ""
    return (
        f'<b style="color:#1f4e79">{html.escape(group.label)}</b> '
        f'<span style="color:#777">（{group.count_text()} 条）</span>{more}'
    )


class ResultsModel(QAbstractListModel):
    """One row per group header and per hit, in the order shown."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Group | Hit] = []
        self.result: SearchResult | None = None

    def set_result(self, result: SearchResult | None) -> None:
        self.beginResetModel()
        self.result = result
        self.rows = []
        for group in result.groups if result else []:
            self.rows.append(group)
            self.rows.extend(group.hits)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.DisplayRole:
            if isinstance(row, Group):
                return f"{row.label}（{row.count_text()} 条）"
            return f"{row.title}\n{row.snippet}"
        if role == HtmlRole:
            return group_html(row) if isinstance(row, Group) else hit_html(row)
        if role == HitRole:
            return row if isinstance(row, Hit) else None
        if role == Qt.ToolTipRole and isinstance(row, Hit):
            return row.title
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.NoItemFlags
        if isinstance(self.rows[index.row()], Hit):
            return Qt.ItemIsEnabled | Qt.ItemIsSelectable
        return Qt.ItemIsEnabled  # a group header: clicking it opens the whole list filtered by the words

    def hit_rows(self) -> list[int]:
        return [i for i, row in enumerate(self.rows) if isinstance(row, Hit)]

    def group(self, row: int) -> Group | None:
        return self.rows[row] if 0 <= row < len(self.rows) and isinstance(self.rows[row], Group) else None

    def hit(self, row: int) -> Hit | None:
        return self.rows[row] if 0 <= row < len(self.rows) and isinstance(self.rows[row], Hit) else None


class RichTextDelegate(QStyledItemDelegate):
    """Draws a row's HtmlRole text (QListView shows only plain text).

    A row's document is parsed and laid out once per width and selection state, then reused by size hints
    and paints until the model is reset. The view asks every row's size when results arrive: the first
    `EXACT_ROWS` (more than the panel shows) are measured from their documents, the others estimated from
    their plain text's width and measured when first painted, a wrong estimate corrected then. A keystroke
    so lays out a screenful of rich text, not the up to a hundred rows of the results."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._docs: dict[tuple[int, int, bool], QTextDocument] = {}
        self._heights: dict[tuple[int, int], int] = {}
        self._estimated: set[tuple[int, int]] = set()
        self._model = None

    def _forget(self) -> None:
        self._docs.clear()
        self._heights.clear()
        self._estimated.clear()

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex, width: int) -> QTextDocument:
        model = index.model()
        if model is not self._model:  # forget the documents and heights when the rows change
            self._model = model
            self._forget()
            model.modelAboutToBeReset.connect(self._forget)
        selected = bool(option.state & QStyle.State_Selected)
        width = max(100, width)
        key = (index.row(), width, selected)
        doc = self._docs.get(key)
        if doc is None:
            doc = self._docs[key] = QTextDocument()
            doc.setDefaultFont(option.font)
            doc.setDocumentMargin(MARGIN)
            text = index.data(HtmlRole) or ""
            if selected:  # grey text would vanish on the selection colour
                text = text.replace("color:#555", "color:inherit")
            doc.setHtml(text)
            doc.setTextWidth(width)
        return doc

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(option, index, option.rect.width())
        painter.save()
        painter.translate(option.rect.topLeft())
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.State_Selected:
            context.palette.setColor(QPalette.Text, option.palette.color(QPalette.HighlightedText))
        doc.documentLayout().draw(painter, context)
        painter.restore()
        key = (index.row(), option.rect.width())
        if key in self._estimated:  # on screen now: measured, and the view lays out again if it was off
            self._estimated.discard(key)
            if (height := _height(doc)) != self._heights.get(key):
                self._heights[key] = height
                self.sizeHintChanged.emit(index)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        width = option.rect.width() if option.rect.width() > 0 else 520
        key = (index.row(), width)
        height = self._heights.get(key)
        if height is None:
            if index.row() < EXACT_ROWS:
                height = _height(self._document(option, index, width))
            else:
                height = _estimate(option.font, index.data(Qt.DisplayRole) or "", width)
                self._estimated.add(key)
            self._heights[key] = height
        return QSize(width, height)


def _height(doc: QTextDocument) -> int:
    return int(doc.size().height()) + 2


def _estimate(font: QFont, text: str, width: int) -> int:
    """A row's height from its plain text's lines at `width` (the marked words' bold is not counted)."""
    metrics = QFontMetrics(font)
    usable = max(100, width) - 2 * MARGIN
    lines = sum(max(1, math.ceil(metrics.horizontalAdvance(part) / usable)) for part in text.split("\n"))
    return lines * metrics.lineSpacing() + 2 * MARGIN + 2
