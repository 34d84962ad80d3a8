"""The list of annual reports: a table model over `repository.list_reports` rows."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ui.widgets.row_model import Column, RowTableModel

COLUMNS = (
    Column("年度", lambda r: f"{r['year']} 年度", Qt.AlignCenter),
    Column("标题", lambda r: r["title"]),
    Column("状态", lambda r: r["status"], Qt.AlignCenter),
    Column("更新时间", lambda r: str(r.get("updated_at") or "").replace("T", " ")[:16], Qt.AlignCenter),
)
STATUS_COLUMN = 2
STATUS_COLORS = {"草稿": "#8a5a00", "已定稿": "#1565c0", "已报送": "#6a1b9a", "已公开": "#2e7d32"}


class ReportListModel(RowTableModel):
    """One row per report; `Qt.UserRole` gives its id."""

    columns = COLUMNS
    user_key = "id"
    value_roles = (Qt.DisplayRole,)

    def role_data(self, row: dict, column: int, role: int) -> Any:
        if role == Qt.ForegroundRole and column == STATUS_COLUMN:
            return QColor(STATUS_COLORS.get(row["status"], "#000000"))
        return None

    def row_of(self, report_id: int) -> int:
        return next((i for i, row in enumerate(self.rows) if row["id"] == report_id), -1)
