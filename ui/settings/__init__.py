"""设置: unit profile, preferences, backup and restore, recycle bin."""
