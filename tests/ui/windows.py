"""Showing a window or page the way the UI tests need it: owned by qtbot, sized, shown and exposed."""
from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def shown(qtbot, widget: W, size: tuple[int, int] | None = None, active: bool = False) -> W:
    """`widget` handed to qtbot (closed at teardown), resized to `size`, shown and exposed; activated on request."""
    qtbot.addWidget(widget)
    if size:
        widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    if active:
        widget.activateWindow()
    return widget
