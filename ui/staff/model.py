"""Table model over the staff rows `core.staff.roster.list_staff` returns."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ui.widgets.row_model import Column, RowTableModel

LEFT_COLOR = QColor("#8a8a8a")


def status_text(row: dict) -> str:
    if row.get("active"):
        return "在职"
    return f"离职（{row['left_on']}）" if row.get("left_on") else "离职"


COLUMNS: list[Column] = [
    Column("姓名", lambda r: r["name"]),
    Column("科室", lambda r: r["department"]),
    Column("职务", lambda r: r["position"]),
    Column("领导干部", lambda r: "是" if r["is_leader"] else "", Qt.AlignCenter),
    Column("状态", status_text),
    Column("备注", lambda r: " ".join((r.get("note") or "").split())),
]


class StaffModel(RowTableModel):
    """One row per person; `Qt.UserRole` gives the row dict, `staff_id(row)` its id."""

    columns = COLUMNS

    def role_data(self, row: dict, column: int, role: int) -> Any:
        return QBrush(LEFT_COLOR) if role == Qt.ForegroundRole and not row["active"] else None

    def row_dict(self, row: int) -> dict:
        return self.row_at(row)

    def staff_id(self, row: int) -> int:
        return self.row_at(row)["id"]

    def row_of(self, staff_id: int) -> int:
        """The row showing `staff_id`, or -1 when filtered out."""
        return next((i for i, row in enumerate(self.rows) if row["id"] == staff_id), -1)
