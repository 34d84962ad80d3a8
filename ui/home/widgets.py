"""首页 building blocks: a clickable figure, a bar chart drawn with QPainter, a clickable list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QPushButton, QSizePolicy, QWidget

from core.dashboard import Bar

Action = Callable[[], object]

FIGURE_STYLE = """
QPushButton {{ text-align: left; padding: 6px 10px; border: 1px solid #d5dde6; border-radius: 4px;
               background: {background}; color: {color}; }}
QPushButton:hover {{ border-color: #2b78c2; background: #eef5fc; }}
"""
TONES = {
    "normal": ("#ffffff", "#1f2d3d"),
    "alert": ("#fff1f0", "#b42318"),
    "warn": ("#fff8e6", "#9a6700"),
    "good": ("#f0faf3", "#1a7f37"),
}


class FigureButton(QPushButton):
    """A number with its caption; clicking opens what it counts."""

    def __init__(self, caption: str, action: Action | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = caption
        self.value_text = ""
        self.action = action
        self.setCursor(Qt.PointingHandCursor)
        self.setMinimumHeight(58)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.clicked.connect(self._run)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), 10) * 1.15)
        self.setFont(font)
        self.set_value("—")

    def set_value(self, value: object, tone: str = "normal", tip: str = "") -> None:
        self.value_text = str(value)
        self.setText(f"{self.value_text}\n{self.caption}")
        background, color = TONES.get(tone, TONES["normal"])
        self.setStyleSheet(FIGURE_STYLE.format(background=background, color=color))
        self.setToolTip(tip or f"查看：{self.caption}")

    def _run(self) -> None:
        if self.action is not None:
            self.action()


class BarChart(QWidget):
    """Bars drawn with QPainter, vertical (months) or horizontal (forms); a click on a bar emits its key."""

    bar_clicked = Signal(object)

    def __init__(self, horizontal: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.horizontal = horizontal
        self.bars: list[Bar] = []
        self.color = QColor("#2b78c2")
        self.setMouseTracking(True)
        self.setCursor(Qt.PointingHandCursor)
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = list(bars)
        if self.horizontal:
            self.setMinimumHeight(max(60, 22 * len(self.bars) + 10))
        self.setToolTip("点击柱条查看对应的学法记录")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, self.minimumHeight())

    # geometry shared by painting, clicking and tests
    def bar_rect(self, index: int) -> QRectF:
        peak = max((b.value for b in self.bars), default=0) or 1
        bar = self.bars[index]
        if self.horizontal:
            label_width = self._label_width()
            room = max(10.0, self.width() - label_width - 50)
            top = 5 + index * 22
            return QRectF(label_width + 8, top + 3, max(2.0, room * bar.value / peak), 16)
        slot = (self.width() - 10) / max(1, len(self.bars))
        chart_height = self.height() - 40
        height = chart_height * bar.value / peak
        return QRectF(
            5 + index * slot + slot * 0.18, 18 + chart_height - height, slot * 0.64, max(1.0, height)
        )

    def _slot_rect(self, index: int) -> QRectF:
        """Where a click counts for a bar: its whole column or row, so a short bar is easy to hit."""
        if self.horizontal:
            return QRectF(0, 5 + index * 22, self.width(), 22)
        slot = (self.width() - 10) / max(1, len(self.bars))
        return QRectF(5 + index * slot, 0, slot, self.height())

    def _label_width(self) -> int:
        metrics = QFontMetrics(self.font())
        return min(200, max((metrics.horizontalAdvance(b.label) for b in self.bars), default=40))

    def index_at(self, x: float, y: float) -> int:
        for i in range(len(self.bars)):
            if self._slot_rect(i).contains(x, y):
                return i
        return -1

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.index_at(event.position().x(), event.position().y())
        if index >= 0:
            self.bar_clicked.emit(self.bars[index].key)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        if not self.bars:
            painter.setPen(QColor("#888"))
            painter.drawText(self.rect(), Qt.AlignCenter, "暂无数据")
            return
        for i, bar in enumerate(self.bars):
            rect = self.bar_rect(i)
            painter.fillRect(rect, self.color if bar.value else QColor("#c9d6e3"))
            painter.setPen(QColor("#333"))
            value = f"{bar.value:g}"
            if self.horizontal:
                painter.drawText(
                    QRectF(0, rect.top() - 3, self._label_width(), 22),
                    Qt.AlignRight | Qt.AlignVCenter,
                    bar.label,
                )
                painter.drawText(
                    QRectF(rect.right() + 4, rect.top() - 3, 60, 22), Qt.AlignLeft | Qt.AlignVCenter, value
                )
            else:
                slot = self._slot_rect(i)
                painter.drawText(
                    QRectF(slot.left(), self.height() - 20, slot.width(), 18), Qt.AlignCenter, bar.label
                )
                if bar.value:
                    painter.drawText(
                        QRectF(slot.left(), rect.top() - 17, slot.width(), 16), Qt.AlignCenter, value
                    )
        painter.end()


class ActionListModel(QAbstractListModel):
    """Rows of text, each with what a click on it does."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, Action | None]] = []

    def set_rows(self, rows: list[tuple[str, str, Action | None]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        text, tip, _ = self.rows[index.row()]
        if role == Qt.DisplayRole:
            return text
        if role == Qt.ToolTipRole:
            return tip or text
        return None

    def run(self, row: int) -> None:
        if 0 <= row < len(self.rows) and self.rows[row][2] is not None:
            self.rows[row][2]()


class ActionList(QListView):
    """A short clickable list (overdue items, people below the minimum, findings)."""

    def __init__(self, empty_text: str = "无", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self.actions_model = ActionListModel(self)
        self.setModel(self.actions_model)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setFrameShape(QFrame.NoFrame)
        self.setCursor(Qt.PointingHandCursor)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.ElideRight)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setStyleSheet(
            "QListView::item { padding: 3px 2px; } QListView::item:hover { background: #eef5fc; }"
        )
        self.clicked.connect(lambda index: self.actions_model.run(index.row()))
        self.activated.connect(lambda index: self.actions_model.run(index.row()))

    def set_rows(self, rows: list[tuple[str, str, Action | None]]) -> None:
        shown = rows or [(self.empty_text, "", None)]
        self.actions_model.set_rows(shown)
        row = max(self.sizeHintForRow(0), self.fontMetrics().height() + 10)
        self.setFixedHeight(min(10, len(shown)) * row + 4)
