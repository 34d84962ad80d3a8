"""人员 page: the staff roster list, editor and roster import."""
from __future__ import annotations

PAGE = "ui.staff.page:StaffPage"  # titled with the feature's label, placed by its order
ICON = "staff"  # ui.widgets.icons name (or mdi6.… / an image path) of the navigation icon
TEXT_FILTER = True  # its list filters by text (`show_filtered(text=)`): search offers the whole list
