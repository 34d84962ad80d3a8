"""学法记录 page: the filtered session list with its totals line, and per-person hours for a year.

Filters, sort and totals run in SQL (see `ui.study.model`); edits open `SessionEditor`; Delete moves a
session to the recycle bin; exports and import run off the UI thread through `ui.ops.run_op`. The page
refreshes when a commit touches the tables it shows (`ui.changes.follow`).
"""
from __future__ import annotations

import importlib
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.db import Store
from core.errors import LawDeskError
from core.study import importer, laws, people, sessions
from core.study.sessions import StudyFilter
from ui.changes import follow
from ui.ops import confirm, run_op, show_error
from ui.study.editor import SessionEditor
from ui.study.model import PeopleTableModel, SessionTableModel
from ui.widgets.import_preview import start_import

TEXT_DELAY_MS = 250  # wait for a pause in typing before querying
ALL = None
TABLES = {"study_session", "study_law", "staff", "settings"}  # settings: the unit's yearly hours minimum


class StudyPage(QWidget):
    def __init__(self, store: Store, window=None) -> None:
        super().__init__()
        self.store = store
        self.window_ = window
        self.editor: SessionEditor | None = None
        self.model = SessionTableModel(store, self)
        self.people_model = PeopleTableModel(parent=self)
        self.leaders_model = PeopleTableModel(parent=self)
        self._text_timer = QTimer(self, singleShot=True, interval=TEXT_DELAY_MS, timeout=self.apply_filter)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_sessions_tab(), "学法记录")
        self.tabs.addTab(self._build_people_tab(), "人员学时")
        self.tabs.currentChanged.connect(lambda i: i == 1 and self.refresh_people())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
        self._update_totals()
        self.changes = follow(self, TABLES)

    # -- building ---------------------------------------------------------------------------------
    def _build_sessions_tab(self) -> QWidget:
        self.year_combo = QComboBox()
        self.month_combo = QComboBox()
        self.month_combo.addItem("全部月份", ALL)
        for m in range(1, 13):
            self.month_combo.addItem(f"{m}月", m)
        self.form_combo = QComboBox()
        self.law_combo = QComboBox()
        self.law_combo.setMinimumContentsLength(10)
        self.law_combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self._fill_choices()
        self.search_edit = QLineEdit(placeholderText="搜索主题、法规、主讲人、地点…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _t: self._text_timer.start())
        for combo in (self.year_combo, self.month_combo, self.form_combo, self.law_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
        filters = QHBoxLayout()
        for label, widget in (("年份", self.year_combo), ("月份", self.month_combo), ("形式", self.form_combo),
                              ("法规", self.law_combo)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.search_edit, 1)

        self.new_button = QPushButton("新增 (Ctrl+N)")
        self.new_button.clicked.connect(self.new_session)
        self.edit_button = QPushButton("编辑")
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton("删除")
        self.delete_button.clicked.connect(self.delete_current)
        self.import_button = QPushButton("导入台账…")
        self.import_button.clicked.connect(lambda: self.import_ledger())
        self.xlsx_button = QPushButton("导出学法台账 (Excel)…")
        self.xlsx_button.clicked.connect(lambda: self.export_xlsx())
        self.docx_button = QPushButton("导出学法记录表 (Word)…")
        self.docx_button.clicked.connect(lambda: self.export_docx())
        self.sign_in_button = QPushButton("打印签到表…")
        self.sign_in_button.clicked.connect(lambda: self.export_sign_in())
        actions = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        for button in (self.import_button, self.xlsx_button, self.docx_button, self.sign_in_button):
            actions.addWidget(button)

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(0, Qt.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        for col, width in enumerate((130, 150, 300, 230, 140, 70, 50, 50, 70)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self.view.doubleClicked.connect(lambda index: self.edit_session(self.model.session_id(index.row())))
        self._add_action(self.view, "编辑", [QKeySequence(Qt.Key_Return), QKeySequence(Qt.Key_Enter)],
                         self.edit_current, Qt.WidgetShortcut)
        self._add_action(self.view, "删除", [QKeySequence(QKeySequence.Delete)], self.delete_current,
                         Qt.WidgetShortcut)
        self._add_action(self, "新增", [QKeySequence("Ctrl+N")], self.new_session, Qt.WidgetWithChildrenShortcut)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("totals")
        tab = QWidget()
        lay = QVBoxLayout(tab)
        lay.addLayout(filters)
        lay.addLayout(actions)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.totals_label)
        return tab

    def _build_people_tab(self) -> QWidget:
        self.people_year = QComboBox()
        _refill(self.people_year, [(f"{y}年", y) for y in self._years()])
        self.people_year.currentIndexChanged.connect(self.refresh_people)
        self.people_summary = QLabel()
        self.people_summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度"))
        top.addWidget(self.people_year)
        top.addWidget(self.people_summary, 1)
        self.leaders_view = self._people_view(self.leaders_model)
        self.people_view = self._people_view(self.people_model)
        tab = QWidget()
        lay = QVBoxLayout(tab)
        lay.addLayout(top)
        lay.addWidget(QLabel("<b>领导干部</b>"))
        lay.addWidget(self.leaders_view, 1)
        lay.addWidget(QLabel("<b>其他人员</b>"))
        lay.addWidget(self.people_view, 2)
        lay.addWidget(QLabel("红色底纹：全年学时未达到单位要求。"))
        return tab

    @staticmethod
    def _people_view(model: PeopleTableModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)  # roster order until a click
        view.setSortingEnabled(True)
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        view.horizontalHeader().setSectionResizeMode(6, QHeaderView.Stretch)
        return view

    def _add_action(self, widget: QWidget, text: str, keys: list[QKeySequence], slot, context) -> QAction:
        action = QAction(text, widget)
        action.setShortcuts(keys)
        action.setShortcutContext(context)
        action.triggered.connect(slot)
        widget.addAction(action)
        return action

    def _fill_choices(self) -> None:
        """(Re)fill the year, form and law choices, keeping what is selected."""
        years = self._years()
        _refill(self.year_combo, [("全部年份", ALL)] + [(f"{y}年", y) for y in years])
        _refill(self.form_combo, [("全部形式", ALL)] + [(f, f) for f in sessions.forms(self.store)])
        _refill(self.law_combo, [("全部法规", ALL)] + [(r["short_name"], r["id"]) for r in laws.catalogue(self.store)])
        if hasattr(self, "people_year"):
            _refill(self.people_year, [(f"{y}年", y) for y in years])

    def _years(self) -> list[int]:
        return sorted({*sessions.years(self.store), self.store.clock.today().year}, reverse=True)

    # -- filtering ----------------------------------------------------------------------------------
    def current_filter(self) -> StudyFilter:
        return StudyFilter(year=self.year_combo.currentData(), month=self.month_combo.currentData(),
                           form=self.form_combo.currentData(), law_id=self.law_combo.currentData(),
                           text=self.search_edit.text().strip())

    def apply_filter(self) -> None:
        self._text_timer.stop()
        self.model.set_filter(self.current_filter())
        self._update_totals()

    def _update_totals(self) -> None:
        self.totals_label.setText(self.model.totals.line())

    def show_filtered(self, year: int | None = None, month: int | None = None, form: str | None = None,
                      law_id: int | None = None, text: str = "", people: bool = False, **_other) -> None:
        """Navigation from 首页 or search: show the list with these filters (others cleared);
        with people=True the per-person hours of `year` instead (首页's 未达最低学时)."""
        self.tabs.setCurrentIndex(0)
        widgets = (self.year_combo, self.month_combo, self.form_combo, self.law_combo, self.search_edit)
        for w in widgets:
            w.blockSignals(True)
        if year is not None and self.year_combo.findData(year) < 0:
            self.year_combo.addItem(f"{year}年", year)
        _select(self.year_combo, year)
        _select(self.month_combo, month)
        if form is not None and self.form_combo.findData(form) < 0:
            self.form_combo.addItem(form, form)
        _select(self.form_combo, form)
        _select(self.law_combo, law_id)
        self.search_edit.setText(text)
        for w in widgets:
            w.blockSignals(False)
        self.apply_filter()
        if people:
            _select(self.people_year, year or self.store.clock.today().year)
            self.tabs.setCurrentIndex(1)
            self.refresh_people()

    def refresh(self) -> None:
        """Re-read after a write here or elsewhere, keeping filters, order and the selected session."""
        selected = self.selected_ids()
        for combo in (self.year_combo, self.form_combo, self.law_combo, self.people_year):
            combo.blockSignals(True)
        self._fill_choices()
        for combo in (self.year_combo, self.form_combo, self.law_combo, self.people_year):
            combo.blockSignals(False)
        self.apply_filter()
        if selected:
            self.select_session(selected[0], fetch_pages=0)
        if self.tabs.currentIndex() == 1:
            self.refresh_people()

    def refresh_people(self) -> None:
        year = self.people_year.currentData() or self.store.clock.today().year
        everyone = people.statistics(self.store, year)
        leaders, others = people.split(everyone)
        self.leaders_model.set_people(leaders)
        self.people_model.set_people(others)
        below = [p for p in everyone if not p.reached]
        minimum = sessions.format_hours(everyone[0].minimum) if everyone else ""
        self.people_summary.setText(
            f"{year}年 共 {len(everyone)} 人；单位要求每人每年不少于 {minimum} 学时，"
            f"未达标 {len(below)} 人" + (f"：{'、'.join(p.name for p in below)}" if below else "。"))

    # -- selection and editing ----------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [sid for r in rows if (sid := self.model.session_id(r)) is not None]

    def select_session(self, session_id: int, fetch_pages: int = 5) -> bool:
        row = self.model.row_of(session_id, fetch_pages)
        if row < 0:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def new_session(self) -> SessionEditor:
        return self.edit_session(None)

    def edit_current(self) -> SessionEditor | None:
        index = self.view.currentIndex()
        ids = self.selected_ids() or ([self.model.session_id(index.row())] if index.isValid() else [])
        return self.edit_session(ids[0]) if ids and ids[0] is not None else None

    def open_record(self, record_id: int, **_criteria) -> SessionEditor | None:
        """Show the session in the list (switching to its month if the filter hides it) and edit it."""
        self.tabs.setCurrentIndex(0)
        if not self.select_session(record_id, fetch_pages=0):
            try:
                held_on = sessions.get(self.store, record_id).held_on
            except LawDeskError as exc:
                show_error(self, exc)
                return None
            self.show_filtered(year=int(held_on[:4]), month=int(held_on[5:7]))
            self.select_session(record_id)
        return self.edit_session(record_id)

    def edit_session(self, session_id: int | None) -> SessionEditor | None:
        """Open the editor window-modal (not exec) so the caller, and tests, can drive it."""
        try:
            editor = SessionEditor(self.store, session_id, self)
        except LawDeskError as exc:
            show_error(self, exc)
            return None
        editor.setAttribute(Qt.WA_DeleteOnClose)
        editor.saved.connect(self._saved)
        editor.finished.connect(lambda _result, e=editor: self._editor_closed(e))
        self.editor = editor
        editor.open()
        return editor

    def _editor_closed(self, editor: SessionEditor) -> None:
        if self.editor is editor:  # it deletes itself on close: forget it before it goes
            self.editor = None

    def _saved(self, session_id: int) -> None:
        self.changes.flush()  # the list shows the saved session now, so it can be selected
        if not self.select_session(session_id):
            self.window_status("已保存。当前筛选条件下不显示这条记录。")

    def delete_current(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        what = f"选中的 {len(ids)} 条学法记录" if len(ids) > 1 else "这条学法记录"
        if not self.confirm_delete(f"把{what}删除到回收站吗？\n（可在“设置 → 回收站”中恢复）"):
            return
        try:
            with self.store.transaction():
                for session_id in ids:
                    sessions.delete(self.store, session_id)
        except LawDeskError as exc:
            show_error(self, exc)
        self.changes.flush()

    def confirm_delete(self, text: str) -> bool:
        return confirm(self, "删除学法记录", text, "删除")

    # -- import and export ------------------------------------------------------------------------
    def export_year(self) -> int:
        return self.year_combo.currentData() or self.store.clock.today().year

    def export_xlsx(self, path: str | Path | None = None, year: int | None = None):
        year = year or self.export_year()
        path = path or self._save_path(f"{year}年度学法台账.xlsx", "Excel 工作簿 (*.xlsx)")
        if path:
            return self._export(lambda s, p: _exporter("export_xlsx").write_ledger(s, year, path, progress=p), path)
        return None

    def export_docx(self, path: str | Path | None = None, year: int | None = None):
        year = year or self.export_year()
        path = path or self._save_path(f"{year}年度学法记录表.docx", "Word 文档 (*.docx)")
        if path:
            return self._export(lambda s, p: _exporter("export_docx").write_records(s, year, path, progress=p), path)
        return None

    def export_sign_in(self, path: str | Path | None = None, session_id: int | None = None):
        session_id = session_id or next(iter(self.selected_ids()), None)
        if session_id is None:
            QMessageBox.information(self, "打印签到表", "请先在列表中选中一次学法活动（可以是还未举行的计划）。")
            return None
        path = path or self._save_path("学法签到表.docx", "Word 文档 (*.docx)")
        if path:
            return self._export(lambda s, _p: _exporter("export_docx").write_sign_in(s, session_id, path), path)
        return None

    def _save_path(self, name: str, filters: str) -> str:
        chosen, _ = QFileDialog.getSaveFileName(self, "导出", str(Path.home() / name), filters)
        return chosen

    def _export(self, write, path: str | Path):
        return run_op(self, "正在导出…", write, lambda _r: self.window_status(f"已导出到 {path}"), store=self.store)

    def import_ledger(self, path: str | Path | None = None, on_dialog=None) -> None:
        start_import(self, self.store, title="导入学法台账", read=importer.preview,
                     columns=importer.PREVIEW_COLUMNS, commit=importer.commit, path=path, noun="次学法记录",
                     on_dialog=on_dialog)

    # -- helpers ------------------------------------------------------------------------------------
    def window_status(self, text: str) -> None:
        if self.window_ is not None and hasattr(self.window_, "statusBar"):
            self.window_.statusBar().showMessage(text, 8000)

    def can_close(self) -> bool:
        """An open editor with unsaved edits asks first (its close runs the 放弃修改 question)."""
        return self.editor is None or not self.editor.isVisible() or self.editor.close()


def _refill(combo: QComboBox, items: list[tuple[str, object]]) -> None:
    current = combo.currentData()
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))


def _select(combo: QComboBox, data) -> None:
    combo.setCurrentIndex(max(combo.findData(data), 0))


def _exporter(name: str):
    """core.study.export_xlsx / export_docx, imported at the first export: openpyxl and python-docx take
    about half a second to import, which the window must not pay at launch (issue 6 budget)."""
    return importlib.import_module(f"core.study.{name}")
