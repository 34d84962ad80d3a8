"""学法记录 page: the session list, the session editor and per-person hours."""
from __future__ import annotations

PAGE = "ui.study.page:StudyPage"  # titled with the feature's label, placed by its order
ICON = "study"  # ui.widgets.icons name (or mdi6.… / an image path) of the navigation icon
TEXT_FILTER = True  # its list filters by text (`show_filtered(text=)`): search offers the whole list
