"""The 汇总表 in Excel: one row per unit with its report, 学法 and 整改 figures, a totals row, print-ready.

Written through `core.ledger_xlsx` (merged title row, header repeated on every page, A4 landscape, typed
cells: figures are numbers, the submission date a date cell, unit names formula-safe text). Rows of units
that reported late or have overdue items are filled in the 逾期 colour, units that sent nothing in grey.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from core import docmeta, ledger_xlsx, unit
from core.db import Store
from core.district import view
from core.errors import RuleViolation
from core.ledger_xlsx import DATE_FORMAT, Column, as_date
from core.rectification.rules import OVERDUE_COLOR

COLUMNS = (
    Column("序号", 5, "center"), Column("单位", 26), Column("年度报告", 10, "center"),
    Column("报送日期", 11, "center", DATE_FORMAT), Column("是否按时", 8, "center"),
    Column("学法次数", 8, "center", "0"), Column("参学人次", 8, "center", "0"), Column("学时", 8, "center", "0.0"),
    Column("在职人数", 8, "center", "0"), Column("学时未达标", 8, "center", "0"), Column("整改事项", 8, "center", "0"),
    Column("已销号", 8, "center", "0"), Column("逾期", 8, "center", "0"),
)
NOT_RECEIVED_COLOR = "EDEDED"


class _Row(tuple):
    color: str | None


def on_time_text(u: view.UnitFigures) -> str:
    return {True: "按时", False: "逾期"}.get(u.on_time, "未到期")


def _row(seq: int, u: view.UnitFigures) -> _Row:
    if not u.received:
        row = _Row((seq, u.unit, "未收到报送包", None, on_time_text(u), *([None] * 8)))
        row.color = NOT_RECEIVED_COLOR
        return row
    row = _Row((seq, u.unit, u.report_status if u.submitted_on else f"未报送（{u.report_detail}）",
                as_date(u.submitted_on or ""), on_time_text(u), u.sessions, u.person_times, u.hours, u.staff,
                u.below_minimum, u.items, u.closed, u.overdue))
    row.color = OVERDUE_COLOR if u.late or u.overdue else None
    return row


def title_of(store: Store, year: int) -> str:
    return f"{unit.load(store).full_name}{year}年度所属单位法治政府建设情况汇总表"


def write_summary(store: Store, year: int, path: Path | str, today: date | None = None) -> int:
    """Write the 汇总表; returns how many units' packages it shows."""
    shown = view.district(store, year, today)
    if not shown.received:
        raise RuleViolation(f"{year}年度还没有导入任何单位的报送包，无可导出。请先在“汇总”中导入报送包。")
    title = title_of(store, year)
    t = shown.totals()
    submitted = [u for u in shown.received if u.submitted_on]
    totals = ("合计", f"{len(shown.received)} 个单位", f"已报送 {len(submitted)}", None,
              f"按时 {sum(1 for u in submitted if u.on_time)}", *(t[k] for k in view.NUMERIC))
    wb = ledger_xlsx.new_workbook(docmeta.for_store(store, title))
    ledger_xlsx.write_sheet(wb, "汇总表", title, COLUMNS, (_row(i, u) for i, u in enumerate(shown.units, 1)),
                            totals=totals, row_fill=lambda r: r.color)
    ledger_xlsx.save(wb, path)
    return len(shown.received)
