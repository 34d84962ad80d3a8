"""Excel 整改台账: the print-ready ledger of items (status by fill colour) and a sheet of counts.

Written through `core.ledger_xlsx` (write-only, shared styles) so 20,000 items export about as fast
as plain openpyxl write-only mode. 整改时限 and 销号日期 are date cells (长期坚持 stays text), 完成率 a
number shown as a percentage, so clerks can filter, sort and average them.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

from core import docmeta, ledger_xlsx, unit
from core.db import Store
from core.ledger_xlsx import DATE_FORMAT, PERCENT_FORMAT, Column, as_date
from core.rectification import items, rules
from core.rectification.rules import STATUSES

# Twelve columns on A4 landscape at ≥ 90 % (ledger_xlsx.print_scale): the long texts wrap in narrower
# columns rather than the whole sheet printing small.
LEDGER_COLUMNS = (
    Column("序号", 5, "center"), Column("编号", 11, "center"), Column("问题来源", 8, "center"),
    Column("问题描述", 20), Column("整改措施", 20), Column("责任领导", 6, "center"),
    Column("责任科室", 8, "center"), Column("责任人", 6, "center"), Column("整改时限", 11, "center", DATE_FORMAT),
    Column("整改进展", 20), Column("完成情况", 12), Column("销号日期", 11, "center", DATE_FORMAT),
)
STATS_COLUMNS = (
    Column("类别", 12, "center"), Column("名称", 20), Column("事项数", 9, "center"),
    *(Column(s, 9, "center") for s in STATUSES), Column("逾期", 9, "center"),
    Column("完成率", 10, "center", PERCENT_FORMAT),
)


class _LedgerRow(tuple):
    """A ledger row's cell values carrying its fill colour."""

    color: str


def _measures_text(measures: list[str]) -> str:
    if len(measures) == 1:
        return measures[0]
    return "\n".join(f"{i}. {m}" for i, m in enumerate(measures, start=1))


def _progress_text(progress: list[dict]) -> str:
    return "\n".join(f"{p['on_date']} {p['text']}" for p in progress)


def completion_text(row: dict) -> str:
    """完成情况 as printed: the status in words (so it reads in black and white too), date and what was done."""
    if row["status"] in rules.DONE_STATUSES:
        when = f"（{row['completed_on']}）" if row["completed_on"] else ""
        text = f"已完成{when}"
        if row["completion"]:
            text += f"：{row['completion']}"
        if row["status"] == rules.CLOSED and row["no_evidence_reason"]:
            text += f"\n无佐证材料原因：{row['no_evidence_reason']}"
        return text
    return row["status"] + ("（逾期）" if row["overdue"] else "")


def ledger_row(seq: int, row: dict) -> _LedgerRow:
    values = _LedgerRow((
        seq, row["number"], row["source"], row["problem"], _measures_text(row["measures"]), row["leader"],
        row["department"], row["owner"], as_date(rules.deadline_text(row["deadline"], row["standing"])),
        _progress_text(row["progress"]), completion_text(row), as_date(row["closed_on"] or ""),
    ))
    values.color = rules.row_color(row["status"], bool(row["overdue"]))
    return values


def stats_rows(rows: list[dict]) -> tuple[list[tuple], tuple]:
    """(rows by source then by department, totals row) for the 统计 sheet."""
    out = []
    for label, key in (("按问题来源", "source"), ("按责任科室", "department")):
        groups = Counter(r[key] or "（未填）" for r in rows)
        for name in sorted(groups, key=lambda n: (-groups[n], n)):
            out.append((label, name, *_figures([r for r in rows if (r[key] or "（未填）") == name])))
    return out, ("合计", "", *_figures(rows))


def _figures(rows: list[dict]) -> tuple:
    total = len(rows)
    by_status = [sum(1 for r in rows if r["status"] == s) for s in STATUSES]
    rate = rules.completion_rate(total, by_status[2] + by_status[3])
    return (total, *by_status, sum(1 for r in rows if r["overdue"]), rate)


def ledger_title(store: Store, year: int | None) -> str:
    name = unit.load(store).full_name
    return f"{name}{f'{year}年' if year else ''}整改台账"


def export_xlsx(store: Store, path: Path | str, *, year: int | None = None, today: date | None = None,
                progress: Callable[..., None] | None = None) -> int:
    """Write the 整改台账 workbook; returns the number of items written."""
    rows = items.export_rows(store, year, today=today)
    title = ledger_title(store, year)
    wb = ledger_xlsx.new_workbook(docmeta.for_store(store, title))
    ledger = (ledger_row(i, r) for i, r in enumerate(rows, start=1))
    count = ledger_xlsx.write_sheet(wb, "整改台账", title, LEDGER_COLUMNS, ledger,
                                    row_fill=lambda r: r.color, progress=progress, total_rows=len(rows))
    stats, totals = stats_rows(rows)
    ledger_xlsx.write_sheet(wb, "统计", title.replace("台账", "情况统计"), STATS_COLUMNS, stats, totals=totals)
    ledger_xlsx.save(wb, path)
    return count
