"""Icons from a maintained library (qtawesome: Material Design Icons 6), by the app's own names.

`icon("add")` for a toolbar button, `icon("study")` for navigation; a `ui/<feature>/__init__.py` names its
navigation icon in `ICON` the same way (a name here, an `mdi6.…` name, or a path to an image file).
Drawn from a font, so they are sharp at 150 % and follow the palette; nothing is hand-drawn.
"""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path

os.environ.setdefault("QT_API", "pyside6")  # qtawesome reaches Qt through qtpy: make it pick PySide6

from PySide6.QtGui import QIcon  # noqa: E402

INK = "#2b3a4d"  # the stylesheet's text colour
ACCENT = "#1f5fa8"
DISABLED = "#a7b0bc"
IMAGE_SUFFIXES = {".png", ".svg", ".ico", ".jpg", ".jpeg", ".bmp", ".gif"}

NAMES = {
    # navigation
    "home": "mdi6.home-outline", "study": "mdi6.book-open-page-variant-outline",
    "rectification": "mdi6.clipboard-check-outline", "reports": "mdi6.file-document-edit-outline",
    "staff": "mdi6.account-group-outline", "district": "mdi6.office-building-outline",
    "settings": "mdi6.cog-outline",
    # toolbars
    "add": "mdi6.plus", "edit": "mdi6.pencil-outline", "delete": "mdi6.trash-can-outline",
    "import": "mdi6.file-import-outline", "export": "mdi6.file-export-outline", "excel": "mdi6.microsoft-excel",
    "word": "mdi6.microsoft-word", "pdf": "mdi6.file-pdf-box", "print": "mdi6.printer-outline",
    "search": "mdi6.magnify", "filter": "mdi6.filter-outline", "refresh": "mdi6.refresh",
    "save": "mdi6.content-save-outline", "open": "mdi6.folder-open-outline", "folder": "mdi6.folder-outline",
    "restore": "mdi6.delete-restore", "backup": "mdi6.database-export-outline",
    "demo": "mdi6.database-import-outline",
    "calendar": "mdi6.calendar-month-outline", "check": "mdi6.text-box-check-outline",
    "people": "mdi6.account-clock-outline", "left": "mdi6.account-off-outline",
    "rejoin": "mdi6.account-check-outline", "back": "mdi6.arrow-left", "attach": "mdi6.paperclip",
}


@cache
def icon(name: str | None, color: str = INK) -> QIcon:
    """The icon called `name` (a key of NAMES, an `mdi6.…` name, or an image path); an empty icon when
    there is none, so a missing icon never stops a page from opening."""
    if not name:
        return QIcon()
    if Path(name).suffix.lower() in IMAGE_SUFFIXES:  # a file, as ICON used to be (not "mdi6.account-off")
        return QIcon(name)
    try:
        import qtawesome
    except ImportError:  # a build without it still works, without icons
        return QIcon()
    return qtawesome.icon(NAMES.get(name, name), color=color, color_active=ACCENT, color_selected="#ffffff",
                          color_disabled=DISABLED)
