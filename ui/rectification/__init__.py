"""整改事项 pages and dialogs."""
from __future__ import annotations

PAGE = "ui.rectification.page:RectificationPage"  # titled with the feature's label, placed by its order
ICON = "rectification"  # ui.widgets.icons name (or mdi6.… / an image path) of the navigation icon
TEXT_FILTER = True  # its list filters by text (`show_filtered(text=)`): search offers the whole list
