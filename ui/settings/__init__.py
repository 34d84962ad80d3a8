"""设置: unit profile, preferences, backup and restore, recycle bin."""
from __future__ import annotations

PAGE, TITLE = "ui.settings.page:SettingsPage", "设置"
ICON = "settings"  # ui.widgets.icons name of the navigation icon
