"""整改事项 page: the list with filters (status, source, department, owner, year, 逾期, 临期), counters by
status plus 逾期 and 临期 that follow the data, the item editor, recycle-bin delete, import and export.

A configuration of `ui.widgets.list_page.ListPage`: the ids come in list order from SQL, rows are read by
id as they are painted, each painted in its status colour (as in the Excel ledger); 逾期 items get the
overdue colour and red text in the deadline column, 临期 items an amber deadline.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from core.db import Store
from core.rectification import importer, items, rules
from core.rectification.items import ItemFilter, ItemLine
from ui.rectification.editor import ItemEditor
from ui.widgets.import_preview import ImportPreviewDialog, start_import
from ui.widgets.list_page import Act, Check, Choice, Empty, ListPage, Search
from ui.widgets.row_model import STRETCH, Column, Lazy

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
BACKGROUND, FOREGROUND, TOOLTIP = (int(r.value) for r in (Qt.BackgroundRole, Qt.ForegroundRole, Qt.ToolTipRole))


def _brush(rgb: str) -> QBrush:
    return QBrush(QColor(f"#{rgb}"))


STATUS_BRUSHES = {status: _brush(color) for status, color in rules.STATUS_COLORS.items()}
OVERDUE_BRUSH, DUE_SOON_BRUSH = _brush(rules.OVERDUE_COLOR), _brush(rules.DUE_SOON_COLOR)
OVERDUE_TEXT, DUE_SOON_TEXT = _brush(rules.OVERDUE_TEXT_COLOR), _brush(rules.DUE_SOON_TEXT_COLOR)


def deadline_cell(item: ItemLine) -> str:
    text = rules.deadline_text(item.deadline, item.standing) or "未定"
    return f"{text}（逾期）" if item.overdue else f"{text}（临期）" if item.due_soon else text


def _row_colour(item: ItemLine, role: int) -> Any:
    if role == BACKGROUND:
        return OVERDUE_BRUSH if item.overdue else STATUS_BRUSHES.get(item.status)
    return None


def _status_colour(item: ItemLine, role: int) -> Any:
    return OVERDUE_TEXT if role == FOREGROUND and item.overdue else _row_colour(item, role)


def _deadline_colour(item: ItemLine, role: int) -> Any:
    if item.due_soon and not item.overdue and role in (BACKGROUND, FOREGROUND):
        return DUE_SOON_BRUSH if role == BACKGROUND else DUE_SOON_TEXT
    return _status_colour(item, role)


def _problem_colour(item: ItemLine, role: int) -> Any:
    return item.problem if role == TOOLTIP else _row_colour(item, role)


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


COLUMNS = (
    Column("编号", lambda r: r.number, Qt.AlignCenter, "number", 110, _row_colour),
    Column("状态", lambda r: r.status, Qt.AlignCenter, "status", 70, _status_colour),
    Column("问题来源", lambda r: r.source, None, "source", 100, _row_colour),
    Column("问题描述", lambda r: _one_line(r.problem), None, "problem", 380, _problem_colour),
    Column("责任科室", lambda r: r.department, None, "department", 100, _row_colour),
    Column("责任人", lambda r: r.owner, None, "owner", 70, _row_colour),
    Column("整改时限", deadline_cell, Qt.AlignCenter, "deadline", 150, _deadline_colour),
    Column("最新进展", lambda r: _one_line(r.last_progress), None, "last_progress", STRETCH, _row_colour),
)
DEADLINE_COLUMN = next(n for n, c in enumerate(COLUMNS) if c.sort == "deadline")


class RectificationPage(ListPage):
    noun = "整改事项"
    offers_demo = True
    tables = {"rectification", "rectification_evidence", "staff", "settings"}  # staff: owners; settings: 临期 days
    columns = COLUMNS
    order_by = "deadline"
    filters = (
        Choice("status", "状态：", rules.STATUSES, ALL, width=90),
        Choice("source", "来源：", lambda store: items.distinct_values(store, "source"), ALL, width=110),
        Choice("department", "科室：", lambda store: items.distinct_values(store, "department"), ALL, width=110),
        Choice("owner", "责任人：", lambda store: [(o["name"], o["id"]) for o in items.owners(store)], ALL, width=90),
        Choice("year", "年度：", lambda store: items.distinct_values(store, "year"), ALL, lambda y: f"{y}年", 80),
        Check("overdue", "只看逾期"),
        Check("due_soon", "只看临期"),
        Search("搜索问题、措施或编号"),
    )

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        self.last_export: Path | None = None
        self._scope: tuple | None = None  # the filter the counters were computed for
        self._counts: dict = {}
        super().__init__(store, window)

    def current_today(self) -> date:
        return self.store.clock.today()

    # -- the list -------------------------------------------------------------------------------------
    def make_filter(self, v: dict) -> ItemFilter:
        return ItemFilter(status=v["status"], source=v["source"], department=v["department"],
                          owner_staff_id=v["owner"], year=v["year"], overdue_only=v["overdue"],
                          due_soon_only=v["due_soon"], text=v["text"])

    def query(self, flt: ItemFilter, order_by: str, descending: bool) -> Lazy:
        today, days = self.current_today(), items.due_soon_days(self.store)
        ids = items.list_ids(self.store, flt, today=today, days=days, sort=order_by, descending=descending)
        return Lazy.of_ids(ids, lambda wanted: items.lines_by_id(self.store, wanted, today=today, days=days))

    def refresh(self) -> None:
        self._counts = {}
        super().refresh()

    def after_reload(self) -> None:
        # The counters cover the scope (year, source…), not the status/逾期/临期 choice: ticking 只看逾期
        # needs no new counts.
        flt, today, days = self.filter, self.current_today(), items.due_soon_days(self.store)
        scope = (flt.source, flt.department, flt.owner_staff_id, flt.year, flt.text, today, days)
        if scope != self._scope or not self._counts:
            self._counts, self._scope = items.counts(self.store, flt, today=today, days=days), scope
        for key, label in COUNTERS:
            self.counter_buttons[key].setText(f"{label} {self._counts[key]}")
        self.shown_label.setText(f"显示 {self.model.rowCount()} 项")

    def above_list(self) -> list:
        self.counter_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, label in COUNTERS:
            button = QPushButton(label, flat=True, cursor=Qt.PointingHandCursor, toolTip=f"点击只看“{label}”的事项")
            button.setStyleSheet(_counter_style(key))
            button.clicked.connect(lambda _=False, k=key: self._counter_clicked(k))
            self.counter_buttons[key] = button
            row.addWidget(button)
        row.addStretch()
        self.shown_label = QLabel()
        row.addWidget(self.shown_label)
        return [row]

    def counter_values(self) -> dict[str, int]:
        """What the counters show, as numbers (for tests and 首页)."""
        return {key: int(self.counter_buttons[key].text().split()[-1]) for key, _ in COUNTERS}

    def _counter_clicked(self, key: str) -> None:
        year = self.year_combo.currentData()
        flags = {"total": {}, "逾期": {"overdue": True}, "临期": {"due_soon": True}}
        self.show_filtered(year=year, **flags.get(key, {"status": key}))

    def show_filtered(self, **values: Any) -> None:
        """Set every filter at once (首页 opens the list filtered to 逾期 this way)."""
        self.refresh()
        super().show_filtered(**values)

    def extra_actions(self) -> list[Act]:
        return [Act("导入台账…", lambda: self.import_ledger(), tip="导入已有的 Excel 整改台账", icon="import"),
                Act("导出整改台账（Excel）…", lambda: self.export_to(None, "xlsx"), icon="excel"),
                Act("导出整改情况报告（Word）…", lambda: self.export_to(None, "docx"), icon="word")]

    def empty_hint(self) -> Empty:
        return Empty("还没有整改事项", "新增一项整改事项，导入已有的 Excel 整改台账，或在年度报告中“生成整改事项”。",
                     [Act("新增整改事项", self.new_record, icon="add"),
                      Act("导入整改台账…", lambda: self.import_ledger(), icon="import")])

    # -- editing --------------------------------------------------------------------------------------
    def add_item(self) -> ItemEditor:
        return self.new_record()

    def open_editor(self, item_id: int | None) -> ItemEditor:
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
        self.changes.flush()
        if editor.saved_id is not None:
            if self.model.row_of(editor.saved_id) < 0:
                self.show_filtered()  # a new item outside the filters would seem lost
            self.select_id(editor.saved_id)

    def describe(self, item: ItemLine) -> str:
        return f" {item.number}“{item.problem[:40]}”"

    def delete_note(self) -> str:
        return "它的进展记录和佐证材料一并移入，可在“设置 → 回收站”中恢复。"

    def delete_records(self, records: list[ItemLine]) -> None:
        for item in records:
            items.delete(self.store, item.id)

    # -- import / export ------------------------------------------------------------------------------
    def import_ledger(self, path: str | Path | None = None) -> None:
        start_import(self, self.store, title="导入整改台账",
                     read=lambda store, p: importer.preview_import(store, p, today=self.current_today()),
                     columns=IMPORT_COLUMNS,
                     commit=lambda store, preview: importer.commit_import(store, preview, today=self.current_today()),
                     on_done=lambda _ids: self.show_filtered(), path=path, noun="项",
                     on_dialog=self._remember_import_dialog)

    def _remember_import_dialog(self, dialog: ImportPreviewDialog) -> None:
        self.import_dialog = dialog

    def export_to(self, path: str | Path | None, fmt: str):
        """Export off the UI thread (the worker opens its own store); returns the worker thread."""
        from core.rectification.export_docx import export_docx
        from core.rectification.export_xlsx import export_xlsx

        year, today = self.year_combo.currentData(), self.current_today()
        name = f"整改{'台账' if fmt == 'xlsx' else '情况报告'}{f'-{year}' if year else ''}.{fmt}"
        kind = "Excel 工作簿 (*.xlsx)" if fmt == "xlsx" else "Word 文档 (*.docx)"

        def write(own: Store, progress, out: Path) -> int:
            progress(0, 0, "正在导出…")
            if fmt == "xlsx":
                return export_xlsx(own, out, year=year, today=today, progress=progress)
            return export_docx(own, out, year=year, today=today)

        return self.export(name, kind, write, path, lambda out, count: f"已导出 {count} 项事项：{out}")


def _counter_style(key: str) -> str:
    if key == "逾期":
        return COUNTER_STYLE.format(bg=rules.OVERDUE_COLOR, fg=f"color: #{rules.OVERDUE_TEXT_COLOR};")
    if key == "临期":
        return COUNTER_STYLE.format(bg=rules.DUE_SOON_COLOR, fg=f"color: #{rules.DUE_SOON_TEXT_COLOR};")
    return COUNTER_STYLE.format(bg=rules.STATUS_COLORS.get(key, "FFFFFF"), fg="")
