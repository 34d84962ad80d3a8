"""整改事项 page: the list with filters (status, source, department, owner, year, 逾期, 临期), counters by
status plus 逾期 and 临期 that follow the data, the item editor, recycle-bin delete, import and export.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from core.db import Store
from core.errors import LawDeskError
from core.rectification import importer, items, rules
from core.rectification.items import ItemFilter
from ui.changes import follow
from ui.ops import confirm, run_op, show_error
from ui.rectification.editor import ItemEditor
from ui.rectification.model import SORT_NAMES, RectificationModel
from ui.widgets.import_preview import ImportPreviewDialog, start_import

ALL = "全部"
IMPORT_COLUMNS = [
    ("问题描述", lambda it: it.problem),
    ("问题来源", lambda it: it.fields.get("source")),
    ("责任科室", lambda it: it.fields.get("department")),
    ("整改时限", lambda it: rules.deadline_text(it.fields.get("deadline"), it.fields.get("standing"))),
    ("状态", lambda it: it.status),
    ("进展条数", lambda it: len(it.progress)),
]
COUNTERS = (("total", "全部"), *((s, s) for s in rules.STATUSES), ("逾期", "逾期"), ("临期", "临期"))
COUNTER_STYLE = "QPushButton {{ border: 1px solid #bbb; border-radius: 3px; padding: 3px 10px; background: #{bg}; {fg} }}"


class RectificationPage(QWidget):
    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__(window)
        self.store = store
        self.window_ = window
        self.editor: ItemEditor | None = None
        self.import_dialog: ImportPreviewDialog | None = None
        self.last_export: Path | None = None
        self.model = RectificationModel(self, fetch=self._fetch_rows, sorter=self._sorted_ids)
        self._scope: tuple | None = None  # the filter the counters were computed for
        self._counts: dict = {}
        self._holding = True  # filter widgets emit while being built: no reload until the view exists
        self._build_actions()
        self._build_filters()
        self._build_counters()
        self._build_view()
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addLayout(self.filter_row)
        layout.addLayout(self.counter_row)
        layout.addWidget(self.view, 1)
        self._holding = False
        self.refresh()
        # staff: owners' names; settings: how many days count as 临期
        self.changes = follow(self, {"rectification", "rectification_evidence", "staff", "settings"})

    def current_today(self) -> date:
        return self.store.clock.today()

    # -- building ---------------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
            self.addAction(action)
        action.setToolTip(tip or text)
        action.triggered.connect(lambda _=False: slot())
        return action

    def _build_actions(self) -> None:
        self.add_action = self._action("新增", self.add_item, QKeySequence.New, "新增整改事项（Ctrl+N）")
        self.edit_action = self._action("编辑", self.edit_selected, tip="编辑所选事项（回车或双击）")
        self.delete_action = self._action("删除", self.delete_selected, QKeySequence.Delete, "移到回收站（Delete）")
        self.import_action = self._action("导入台账…", self.import_ledger, tip="导入已有的 Excel 整改台账")
        self.export_xlsx_action = self._action("导出整改台账（Excel）…", lambda: self.export_dialog("xlsx"))
        self.export_docx_action = self._action("导出整改情况报告（Word）…", lambda: self.export_dialog("docx"))
        self.toolbar = QToolBar("整改事项")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        for action in (self.add_action, self.edit_action, self.delete_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        for action in (self.import_action, self.export_xlsx_action, self.export_docx_action):
            self.toolbar.addAction(action)

    def _combo(self, width: int = 110) -> QComboBox:
        combo = QComboBox()
        combo.setMinimumWidth(width)
        combo.currentIndexChanged.connect(lambda _: self._reload())
        return combo

    def _build_filters(self) -> None:
        self.status_combo = self._combo(90)
        self.status_combo.addItem(ALL, None)
        for status in rules.STATUSES:
            self.status_combo.addItem(status, status)
        self.source_combo = self._combo()
        self.department_combo = self._combo()
        self.owner_combo = self._combo(90)
        self.year_combo = self._combo(80)
        self.overdue_check = QCheckBox("只看逾期")
        self.due_soon_check = QCheckBox("只看临期")
        for check in (self.overdue_check, self.due_soon_check):
            check.toggled.connect(lambda _: self._reload())
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("搜索问题、措施或编号")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _: self._reload())
        row = QHBoxLayout()
        for label, widget in (("状态", self.status_combo), ("来源", self.source_combo), ("科室", self.department_combo),
                              ("责任人", self.owner_combo), ("年度", self.year_combo)):
            row.addWidget(QLabel(label + "："))
            row.addWidget(widget)
            row.addSpacing(6)
        row.addWidget(self.overdue_check)
        row.addWidget(self.due_soon_check)
        row.addWidget(self.search_edit, 1)
        self.filter_row = row

    def _build_counters(self) -> None:
        self.counter_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, label in COUNTERS:
            button = QPushButton(label)
            button.setFlat(True)
            button.setCursor(Qt.PointingHandCursor)
            button.setToolTip(f"点击只看“{label}”的事项")
            button.setStyleSheet(self._counter_style(key))
            button.clicked.connect(lambda _=False, k=key: self._counter_clicked(k))
            self.counter_buttons[key] = button
            row.addWidget(button)
        row.addStretch()
        self.shown_label = QLabel()
        row.addWidget(self.shown_label)
        self.counter_row = row

    @staticmethod
    def _counter_style(key: str) -> str:
        if key == "逾期":
            return COUNTER_STYLE.format(bg=rules.OVERDUE_COLOR, fg=f"color: #{rules.OVERDUE_TEXT_COLOR};")
        if key == "临期":
            return COUNTER_STYLE.format(bg=rules.DUE_SOON_COLOR, fg=f"color: #{rules.DUE_SOON_TEXT_COLOR};")
        return COUNTER_STYLE.format(bg=rules.STATUS_COLORS.get(key, "FFFFFF"), fg="")

    def _build_view(self) -> None:
        view = QTableView()
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setSelectionMode(QAbstractItemView.SingleSelection)
        view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        view.setSortingEnabled(False)  # rows come sorted by deadline; a header click re-sorts
        view.horizontalHeader().setSectionsClickable(True)
        view.horizontalHeader().sectionClicked.connect(self._header_clicked)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(26)
        view.setWordWrap(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((110, 70, 100, 380, 100, 70, 150)):
            view.setColumnWidth(column, width)
        view.activated.connect(lambda _: self.edit_selected())  # Enter and double-click both activate
        view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        view.setContextMenuPolicy(Qt.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        self.view = view
        self._sort = (6, Qt.AscendingOrder)

    def _header_clicked(self, column: int) -> None:
        order = Qt.DescendingOrder if self._sort == (column, Qt.AscendingOrder) else Qt.AscendingOrder
        self._sort = (column, order)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.horizontalHeader().setSortIndicator(column, order)
        self.model.sort(column, order)

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        for action in (self.edit_action, self.delete_action):
            menu.addAction(action)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    # -- filters and list -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the filter choices and the rows (called when the page is shown and after changes)."""
        self._counts = {}
        self._fill_combo(self.source_combo, [(s, s) for s in items.distinct_values(self.store, "source")])
        self._fill_combo(self.department_combo, [(d, d) for d in items.distinct_values(self.store, "department")])
        self._fill_combo(self.owner_combo, [(o["name"], o["id"]) for o in items.owners(self.store)])
        self._fill_combo(self.year_combo, [(f"{y}年", y) for y in items.distinct_values(self.store, "year")])
        self._reload()

    def _fill_combo(self, combo: QComboBox, choices: list[tuple[str, object]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(ALL, None)
        for text, value in choices:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
        combo.blockSignals(False)

    def current_filter(self) -> ItemFilter:
        return ItemFilter(status=self.status_combo.currentData(), source=self.source_combo.currentData(),
                          department=self.department_combo.currentData(),
                          owner_staff_id=self.owner_combo.currentData(), year=self.year_combo.currentData(),
                          overdue_only=self.overdue_check.isChecked(), due_soon_only=self.due_soon_check.isChecked(),
                          text=self.search_edit.text())

    def _reload(self) -> None:
        if self._holding:
            return
        keep = self.selected_id()
        flt, today = self.current_filter(), self.current_today()
        days = items.due_soon_days(self.store)
        sort, descending = self._sort_name()
        self.model.set_ids(items.list_ids(self.store, flt, today=today, days=days, sort=sort, descending=descending))
        # The counters cover the scope (year, source…), not the status/逾期/临期 choice: ticking 只看逾期
        # needs no new counts.
        scope = (flt.source, flt.department, flt.owner_staff_id, flt.year, flt.text, today, days)
        if scope != self._scope or not self._counts:
            self._counts = items.counts(self.store, flt, today=today, days=days)
            self._scope = scope
        self._show_counts(self._counts)
        self.shown_label.setText(f"显示 {self.model.rowCount()} 项")
        if keep is not None:
            self.select_id(keep)
        self._update_actions()

    def _sort_name(self) -> tuple[str, bool]:
        column, order = self._sort
        return SORT_NAMES[column], order == Qt.DescendingOrder

    def _fetch_rows(self, ids: list[int]) -> list[dict]:
        return items.rows_by_id(self.store, ids, today=self.current_today(), days=items.due_soon_days(self.store))

    def _sorted_ids(self, sort: str, descending: bool) -> list[int]:
        return items.list_ids(self.store, self.current_filter(), today=self.current_today(),
                              days=items.due_soon_days(self.store), sort=sort, descending=descending)

    def _show_counts(self, counts: dict) -> None:
        for key, label in COUNTERS:
            self.counter_buttons[key].setText(f"{label} {counts[key]}")

    def counter_values(self) -> dict[str, int]:
        """What the counters show, as numbers (for tests and 首页)."""
        return {key: int(self.counter_buttons[key].text().split()[-1]) for key, _ in COUNTERS}

    def _counter_clicked(self, key: str) -> None:
        if key == "total":
            self.show_filtered(year=self.year_combo.currentData())
        elif key == "逾期":
            self.show_filtered(overdue=True, year=self.year_combo.currentData())
        elif key == "临期":
            self.show_filtered(due_soon=True, year=self.year_combo.currentData())
        else:
            self.show_filtered(status=key, year=self.year_combo.currentData())

    def show_filtered(self, overdue: bool = False, due_soon: bool = False, status: str | None = None,
                      source: str | None = None, department: str | None = None, owner: int | None = None,
                      year: int | None = None, text: str = "", **_: object) -> None:
        """Set every filter at once (首页 opens the list filtered to 逾期 this way)."""
        self.refresh()
        self._holding = True
        try:
            for combo, value in ((self.status_combo, status), (self.source_combo, source),
                                 (self.department_combo, department), (self.owner_combo, owner),
                                 (self.year_combo, year)):
                index = combo.findData(value) if value is not None else 0
                combo.setCurrentIndex(max(index, 0))
            self.overdue_check.setChecked(bool(overdue))
            self.due_soon_check.setChecked(bool(due_soon))
            self.search_edit.setText(text)
        finally:
            self._holding = False
        self._reload()

    def open_record(self, record_id: int, **_: object) -> ItemEditor | None:
        """Select one item (clearing filters that hide it) and open its editor."""
        if self.model.row_of(record_id) < 0:
            self.show_filtered()
        if self.model.row_of(record_id) < 0:
            return None
        self.select_id(record_id)
        return self._open_editor(record_id)

    # -- selection --------------------------------------------------------------------------------
    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.item_id(rows[0].row()) if rows else None

    def select_id(self, item_id: int) -> None:
        row = self.model.row_of(item_id)
        if row < 0:
            return
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        self.view.scrollTo(index)

    def _update_actions(self) -> None:
        chosen = self.selected_id() is not None
        self.edit_action.setEnabled(chosen)
        self.delete_action.setEnabled(chosen)

    # -- actions ----------------------------------------------------------------------------------
    def _changed(self) -> None:
        self.changes.flush()

    def add_item(self) -> ItemEditor:
        return self._open_editor(None)

    def edit_selected(self) -> ItemEditor | None:
        item_id = self.selected_id()
        return self._open_editor(item_id) if item_id is not None else None

    def _open_editor(self, item_id: int | None) -> ItemEditor:
        editor = ItemEditor(self.store, item_id, self)
        if item_id is None:
            if self.department_combo.currentData():
                editor.department_combo.setEditText(self.department_combo.currentData())
            if self.source_combo.currentData():
                editor.source_combo.setCurrentText(self.source_combo.currentData())
        editor.changed.connect(lambda: self._editor_wrote(editor))
        editor.open_report.connect(lambda rid, sid: self._open_report(editor, rid, sid))
        editor.finished.connect(editor.deleteLater)
        self.editor = editor
        editor.open()
        return editor

    def _open_report(self, editor: ItemEditor, report_id: int, section_id: int | None) -> None:
        if self.window_ is None or "reports" not in getattr(self.window_, "pages", {}):
            return
        editor.close()
        self.window_.go_to("reports", record_id=report_id, section_id=section_id)

    def _editor_wrote(self, editor: ItemEditor) -> None:
        self._changed()
        if editor.saved_id is not None:
            if self.model.row_of(editor.saved_id) < 0:
                self.show_filtered()  # a new item outside the filters would seem lost
            self.select_id(editor.saved_id)

    def delete_selected(self) -> None:
        item_id = self.selected_id()
        if item_id is None:
            return
        row = self.model.row_dict(self.model.row_of(item_id))
        if not confirm(self, "删除整改事项", f"把 {row['number']}“{row['problem'][:40]}”移到回收站？\n"
                       "它的进展记录和佐证材料一并移入，可在“设置 → 回收站”中恢复。", ok="删除"):
            return
        try:
            items.delete(self.store, item_id)
        except LawDeskError as exc:
            show_error(self, exc)
            return
        self._changed()

    # -- import / export --------------------------------------------------------------------------
    def import_ledger(self, path: str | Path | None = None) -> None:
        start_import(self, self.store, title="导入整改台账",
                     read=lambda store, p: importer.preview_import(store, p, today=self.current_today()),
                     columns=IMPORT_COLUMNS,
                     commit=lambda store, preview: importer.commit_import(store, preview, today=self.current_today()),
                     on_done=lambda _ids: self.show_filtered(), path=path, noun="项",
                     on_dialog=self._remember_import_dialog)

    def _remember_import_dialog(self, dialog: ImportPreviewDialog) -> None:
        self.import_dialog = dialog

    def export_dialog(self, fmt: str) -> None:
        year = self.year_combo.currentData()
        name = f"整改{'台账' if fmt == 'xlsx' else '情况报告'}{f'-{year}' if year else ''}.{fmt}"
        kind = "Excel 工作簿 (*.xlsx)" if fmt == "xlsx" else "Word 文档 (*.docx)"
        path, _ = QFileDialog.getSaveFileName(self, "导出", name, kind)
        if path:
            self.export_to(path, fmt)

    def export_to(self, path: str | Path, fmt: str):
        """Export off the UI thread (the worker opens its own store); returns the worker thread."""
        from core.rectification.export_docx import export_docx
        from core.rectification.export_xlsx import export_xlsx

        out, year, today = Path(path), self.year_combo.currentData(), self.current_today()

        def work(own, progress) -> int:
            progress(0, 0, "正在导出…")
            if fmt == "xlsx":
                return export_xlsx(own, out, year=year, today=today, progress=progress)
            return export_docx(own, out, year=year, today=today)

        def done(count: int) -> None:
            self.last_export = out
            window = self.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(f"已导出 {count} 项事项：{out}", 8000)

        return run_op(self, "正在导出…", work, done, store=self.store)
