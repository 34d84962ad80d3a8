"""年度报告 UI: the list of reports, the structured editor, its dialogs (versions, import, check)."""
from __future__ import annotations

PAGE = "ui.reports.page:ReportsPage"  # titled with the feature's label, placed by its order
ICON = "reports"  # ui.widgets.icons name (or mdi6.… / an image path) of the navigation icon
