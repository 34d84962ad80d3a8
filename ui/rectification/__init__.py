"""整改事项 pages and dialogs."""
from __future__ import annotations

PAGE = "ui.rectification.page:RectificationPage"  # titled with the feature's label, placed by its order
ICON = None  # a path for the navigation icon, when there are icons
TEXT_FILTER = True  # its list filters by text (`show_filtered(text=)`): search offers the whole list
