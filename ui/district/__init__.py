"""汇总 page: other units' exchange packages in, the district's table and exports out (ui.district.page)."""
from __future__ import annotations

PAGE = "ui.district.page:DistrictPage"  # titled with the feature's label, placed by its order
ICON = "district"  # ui.widgets.icons name (or mdi6.… / an image path) of the navigation icon
TEXT_FILTER = False  # its list does not filter by text
