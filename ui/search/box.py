"""The search box at the top right of the main window (Ctrl+K) and the results panel under it.

Typing searches after a short pause (a query takes a few milliseconds, so it runs on the UI thread);
Up/Down move through the hits, Enter or a click opens one at its place (a report at the section), Esc
closes the panel. The panel is a child of the window laid over the pages, so the box keeps the focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from core.search import query
from core.search.query import Hit
from ui.changes import Changes
from ui.search.results import ResultsModel, RichTextDelegate, lists_by_text

DELAY_MS = 150
PANEL_WIDTH, PANEL_MAX_HEIGHT = 600, 520


def open_hit(window, hit: Hit) -> QWidget | None:
    """Open the record behind a hit on its page (a report at the matched section)."""
    if hit.page not in window.pages:
        return None
    return window.go_to(hit.page, record_id=hit.record_id, section_id=hit.section_id)


class SearchPanel(QFrame):
    """Results grouped by kind, with a status line and a key hint.

    Opaque: it paints its own background, so new results repaint the panel only. A styled widget is otherwise
    see-through to Qt, and every keystroke repainted the page under it too (首页's charts and lists)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("search_panel")
        self.setFrameShape(QFrame.StyledPanel)
        self.setAttribute(Qt.WA_OpaquePaintEvent)
        self.setStyleSheet("#search_panel { background: palette(base); border: 1px solid #9aa7b4; }")
        self.status = QLabel()
        self.status.setStyleSheet("color:#555; padding:2px 4px")
        self.model = ResultsModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(RichTextDelegate(self.view))
        self.view.setFocusPolicy(Qt.NoFocus)  # typing stays in the box
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        # always there: a scroll bar appearing with the results would lay every row out again, narrower
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOn)
        self.view.setWordWrap(True)
        self.view.setFrameShape(QFrame.NoFrame)
        hint = QLabel("↑↓ 选择　Enter 打开　Esc 关闭")
        hint.setStyleSheet("color:#888; padding:2px 4px")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        self.hide()

    def paintEvent(self, event) -> None:
        option = QStyleOption()
        option.initFrom(self)
        painter = QPainter(self)
        self.style().drawPrimitive(QStyle.PE_Widget, option, painter, self)  # the style sheet's ground and border
        painter.end()
        super().paintEvent(event)

    def show_result(self, result: query.SearchResult) -> None:
        self.model.set_result(result)
        if result.groups:
            counts = "，".join(f"{g.label} {g.count_text()}" for g in result.groups)
            self.status.setText(f"找到：{counts}（{result.elapsed_ms:.0f} 毫秒）")
        else:
            self.status.setText(f"没有找到“{result.query}”。")
        rows = self.model.hit_rows()
        if rows:
            self.view.setCurrentIndex(self.model.index(rows[0]))
        self.view.scrollToTop()

    def current_hit(self) -> Hit | None:
        return self.model.hit(self.view.currentIndex().row())

    def step_selection(self, step: int) -> None:
        rows = self.model.hit_rows()
        if not rows:
            return
        current = self.view.currentIndex().row()
        position = rows.index(current) if current in rows else -1
        position = max(0, min(len(rows) - 1, position + step))
        self.view.setCurrentIndex(self.model.index(rows[position]))
        self.view.scrollTo(self.model.index(rows[position]))


class SearchBox(QLineEdit):
    """The box; owns the panel and opens hits through the window."""

    def __init__(self, store, window) -> None:
        super().__init__()
        self.store = store
        self.window_ = window
        self.setObjectName("search_box")
        self.setPlaceholderText("搜索报告、学法、整改、人员（Ctrl+K）")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(320)
        self.setMaximumWidth(420)
        self.panel = SearchPanel(window)
        self.result: query.SearchResult | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.textChanged.connect(lambda _text: self.timer.start())
        self.panel.view.clicked.connect(lambda index: self.open_row(index.row()))
        Changes.for_store(store).changed.connect(self._data_changed)
        window.installEventFilter(self)

    # -- searching -------------------------------------------------------------------------------
    def run_search(self) -> query.SearchResult | None:
        self.timer.stop()
        text = self.text().strip()
        if not text:
            self.result = None
            self.panel.hide()
            return None
        self.result = query.search(self.store, text)
        self.panel.show_result(self.result)
        self._place_panel()
        self.panel.show()
        self.panel.raise_()
        return self.result

    def _data_changed(self, _tables: frozenset[str]) -> None:
        if self.panel.isVisible():  # what is on screen may have changed: search again
            self.run_search()

    def _place_panel(self) -> None:
        window = self.window_
        below = self.mapTo(window, QPoint(self.width(), self.height() + 2))
        width = min(max(PANEL_WIDTH, self.width()), window.width() - 16)
        height = min(PANEL_MAX_HEIGHT, window.height() - below.y() - 16)
        self.panel.setGeometry(max(8, below.x() - width), below.y(), width, max(120, height))

    # -- keys and opening --------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.setFocus(Qt.ShortcutFocusReason)
        self.selectAll()
        if self.text().strip():
            self.run_search()

    def open_row(self, row: int) -> QWidget | None:
        """Open a hit, or for a group header the kind's list filtered by the query's words."""
        model = self.panel.model
        group, hit = model.group(row), model.hit(row)
        if group is not None and lists_by_text(group.page) and group.page in self.window_.pages:
            self.panel.hide()
            words = " ".join(self.result.terms) if self.result else self.text().strip()  # folded: Simplified
            return self.window_.go_to(group.page, text=words)
        if hit is None:
            return None
        self.panel.hide()
        return open_hit(self.window_, hit)

    def open_current(self) -> QWidget | None:
        if self.timer.isActive() or self.result is None:
            self.run_search()
        return self.open_row(self.panel.view.currentIndex().row())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key_Down, Qt.Key_Up):
            if not self.panel.isVisible():
                self.run_search()
            self.panel.step_selection(1 if key == Qt.Key_Down else -1)
            return
        if key in (Qt.Key_Return, Qt.Key_Enter):
            self.open_current()
            return
        if key == Qt.Key_Escape and self.panel.isVisible():
            self.panel.hide()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        # the results list takes no focus, so leaving the box means the clerk went elsewhere
        if event.reason() not in (Qt.PopupFocusReason, Qt.ActiveWindowFocusReason):
            self.panel.hide()
        super().focusOutEvent(event)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window_ and event.type() == QEvent.Resize and self.panel.isVisible():
            self._place_panel()
        return False


def install(window) -> SearchBox:
    """Add the box to the top right of the main window and bind Ctrl+K to it."""
    box = SearchBox(window.store, window)
    bar = QToolBar("搜索", window)
    bar.setObjectName("search_bar")
    bar.setMovable(False)
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
    bar.addWidget(spacer)
    bar.addWidget(box)
    window.addToolBar(Qt.TopToolBarArea, bar)
    action = QAction("搜索(&S)", window)
    action.setShortcut(QKeySequence("Ctrl+K"))
    action.setShortcutContext(Qt.WindowShortcut)
    action.triggered.connect(box.focus_search)
    window.addAction(action)
    box.focus_action = action
    return box
