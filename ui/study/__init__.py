"""学法记录 page: the session list, the session editor and per-person hours."""
from __future__ import annotations

PAGE = "ui.study.page:StudyPage"  # titled with the feature's label, placed by its order
ICON = None  # a path for the navigation icon, when there are icons
TEXT_FILTER = True  # its list filters by text (`show_filtered(text=)`): search offers the whole list
