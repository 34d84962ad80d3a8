"""年度报告 UI: the list of reports, the structured editor, its dialogs (versions, import, check)."""
