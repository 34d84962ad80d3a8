"""Word draft of the district's 汇总 section (GB/T 9704 via `core.officedoc`): the paragraph with the
aggregated figures, then a table of the units, for the clerk to take into the district's own 年度报告."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from core import docmeta, officedoc, unit
from core.db import Store
from core.district import view
from core.district.export_xlsx import on_time_text
from core.district.paragraph import district_paragraph
from core.errors import RuleViolation
from core.study.sessions import format_hours

TABLE_HEAD = ("单位", "年度报告", "学法次数", "学时", "未达标", "整改事项", "已销号", "逾期")
WIDTHS_MM = (44, 28, 14, 14, 14, 14, 14, 14)


def _report_cell(u: view.UnitFigures) -> str:
    if not u.received:
        return "未收到"
    if u.submitted_on:
        return f"{u.submitted_on}\n{on_time_text(u)}"
    return f"未报送\n（{u.report_detail}）"


def _cells(u: view.UnitFigures) -> tuple[str, ...]:
    if not u.received:
        return (u.unit, _report_cell(u), *("—",) * 6)
    return (u.unit, _report_cell(u), str(u.sessions), format_hours(u.hours), str(u.below_minimum),
            str(u.items), str(u.closed), str(u.overdue))


def write_draft(store: Store, year: int, path: Path | str, today: date | None = None) -> int:
    """Write the draft; returns how many units' packages it covers."""
    shown = view.district(store, year, today)
    if not shown.received:
        raise RuleViolation(f"{year}年度还没有导入任何单位的报送包，无可导出。请先在“汇总”中导入报送包。")
    profile = unit.load(store)
    title = [f"{year}年度所属单位法治政府建设情况", "（汇总草稿）"]
    doc = officedoc.new_document()
    officedoc.add_title(doc, title)
    officedoc.add_heading(doc, "一、", "总体情况", 1)
    officedoc.add_paragraph(doc, district_paragraph(store, year, today))
    officedoc.add_heading(doc, "二、", "各单位情况", 1)
    table = officedoc.bordered_table(doc, len(shown.units) + 1, len(TABLE_HEAD), WIDTHS_MM)
    for col, text in enumerate(TABLE_HEAD):
        officedoc.set_cell(table.rows[0].cells[col], text, bold=True, align="center", size=12)
    for r, u in enumerate(shown.units, start=1):
        for col, text in enumerate(_cells(u)):
            officedoc.set_cell(table.rows[r].cells[col], text, align="left" if col == 0 else "center", size=12)
    officedoc.add_signature(doc, profile.full_name, today or store.clock.today())
    officedoc.save(doc, path, docmeta.for_store(store, "".join(title)))
    return len(shown.received)
