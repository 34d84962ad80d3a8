"""学法记录 page: the filtered session list with its totals line, and per-person hours for a year.

A configuration of `ui.widgets.list_page.ListPage`: filters, sort and totals run in SQL and rows are read by
offset page as they are painted; edits open `SessionEditor`; exports and import run in `ui.ops.run_op`.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.db import EVERYTHING, Store
from core.errors import LawDeskError
from core.staff import roster
from core.study import importer, laws, people, sessions
from core.study.people import PersonYear
from core.study.sessions import SessionLine, StudyFilter, Totals, format_hours
from ui.changes import Changes
from ui.ops import show_error
from ui.study.editor import SessionEditor
from ui.widgets.import_preview import start_import
from ui.widgets.list_page import Act, Choice, Empty, ListPage, Search
from ui.widgets.row_model import STRETCH, Column, Lazy, RowTableModel, row_view

CENTER, RIGHT = Qt.AlignCenter, Qt.AlignRight | Qt.AlignVCenter
BELOW_MINIMUM = QBrush(QColor("#FDE2E1"))
BACKGROUND = int(Qt.BackgroundRole.value)  # an int: comparing PySide6 enums costs microseconds per cell
TABLES = {"study_session", "study_law", "staff", "settings"}  # settings: the unit's yearly hours minimum
PEOPLE_TAB = 1  # 人员学时
NAMED_BELOW = 10  # the summary names this many people below the minimum, then says how many more


def _when(s: SessionLine) -> str:
    return f"{s.held_on} {s.start_time}" if s.start_time else s.held_on


SESSION_COLUMNS = (
    Column("日期", _when, CENTER, "held_on", 130),
    Column("学习形式", lambda s: s.form or "", None, "form", 150),
    Column("学习主题", lambda s: s.topic or "", None, "topic", STRETCH),
    Column("学习内容（法律法规）", lambda s: s.laws_text or "", None, "laws_text", 230),
    Column("主讲人", lambda s: s.lecturer_name or "", None, "lecturer_name", 140),
    Column("参学人次", lambda s: str(s.person_times), RIGHT, "person_times", 70),
    Column("请假", lambda s: str(s.on_leave_count or ""), RIGHT, "on_leave_count", 50),
    Column("学时", lambda s: format_hours(s.hours), RIGHT, "hours", 50),
    Column("记录人", lambda s: s.recorder or "", None, "recorder", 70),
)
PEOPLE_COLUMNS = (
    Column("姓名", lambda p: p.name, None, lambda p: p.name),
    Column("科室", lambda p: p.department, None, lambda p: p.department),
    Column("职务", lambda p: p.position, None, lambda p: p.position),
    Column("参学次数", lambda p: str(p.sessions), RIGHT, lambda p: p.sessions),
    Column("请假次数", lambda p: str(p.on_leave), RIGHT, lambda p: p.on_leave),
    Column("学时", lambda p: format_hours(p.hours), RIGHT, lambda p: p.hours),
    Column("考试成绩", PersonYear.exam_text, None, lambda p: _mean_score(p)),
    Column("是否达标", PersonYear.status_text, CENTER, lambda p: (p.reached, p.hours)),
)


def _mean_score(person: PersonYear) -> float:
    scores = [e.score for e in person.exams if e.score is not None]
    return sum(scores) / len(scores) if scores else -1


class PeopleTableModel(RowTableModel):
    """One year's per-person statistics (up to a few thousand rows, held and sorted in memory)."""

    columns = PEOPLE_COLUMNS
    value_roles = (Qt.DisplayRole,)
    user_key = key = "staff_id"

    def __init__(self, people: list[PersonYear] | None = None, parent: Any = None) -> None:
        super().__init__(parent, people or ())

    def role_data(self, row: PersonYear, column: int, role: int) -> Any:
        return BELOW_MINIMUM if role == BACKGROUND and not row.reached else None

    set_people = RowTableModel.set_rows
    people = RowTableModel.rows


