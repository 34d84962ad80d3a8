"""ui.widgets.row_model: the shared read-only list model and view."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView

from ui.widgets.row_model import Column, RowTableModel, row_view

ROWS = [{"id": 7, "name": "张伟", "left": False}, {"id": 9, "name": "李娜", "left": True}]


class PeopleModel(RowTableModel):
    columns = (Column("编号", lambda r: str(r["id"]), Qt.AlignCenter), ("姓名", lambda r: r["name"]))
    user_key = "id"

    def role_data(self, row: dict, column: int, role: int) -> object:
        return QColor("#8a8a8a") if role == Qt.ForegroundRole and row["left"] else None


def test_row_model_answers_every_role(qtmodeltester):
    model = PeopleModel(rows=ROWS)
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())] == ["编号", "姓名"]
    assert model.index(1, 1).data() == "李娜" and model.index(1, 1).data(Qt.ToolTipRole) == "李娜"
    assert model.index(1, 0).data(Qt.UserRole) == 9
    assert model.index(0, 0).data(Qt.TextAlignmentRole) == int(Qt.AlignCenter)
    assert model.index(0, 1).data(Qt.TextAlignmentRole) is None
    assert model.index(0, 0).data(Qt.ForegroundRole) is None
    assert model.index(1, 0).data(Qt.ForegroundRole) == QColor("#8a8a8a")
    model.set_rows(ROWS[:1])
    assert model.rowCount() == 1 and model.row_at(0)["name"] == "张伟" and model.rows == ROWS[:1]


def test_value_roles_and_row_view(qtbot):
    class Quiet(PeopleModel):
        value_roles = (Qt.DisplayRole,)
        user_key = None

    model = Quiet(rows=ROWS)
    assert model.index(0, 1).data(Qt.ToolTipRole) is None
    assert model.index(0, 1).data(Qt.UserRole) == ROWS[0]  # Qt hands a dict back as a copy
    view = row_view(model, QAbstractItemView.ExtendedSelection)
    qtbot.addWidget(view)
    assert view.model() is model and view.verticalHeader().isHidden()
    assert view.selectionBehavior() == QAbstractItemView.SelectRows
    assert view.selectionMode() == QAbstractItemView.ExtendedSelection
    assert view.editTriggers() == QAbstractItemView.NoEditTriggers
