"""人员 page: the staff roster list, editor and roster import."""
from __future__ import annotations

PAGE = "ui.staff.page:StaffPage"  # titled with the feature's label, placed by its order
ICON = None  # a path for the navigation icon, when there are icons
TEXT_FILTER = True  # its list filters by text (`show_filtered(text=)`): search offers the whole list
