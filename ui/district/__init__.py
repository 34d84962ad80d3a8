"""汇总 page: other units' exchange packages in, the district's table and exports out (ui.district.page)."""
from __future__ import annotations

PAGE = "ui.district.page:DistrictPage"  # titled with the feature's label, placed by its order
ICON = None  # a path for the navigation icon, when there are icons
TEXT_FILTER = False  # its list does not filter by text
