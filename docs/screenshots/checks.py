"""What take.py checks in every shot: the window fits the screen, nothing sticks out of it or is cut by its parent,
texts fit their buttons and labels, no tool bar hides actions behind », a calendar shows all its weeks, and no
visible text has an English word (`tests/ui/chinese_text.py`, shared with the tests of Qt's dialogs).
Each function returns the problems found, one readable line each.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCalendarWidget,
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QToolBar,
    QToolButton,
    QWidget,
)

from tests.ui.chinese_text import english_words, visible_texts


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else ""
    return f"{type(widget).__name__}“{text.replace(chr(10), ' ')[:30]}”" if text else type(widget).__name__


def _hidden(bar: QToolBar) -> list[str]:
    """What a tool bar put behind its » button: action texts, or a widget's own text."""
    found = []
    for action in bar.actions():
        widget = bar.widgetForAction(action)
        if widget is not None and not widget.isVisible() and not action.isSeparator():
            text = action.text() or (widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else "")
            found.append(f"“{text[:40]}”" if text else type(widget).__name__)
    return found


def _scrolls(widget: QWidget, top: QWidget) -> bool:
    """Inside a scroll area's or item view's viewport: out of sight there is reached by scrolling."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
            return True
        parent = area
    return False


def _text_cut(widget: QWidget) -> bool:
    if isinstance(widget, QLabel):
        return (not widget.wordWrap() and bool(widget.text()) and widget.pixmap().isNull()
                and widget.minimumSizeHint().width() > widget.width() + 1)
    if isinstance(widget, QPushButton):
        text = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        need = widget.fontMetrics().horizontalAdvance(text) + (widget.iconSize().width() + 4 if not widget.icon().isNull()
                                                                else 0)
        return need > widget.width() - 8
    if isinstance(widget, (QToolButton, QCheckBox, QRadioButton)) and widget.text():
        return widget.sizeHint().width() > widget.width() + 1
    return False


def layout_problems(top: QWidget, limit: QSize) -> list[str]:
    hint = top.minimumSizeHint().expandedTo(top.minimumSize())
    found = []
    for what, size in (("至少需要", hint), ("大小为", top.size())):
        if size.width() > limit.width() or size.height() > limit.height():
            found.append(f"窗口{what} {size.width()}×{size.height()}，超出 {limit.width()}×{limit.height()}")
    window = top.rect()
    for widget in top.findChildren(QWidget):
        if widget.window() is not top or not widget.isVisibleTo(top) or widget.width() <= 0:
            continue
        if isinstance(widget, QToolButton) and widget.objectName() == "qt_toolbar_ext_button":
            found.append(f"工具栏放不下，藏在 » 后面的有：{'、'.join(_hidden(widget.parentWidget()))}")
        if not isinstance(widget, (QAbstractButton, QLabel)) or _scrolls(widget, top):
            continue
        rect = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
        shown, parent = rect & window, widget.parentWidget()
        while parent is not None and parent is not top:
            shown &= QRect(parent.mapTo(top, QPoint(0, 0)), parent.size())
            parent = parent.parentWidget()
        if shown != rect:
            where = "超出窗口" if not window.contains(rect) else "被上级控件截去"
            found.append(f"{_name(widget)} {where}（{rect.x()},{rect.y()} {rect.width()}×{rect.height()}）")
        elif _text_cut(widget):
            found.append(f"{_name(widget)} 文字显示不全（宽 {widget.width()}）")
    return found


def _data(window: QWidget) -> set[str]:
    """Texts that are the machine's, not the app's words: 关于与诊断's 运行环境 (Debian GNU/Linux, CPython, xcb)."""
    from ui.settings.about_panel import AboutPanel

    return {label.text() for panel in window.findChildren(AboutPanel) for label in panel.runtime_labels.values()}


def calendar_problems(popups: list[QWidget]) -> list[str]:
    """A calendar popup shows all its weeks (a border or a taller font can push the sixth out of sight)."""
    found = []
    for calendar in (c for popup in popups for c in popup.findChildren(QCalendarWidget)):
        view = calendar.findChild(QTableView)
        rows = sum(view.rowHeight(r) for r in range(view.model().rowCount()))
        if rows > view.viewport().height():
            found.append(f"日历的日期行需要 {rows} 像素高，只显示了 {view.viewport().height()}：最后一周被截去")
    return found


def text_problems(windows: list[QWidget]) -> list[str]:
    """English words of three letters or more (pinyin initials such as 「如 zw」 are no English)."""
    texts = [t for w in windows for t in visible_texts(w, tooltips=False, visible_only=True) if t not in _data(w)]
    return [f"英文：{t[:60]!r}" for t in dict.fromkeys(english_words(texts, letters=3))]