class StudyPage(ListPage):
    noun = "学法记录"
    offers_demo = True
    tables = TABLES
    columns = SESSION_COLUMNS
    order_by, descending = "held_on", True
    selection = QAbstractItemView.ExtendedSelection
    filters = (
        Choice("year", "年份", lambda store: _years(store), "全部年份", lambda y: f"{y}年"),
        Choice("month", "月份", range(1, 13), "全部月份", lambda m: f"{m}月"),
        Choice("form", "形式", lambda store: sessions.forms(store), "全部形式"),
        Choice("law_id", "法规", lambda store: [(r["short_name"], r["id"]) for r in laws.catalogue(store)],
               "全部法规"),
        Search("搜索主题、法规、主讲人、地点…", delay_ms=250),
    )

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        self.totals = Totals(0, 0, 0.0)
        self.totals_label = QLabel(objectName="totals")
        super().__init__(store, window)
        self.law_combo.setMinimumContentsLength(10)
        self.law_combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.tabs.currentChanged.connect(lambda i: i == PEOPLE_TAB and self.show_people())

    # -- the list -------------------------------------------------------------------------------------
    def make_filter(self, v: dict) -> StudyFilter:
        return StudyFilter(year=v["year"], month=v["month"], form=v["form"], law_id=v["law_id"], text=v["text"])

    def query(self, flt: StudyFilter, order_by: str, descending: bool) -> Lazy:
        self.totals = sessions.totals(self.store, flt)
        return Lazy(self.totals.sessions,
                    lambda start, n: sessions.lines(self.store, flt, order_by, descending, n, start))

    def after_reload(self) -> None:
        self.totals_label.setText(self.totals.line())

    def build(self, layout: QVBoxLayout) -> None:
        self.people_model = PeopleTableModel(parent=self)
        self.leaders_model = PeopleTableModel(parent=self)
        self.people_shown: int | None = None  # the year whose figures the tables hold; None: to be read again
        Changes.for_store(self.store).changed.connect(self._heard)
        sessions_tab = QWidget()
        self.place_list(QVBoxLayout(sessions_tab))
        self.tabs = QTabWidget()
        self.tabs.addTab(sessions_tab, "学法记录")
        self.tabs.addTab(self._build_people_tab(), "人员学时")
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)

    def below_list(self) -> list[QWidget]:
        return [self.totals_label]

    def refresh(self) -> None:
        super().refresh()
        if hasattr(self, "people_year"):
            _refill(self.people_year, [(f"{y}年", y) for y in _years(self.store)])
            if self.tabs.currentIndex() == PEOPLE_TAB:
                self.show_people()

    def extra_actions(self) -> list[Act]:
        return [Act("导入台账…", lambda: self.import_ledger(), icon="import"),
                Act("导出学法台账 (Excel)…", lambda: self.export_xlsx(), icon="excel"),
                Act("导出学法记录表 (Word)…", lambda: self.export_docx(), icon="word"),
                Act("打印签到表…", lambda: self.export_sign_in(), icon="print")]

    def empty_hint(self) -> Empty:
        if not roster.people(self.store):
            return Empty("还没有学法记录", "登记学法活动要选参学人员：请先在“人员”中添加人员或导入花名册。",
                         [Act("先在“人员”中添加人员", self._go_to_staff, icon="people")])
        return Empty("还没有学法记录", "登记一次学法活动，或导入已有的 Excel 学法台账。",
                     [Act("新增学法记录", self.new_record, icon="add"),
                      Act("导入学法台账…", lambda: self.import_ledger(), icon="import")])

    def _go_to_staff(self) -> None:
        window = self.window_
        if window is not None and hasattr(window, "show_page") and "staff" in getattr(window, "pages", {}):
            window.show_page("staff")

    def show_filtered(self, people: bool = False, **values: Any) -> None:
        """Navigation from 首页 or search; with people=True the per-person hours of `year` (未达最低学时)."""
        self.tabs.setCurrentIndex(0)
        super().show_filtered(**values)
        if people:
            _select(self.people_year, values.get("year") or self.store.clock.today().year)
            self.tabs.setCurrentIndex(PEOPLE_TAB)
            self.show_people()

    def filters_showing(self, record_id: int) -> dict:
        held_on = sessions.get(self.store, record_id).held_on
        return {"year": int(held_on[:4]), "month": int(held_on[5:7])}

    def open_record(self, record_id: int, **_criteria: Any) -> SessionEditor | None:
        """Show the session in the list (switching to its month if the filter hides it) and edit it."""
        self.tabs.setCurrentIndex(0)
        try:
            return super().open_record(record_id)
        except LawDeskError as exc:
            show_error(self, exc)
            return None

    def select_session(self, session_id: int, fetch_pages: int = 5) -> bool:
        return self.select_id(session_id, fetch_pages)

    # -- editing --------------------------------------------------------------------------------------
    def new_session(self) -> SessionEditor | None:
        return self.new_record()

    def edit_selected(self) -> SessionEditor | None:
        ids = self.selected_ids()
        return self.open_editor(ids[0]) if ids else None

    def open_editor(self, session_id: int | None) -> SessionEditor | None:
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
            self.status("已保存。当前筛选条件下不显示这条记录。")

    def describe(self, s: SessionLine) -> str:
        return f"{s.held_on}“{s.topic}”"

    def delete_records(self, records: list[SessionLine]) -> None:
        for s in records:
            sessions.delete(self.store, s.id)

    # -- per-person hours -----------------------------------------------------------------------------
    def _build_people_tab(self) -> QWidget:
        self.people_year = QComboBox()
        _refill(self.people_year, [(f"{y}年", y) for y in _years(self.store)])
        self.people_year.currentIndexChanged.connect(
            lambda _: self.tabs.currentIndex() == PEOPLE_TAB and self.show_people())
        self.people_summary = QLabel(wordWrap=True)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度"))
        top.addWidget(self.people_year)
        top.addWidget(self.people_summary, 1)
        self.leaders_view = self._people_view(self.leaders_model)
        self.people_view = self._people_view(self.people_model)
        tab = QWidget()
        lay = QVBoxLayout(tab)
        lay.addLayout(top)
        for label, view, stretch in (("<b>领导干部</b>", self.leaders_view, 1), ("<b>其他人员</b>", self.people_view, 2)):
            lay.addWidget(QLabel(label))
            lay.addWidget(view, stretch)
        lay.addWidget(QLabel("红色底纹：全年学时未达到单位要求。"))
        return tab

    @staticmethod
    def _people_view(model: PeopleTableModel):
        view = row_view(model)
        view.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)  # roster order until a click
        view.setSortingEnabled(True)
        view.horizontalHeader().setSectionResizeMode(6, view.horizontalHeader().ResizeMode.Stretch)  # 考试成绩
        return view

    @Slot(object)
    def _heard(self, tables: frozenset[str]) -> None:
        """A commit touched what the figures count: read them again now if they are on screen, else when shown
        (the same rule as `ui.changes.follow`: a page built alone is always on screen)."""
        if EVERYTHING not in tables and TABLES.isdisjoint(tables):
            return
        self.people_shown = None
        if self.tabs.currentIndex() == PEOPLE_TAB and (self.isVisible() or self.isWindow()):
            self.show_people()

    def show_people(self) -> None:
        """The chosen year's figures, read only when a change or another year made the shown ones stale:
        switching tabs or pages with nothing changed shows the tables as they are."""
        if (self.people_year.currentData() or self.store.clock.today().year) != self.people_shown:
            self.refresh_people()

    def refresh_people(self) -> None:
        year = self.people_year.currentData() or self.store.clock.today().year
        everyone = people.statistics(self.store, year)
        leaders, others = people.split(everyone)
        self.people_shown = year
        for model, view, rows in ((self.leaders_model, self.leaders_view, leaders),
                                  (self.people_model, self.people_view, others)):
            model.set_people(rows)
            if (column := view.horizontalHeader().sortIndicatorSection()) >= 0:  # keep the clerk's sort
                model.sort(column, view.horizontalHeader().sortIndicatorOrder())
            model.fit_widths(view)  # a sample of the rows, not every cell as ResizeToContents would
        below = [p.name for p in everyone if not p.reached]
        minimum = format_hours(everyone[0].minimum) if everyone else ""
        names = "、".join(below[:NAMED_BELOW]) + ("等（见下表红色底纹行）" if len(below) > NAMED_BELOW else "")
        self.people_summary.setText(f"{year}年 共 {len(everyone)} 人；单位要求每人每年不少于 {minimum} 学时，"
                                    f"未达标 {len(below)} 人" + (f"：{names}" if below else "。"))

    # -- import and export ----------------------------------------------------------------------------
    def export_year(self) -> int:
        return self.year_combo.currentData() or self.store.clock.today().year

    def export_xlsx(self, path: str | Path | None = None, year: int | None = None):
        year = year or self.export_year()
        return self.export(f"{year}年度学法台账.xlsx", "Excel 工作簿 (*.xlsx)",
                           lambda s, p, out: _exporter("export_xlsx").write_ledger(s, year, out, progress=p), path)

    def export_docx(self, path: str | Path | None = None, year: int | None = None):
        year = year or self.export_year()
        return self.export(f"{year}年度学法记录表.docx", "Word 文档 (*.docx)",
                           lambda s, p, out: _exporter("export_docx").write_records(s, year, out, progress=p), path)

    def export_sign_in(self, path: str | Path | None = None, session_id: int | None = None):
        session_id = session_id or self.selected_id()
        if session_id is None:
            QMessageBox.information(self, "打印签到表", "请先在列表中选中一次学法活动（可以是还未举行的计划）。")
            return None
        return self.export("学法签到表.docx", "Word 文档 (*.docx)",
                           lambda s, _p, out: _exporter("export_docx").write_sign_in(s, session_id, out), path)

    def import_ledger(self, path: str | Path | None = None, on_dialog=None) -> None:
        start_import(self, self.store, title="导入学法台账", read=importer.preview,
                     columns=importer.PREVIEW_COLUMNS, commit=importer.commit, path=path, noun="次学法记录",
                     on_dialog=on_dialog)


def _years(store: Store) -> list[int]:
    return sorted({*sessions.years(store), store.clock.today().year}, reverse=True)


def _refill(combo: QComboBox, items: list[tuple[str, object]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


def _select(combo: QComboBox, data) -> None:
    combo.setCurrentIndex(max(combo.findData(data), 0))


def _exporter(name: str):
    """core.study.export_xlsx / export_docx, imported at the first export: openpyxl and python-docx take
    about half a second to import, which the window must not pay at launch (issue 6 budget)."""
    return importlib.import_module(f"core.study.{name}")
