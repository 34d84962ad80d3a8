"""人员 page: the roster with 科室 / 在职 filters and name or pinyin-initials search; add, edit, mark as left,
restore, delete (only someone no record uses) and import a roster from Excel with a preview.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from core import recycle
from core.db import Store
from core.errors import LawDeskError, RuleViolation
from core.staff import importer, roster
from core.staff.roster import StaffFilter
from ui.changes import follow
from ui.ops import confirm, show_error
from ui.staff.editor import LeftDateDialog, StaffEditor
from ui.staff.model import StaffModel
from ui.widgets.import_preview import ImportPreviewDialog, start_import
from ui.widgets.row_model import row_view

ALL_DEPARTMENTS = "全部科室"
STATUSES = (("在职", True), ("离职", False), ("全部", None))
IMPORT_COLUMNS = [
    ("姓名", lambda p: p.name),
    ("科室", lambda p: p.department),
    ("职务", lambda p: p.position),
    ("领导干部", lambda p: "是" if p.is_leader else ""),
]


class StaffPage(QWidget):
    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__(window)
        self.store = store
        self.window_ = window
        self.editor: StaffEditor | None = None
        self.left_dialog: LeftDateDialog | None = None
        self.import_dialog: ImportPreviewDialog | None = None
        self.model = StaffModel(self)
        self._build_actions()
        self._build_filters()
        self._build_view()
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addLayout(self.filter_row)
        layout.addWidget(self.view, 1)
        self.refresh()
        self.changes = follow(self, {"staff"})

    # -- building ---------------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            # Window-wide, yet only while this page is the one shown: hidden pages' shortcuts do not fire.
            action.setShortcut(QKeySequence(shortcut))
            self.addAction(action)
        action.setToolTip(tip or text)
        action.triggered.connect(lambda _=False: slot())
        return action

    def _build_actions(self) -> None:
        self.add_action = self._action("新增", self.add_staff, QKeySequence.New, "新增人员（Ctrl+N）")
        self.edit_action = self._action("编辑", self.edit_selected, tip="编辑所选人员（回车或双击）")
        self.left_action = self._action("标记离职", self.mark_left_selected)
        self.active_action = self._action("恢复在职", self.mark_active_selected)
        self.delete_action = self._action("删除", self.delete_selected, tip="只能删除没有任何记录引用的人员（移到回收站）")
        self.import_action = self._action("从 Excel 导入…", self.import_roster, tip="从花名册（姓名、科室、职务、是否领导干部）导入")
        self.toolbar = QToolBar("人员")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        for action in (self.add_action, self.edit_action, self.left_action, self.active_action, self.delete_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.import_action)

    def _build_filters(self) -> None:
        self.department_combo = QComboBox()
        self.department_combo.setMinimumWidth(140)
        self.status_combo = QComboBox()
        for text, value in STATUSES:
            self.status_combo.addItem(text, value)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("搜索姓名或拼音首字母（如 zw）")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaximumWidth(280)
        self.count_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(QLabel("科室："))
        row.addWidget(self.department_combo)
        row.addSpacing(12)
        row.addWidget(QLabel("状态："))
        row.addWidget(self.status_combo)
        row.addSpacing(12)
        row.addWidget(self.search_edit, 1)
        row.addStretch()
        row.addWidget(self.count_label)
        self.filter_row = row
        self.department_combo.currentIndexChanged.connect(lambda _: self._reload())
        self.status_combo.currentIndexChanged.connect(lambda _: self._reload())
        self.search_edit.textChanged.connect(lambda _: self._reload())

    def _build_view(self) -> None:
        view = row_view(self.model, QAbstractItemView.ExtendedSelection)
        view.setAlternatingRowColors(True)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((110, 130, 180, 80, 150)):
            view.setColumnWidth(column, width)
        view.activated.connect(lambda _: self.edit_selected())
        view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        view.setContextMenuPolicy(Qt.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        self.view = view

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        for action in (self.edit_action, self.left_action, self.active_action, self.delete_action):
            menu.addAction(action)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    # -- filters and list -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload departments and rows (called when the page is shown and after every change)."""
        current = self.department_combo.currentText()
        self.department_combo.blockSignals(True)
        self.department_combo.clear()
        self.department_combo.addItem(ALL_DEPARTMENTS)
        self.department_combo.addItems(roster.departments(self.store))
        index = self.department_combo.findText(current)
        self.department_combo.setCurrentIndex(max(index, 0))
        self.department_combo.blockSignals(False)
        self._reload()

    def current_filter(self) -> StaffFilter:
        department = self.department_combo.currentText()
        return StaffFilter(
            department=None if department in ("", ALL_DEPARTMENTS) else department,
            active=self.status_combo.currentData(),
            text=self.search_edit.text(),
        )

    def _reload(self) -> None:
        keep = self.selected_ids()
        self.model.set_rows(self._in_roster_order(roster.list_staff(self.store, self.current_filter())))
        self.count_label.setText(f"共 {self.model.rowCount()} 人")
        self.select_ids(keep)
        self._update_actions()

    def _in_roster_order(self, rows: list[dict]) -> list[dict]:
        """科室 in the order the unit lists them (局领导 first, as entered), leaders first within each."""
        order = {name: i for i, name in enumerate(roster.departments(self.store))}
        return sorted(rows, key=lambda r: (not r["active"], order.get(r["department"], len(order)),
                                           not r["is_leader"], r["id"]))

    def show_filtered(self, department: str | None = None, active: bool | None = True, text: str = "",
                      **_: object) -> None:
        self.department_combo.setCurrentIndex(max(self.department_combo.findText(department or ALL_DEPARTMENTS), 0))
        self.status_combo.setCurrentIndex([v for _, v in STATUSES].index(active))
        self.search_edit.setText(text)

    def open_record(self, record_id: int, **_: object) -> None:
        """Show and select one person, widening the filters if they hide them."""
        if self.model.row_of(record_id) < 0:
            self.show_filtered(active=None)
        self.select_ids([record_id])

    # -- selection --------------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.staff_id(r) for r in rows]

    def selected_rows(self) -> list[dict]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.row_dict(r) for r in rows]

    def select_ids(self, ids: list[int]) -> None:
        selection = self.view.selectionModel()
        selection.clearSelection()
        first = True
        for staff_id in ids:
            row = self.model.row_of(staff_id)
            if row < 0:
                continue
            index = self.model.index(row, 0)
            flags = QItemSelectionModel.Select | QItemSelectionModel.Rows
            if first:
                selection.setCurrentIndex(index, flags)
                self.view.scrollTo(index)
                first = False
            else:
                selection.select(index, flags)

    def _update_actions(self) -> None:
        rows = self.selected_rows()
        self.edit_action.setEnabled(len(rows) == 1)
        self.left_action.setEnabled(any(r["active"] for r in rows))
        self.active_action.setEnabled(any(not r["active"] for r in rows))
        self.delete_action.setEnabled(len(rows) == 1)

    # -- actions ----------------------------------------------------------------------------------
    def _changed(self, select: list[int] | None = None) -> None:
        self.changes.flush()  # the list shows the change now, so it can be selected
        if select:
            self.select_ids(select)

    def add_staff(self) -> StaffEditor:
        return self._open_editor(None)

    def edit_selected(self) -> StaffEditor | None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return None
        return self._open_editor(ids[0])

    def _open_editor(self, staff_id: int | None) -> StaffEditor:
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
        self._changed([staff_id] if staff_id else None)

    def mark_left_selected(self) -> LeftDateDialog | None:
        people = [r for r in self.selected_rows() if r["active"]]
        if not people:
            return None
        dialog = LeftDateDialog([p["name"] for p in people], self.store.clock.today(), self)
        dialog.accepted.connect(lambda: self._mark_left([p["id"] for p in people], dialog.left_on()))
        dialog.finished.connect(dialog.deleteLater)
        self.left_dialog = dialog
        dialog.open()
        return dialog

    def _mark_left(self, ids: list[int], left_on: str) -> None:
        try:
            with self.store.transaction():
                for staff_id in ids:
                    roster.mark_left(self.store, staff_id, left_on)
        except LawDeskError as exc:
            show_error(self, exc)
            return
        if self.status_combo.currentData() is True:
            self.status_combo.setCurrentIndex([v for _, v in STATUSES].index(None))
        self._changed(ids)

    def mark_active_selected(self) -> None:
        ids = [r["id"] for r in self.selected_rows() if not r["active"]]
        if not ids:
            return
        try:
            with self.store.transaction():
                for staff_id in ids:
                    roster.mark_active(self.store, staff_id)
        except LawDeskError as exc:
            show_error(self, exc)
            return
        self._changed(ids)

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        person = rows[0]
        if not confirm(self, "删除人员", f"把“{person['name']}”移到回收站？\n"
                       "只能删除没有任何学法、整改等记录引用的人员；离开单位的人员请用“标记离职”。", ok="删除"):
            return
        try:
            recycle.delete(self.store, "staff", person["id"], f"人员 {person['name']}")
        except RuleViolation:
            show_error(self, RuleViolation(f"“{person['name']}”已被学法、整改等记录引用，不能删除（记录需要保留人名）。"
                                           "如其已调离或退休，请改用“标记离职”。"))
            return
        except LawDeskError as exc:
            show_error(self, exc)
            return
        self._changed()

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
        self._changed(list(ids or []))
