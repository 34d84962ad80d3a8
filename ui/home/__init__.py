"""首页: the chosen year at a glance, every figure a way into the list or record behind it."""
from __future__ import annotations

PAGE, TITLE = "ui.home.page:HomePage", "首页"
ICON = "home"  # ui.widgets.icons name of the navigation icon
