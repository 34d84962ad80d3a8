"""年度报告 (annual 法治政府建设 report): model, outline edits, storage, import, checks and output."""
