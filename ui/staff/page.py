"""人员 page: the roster with 科室 / 在职 filters and name or pinyin-initials search; add, edit, mark as left,
restore, delete (only someone no record uses) and import a roster from Excel with a preview.

A configuration of `ui.widgets.list_page.ListPage` over the whole roster (a few hundred people, held in memory).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from core import recycle
from core.db import Store
from core.errors import RuleViolation
from core.staff import importer, roster
from core.staff.roster import Person, StaffFilter
from ui.staff.editor import LeftDateDialog, StaffEditor
from ui.widgets.import_preview import ImportPreviewDialog, start_import
from ui.widgets.list_page import Act, Choice, Empty, ListPage, Search
from ui.widgets.row_model import Column

ALL_DEPARTMENTS = "全部科室"
STATUSES = (("在职", True), ("离职", False), ("全部", None))
IMPORT_COLUMNS = [
    ("姓名", lambda p: p.name),
    ("科室", lambda p: p.department),
    ("职务", lambda p: p.position),
    ("领导干部", lambda p: "是" if p.is_leader else ""),
]
LEFT = QBrush(QColor("#8a8a8a"))


def status_text(p: Person) -> str:
    if p.active:
        return "在职"
    return f"离职（{p.left_on}）" if p.left_on else "离职"


def _grey_when_left(p: Person, role: int) -> Any:
    return LEFT if role == Qt.ForegroundRole and not p.active else None


COLUMNS = tuple(Column(title, value, align, None, width, _grey_when_left) for title, value, align, width in (
    ("姓名", lambda p: p.name, None, 110),
    ("科室", lambda p: p.department, None, 130),
    ("职务", lambda p: p.position, None, 180),
    ("领导干部", lambda p: "是" if p.is_leader else "", Qt.AlignCenter, 80),
    ("状态", status_text, None, 150),
    ("备注", lambda p: " ".join((p.note or "").split()), None, None),
))


class StaffPage(ListPage):
    noun = "人员"
    offers_demo = True
    tables = {"staff"}
    columns = COLUMNS
    selection = QAbstractItemView.ExtendedSelection
    sort_header = False  # the roster order (科室 as the unit lists them, leaders first) is the order
    filters = (
        Choice("department", "科室：", roster.departments, ALL_DEPARTMENTS, width=140),
        Choice("active", "状态：", STATUSES, None),
        Search("搜索姓名或拼音首字母（如 zw）", max_width=280),
    )

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        self.left_dialog: LeftDateDialog | None = None
        self.count_label = QLabel()
        super().__init__(store, window)
        self.filter_row.addStretch()
        self.filter_row.addWidget(self.count_label)

    def make_filter(self, v: dict) -> StaffFilter:
        return StaffFilter(department=v["department"], active=v["active"], text=v["text"])

    def query(self, flt: StaffFilter, _order_by: Any, _descending: bool) -> list[Person]:
        """科室 in the order the unit lists them (局领导 first, as entered), leaders first within each."""
        order = {name: i for i, name in enumerate(roster.departments(self.store))}
        return sorted(roster.people(self.store, flt),
                      key=lambda p: (not p.active, order.get(p.department, len(order)), not p.is_leader, p.id))

    def after_reload(self) -> None:
        self.count_label.setText(f"共 {self.model.rowCount()} 人")

    def extra_actions(self) -> list[Act]:
        return [Act("标记离职", self.mark_left_selected, needs="left", menu=True, name="left", icon="left"),
                Act("恢复在职", self.mark_active_selected, needs="active", menu=True, name="active", icon="rejoin"),
                Act("从 Excel 导入…", lambda: self.import_roster(), tip="从花名册（姓名、科室、职务、是否领导干部）导入",
                    icon="import")]

    def empty_hint(self) -> Empty:
        return Empty("还没有人员", "学法记录和整改事项都要选人：逐个新增人员，或从 Excel 花名册一次导入。",
                     [Act("新增人员", self.new_record, icon="add"),
                      Act("导入花名册…", lambda: self.import_roster(), icon="import")])

    def update_actions(self) -> None:
        super().update_actions()
        chosen = self.selected_records()
        for act, action in self.acts:
            if act.needs in ("left", "active"):
                action.setEnabled(any(bool(p.active) == (act.needs == "left") for p in chosen))
        self.delete_action.setEnabled(len(chosen) == 1)

    def show_filtered(self, active: bool | None = True, **values: Any) -> None:
        super().show_filtered(active=active, **values)
        if active is None:
            self.active_combo.setCurrentIndex(2)

    def open_record(self, record_id: int, **_: Any) -> None:
        """Show and select one person, widening the filters if they hide them."""
        if self.model.row_of(record_id) < 0:
            self.show_filtered(active=None)
        self.select_ids([record_id])

    @property
    def status_combo(self):
        return self.active_combo

    def selected_rows(self) -> list[Person]:
        return self.selected_records()

    # -- actions --------------------------------------------------------------------------------------
    def add_staff(self) -> StaffEditor:
        return self.new_record()

    def open_editor(self, staff_id: int | None) -> StaffEditor:
        editor = StaffEditor(self.store, staff_id, self)
        department = self.current_filter().department
        if staff_id is None and department:
            editor.department_combo.setEditText(department)
        editor.accepted.connect(lambda: self._saved(editor.saved_id))
        editor.finished.connect(editor.deleteLater)
        self.editor = editor
        editor.open()
        return editor

    def _saved(self, staff_id: int | None) -> None:
        self.changes.flush()
        if staff_id is not None and self.model.row_of(staff_id) < 0:
            # A new person outside the current filters would seem lost: show everyone instead.
            self.show_filtered(active=None)
        self.select_ids([staff_id] if staff_id else [])

    def mark_left_selected(self) -> LeftDateDialog | None:
        chosen = [p for p in self.selected_records() if p.active]
        if not chosen:
            return None
        dialog = LeftDateDialog([p.name for p in chosen], self.store.clock.today(), self)
        dialog.accepted.connect(lambda: self._mark_left([p.id for p in chosen], dialog.left_on()))
        dialog.finished.connect(dialog.deleteLater)
        self.left_dialog = dialog
        dialog.open()
        return dialog

    def _mark_left(self, ids: list[int], left_on: str) -> None:
        if not self.write(lambda: [roster.mark_left(self.store, i, left_on) for i in ids]):
            return
        if self.active_combo.currentData() is True:
            self.active_combo.setCurrentIndex(2)  # 全部: the people just marked stay in sight
        self.select_ids(ids)

    def mark_active_selected(self) -> None:
        ids = [p.id for p in self.selected_records() if not p.active]
        if ids:
            self.write(lambda: [roster.mark_active(self.store, i) for i in ids], select=ids)

    def describe(self, p: Person) -> str:
        return f"“{p.name}”"

    def delete_note(self) -> str:
        return "只能删除没有任何学法、整改等记录引用的人员；离开单位的人员请用“标记离职”。"

    def delete_records(self, records: list[Person]) -> None:
        person = records[0]
        try:
            recycle.delete(self.store, "staff", person.id, f"人员 {person.name}")
        except RuleViolation:
            raise RuleViolation(f"“{person.name}”已被学法、整改等记录引用，不能删除（记录需要保留人名）。"
                                "如其已调离或退休，请改用“标记离职”。") from None

    def import_roster(self, path: str | Path | None = None) -> None:
        """Pick a roster file (or use `path`), preview it, import on confirmation."""
        start_import(self, self.store, title="从 Excel 导入人员", read=importer.preview_staff,
                     columns=IMPORT_COLUMNS, commit=importer.commit_staff, on_done=self._imported, path=path,
                     noun="人", on_dialog=self._remember_import_dialog)

    def _remember_import_dialog(self, dialog: ImportPreviewDialog) -> None:
        self.import_dialog = dialog

    def _imported(self, ids: list[int] | None) -> None:
        self.search_edit.clear()
        self.department_combo.setCurrentIndex(0)
        self.changes.flush()
        self.select_ids(list(ids or []))
