"""Dialog behaviour shared by the editors: Enter stays in list and combo fields, forms scroll on small
screens, and every dialog fits a 1366×768 screen (less the taskbar: 1366×728).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QDialog, QFrame, QScrollArea, QWidget

SMALL_SCREEN = QSize(1366, 728)  # the commonest office laptop, less a taskbar


class _EnterStays(QObject):
    """Swallows Enter on its way from a combo box, a list or a field marked `enterStays` to the dialog,
    where it would press the default button (保存) — the field has already used it (to add a law…).

    Watches the fields (which see the key first and mark it) and the dialog (which drops a marked key):
    the dialog alone cannot tell where a key came from, its focus widget is not always the receiver."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.from_field = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.KeyPress or event.key() not in (Qt.Key_Return, Qt.Key_Enter):
            return False
        if watched is not self.dialog:
            self.from_field = True  # the field handles it; the dialog must not
            return False
        swallow = self.from_field or _enter_belongs_to_field(self.dialog.focusWidget())
        self.from_field = False
        return swallow


def _enter_belongs_to_field(widget: QWidget | None) -> bool:
    while widget is not None and not isinstance(widget, QDialog):
        if isinstance(widget, QComboBox | QAbstractItemView) or widget.property("enterStays"):
            return True
        widget = widget.parentWidget()
    return False


def keep_enter_in_fields(dialog: QDialog, *fields: QWidget) -> None:
    """Enter pressed in a combo box, a list, or one of `fields` never saves or closes `dialog`."""
    watcher = _EnterStays(dialog)
    dialog._enter_stays = watcher
    for field in fields:
        field.setProperty("enterStays", True)
    for widget in dialog.findChildren(QWidget):
        if _enter_belongs_to_field(widget):
            widget.installEventFilter(watcher)
    dialog.installEventFilter(watcher)


def scrolling(widget: QWidget) -> QScrollArea:
    """`widget` in a frameless scroll area that scrolls only when the screen is too small for it."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # fields narrow with the pane; only height scrolls
    for combo in widget.findChildren(QComboBox):
        # a combo as wide as its longest law or name would widen the pane past a 1366-px screen
        combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
    return area


def available_size(widget: QWidget | None = None) -> QSize:
    """The space a window may take on the screen it is on (or the primary screen)."""
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() if screen is not None else SMALL_SCREEN


def fit_to_screen(dialog: QWidget, width: int, height: int) -> None:
    """Resize to (width, height), shrunk to the screen's available space (a dialog taller than a
    768-px screen hides its buttons below the taskbar)."""
    room = available_size(dialog).boundedTo(QSize(width, height))
    dialog.resize(room.expandedTo(dialog.minimumSizeHint()).boundedTo(available_size(dialog)))
