"""Excel 整改台账: the print-ready ledger of items (status by fill colour) and a sheet of counts.

Written through `core.ledger_xlsx` (write-only, shared styles) so 20,000 items export about as fast
as plain openpyxl write-only mode, streamed from SQLite (the 统计 counted on the way) so the memory it
takes does not grow with the items. 整改时限 and 销号日期 are date cells (长期坚持 stays text), 完成率 a
number shown as a percentage, so clerks can filter, sort and average them.

The ledger carries every field of an item the clerk keeps, so the app imports its own ledger back losslessly
(tests/core/test_ledger_round_trip.py): the printed 完成情况 packs status, date and what was done into words for
the paper; the fields themselves, and those the page has no room for (来源文件, 来源日期, 整改目标, 审批人,
无佐证材料原因), are in columns to the right of it, outside the print area.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from core import docmeta, ledger_xlsx, unit
from core.db import Store
from core.ledger_xlsx import DATE_FORMAT, PERCENT_FORMAT, Column, as_date
from core.rectification import items, rules
from core.rectification.rules import STATUSES

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


@dataclass(frozen=True)
class ItemField:
    """A column of the 整改台账 and its cell from an export row (`items.iter_export_rows`, plus its 序号 "seq")."""

    column: Column
    value: Callable[[dict], Any]


# One entry per column, in print order: a new column is one more entry. Twelve printed columns on A4 landscape at
# ≥ 90 % (ledger_xlsx.print_scale): the long texts wrap in narrower columns rather than the sheet printing small.
LEDGER = (
    ItemField(Column("序号", 5, "center"), itemgetter("seq")),
    ItemField(Column("编号", 11, "center"), itemgetter("number")),
    ItemField(Column("问题来源", 8, "center"), itemgetter("source")),
    ItemField(Column("问题描述", 20), itemgetter("problem")),
    ItemField(Column("整改措施", 20), lambda r: _measures_text(r["measures"])),
    ItemField(Column("责任领导", 6, "center"), itemgetter("leader")),
    ItemField(Column("责任科室", 8, "center"), itemgetter("department")),
    ItemField(Column("责任人", 6, "center"), itemgetter("owner")),
    ItemField(Column("整改时限", 11, "center", DATE_FORMAT),
              lambda r: as_date(rules.deadline_text(r["deadline"], r["standing"]))),
    ItemField(Column("整改进展", 20), lambda r: _progress_text(r["progress"])),
    ItemField(Column("完成情况", 12), completion_text),
    ItemField(Column("销号日期", 11, "center", DATE_FORMAT), lambda r: as_date(r["closed_on"] or "")),
    # not printed; the headers are the importer's names for them (importer.COLUMNS)
    ItemField(Column("来源文件", 36, printed=False), itemgetter("source_doc")),
    ItemField(Column("来源日期", 12, "center", DATE_FORMAT, printed=False), lambda r: as_date(r["source_date"] or "")),
    ItemField(Column("整改目标", 30, printed=False), itemgetter("goal")),
    ItemField(Column("完成日期", 12, "center", DATE_FORMAT, printed=False), lambda r: as_date(r["completed_on"] or "")),
    ItemField(Column("完成情况说明", 30, printed=False), itemgetter("completion")),
    ItemField(Column("销号审批人", 12, "center", printed=False), itemgetter("closed_by")),
    ItemField(Column("无佐证材料原因", 30, printed=False), itemgetter("no_evidence_reason")),
)
LEDGER_COLUMNS = tuple(f.column for f in LEDGER)


def ledger_row(seq: int, row: dict) -> _LedgerRow:
    numbered = {**row, "seq": seq}
    values = _LedgerRow(f.value(numbered) for f in LEDGER)
    values.color = rules.row_color(row["status"], bool(row["overdue"]))
    return values


class Tally:
    """The 统计 sheet's figures, counted as the ledger's rows stream past: by 问题来源, by 责任科室, and in all."""

    GROUPS = (("按问题来源", "source"), ("按责任科室", "department"))
    _AT = {status: i for i, status in enumerate(STATUSES, start=1)}  # a status's place in the figures

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], list[int]] = {}  # (key, name) → [total, *by status, overdue]
        self.all = [0] * (len(STATUSES) + 2)

    def add(self, row: dict) -> None:
        status, overdue = self._AT.get(row["status"]), len(STATUSES) + 1
        for figures in (self.all, *(self.counts.setdefault((key, row[key] or "（未填）"), [0] * len(self.all))
                                    for _label, key in self.GROUPS)):
            figures[0] += 1
            if status:
                figures[status] += 1
            if row["overdue"]:
                figures[overdue] += 1

    def rows(self) -> tuple[list[tuple], tuple]:
        """(rows by source then by department, most items first, totals row) for the 统计 sheet."""
        out = []
        for label, key in self.GROUPS:
            groups = {name: figures for (k, name), figures in self.counts.items() if k == key}
            for name in sorted(groups, key=lambda n: (-groups[n][0], n)):
                out.append((label, name, *_figures(groups[name])))
        return out, ("合计", "", *_figures(self.all))


def _figures(counts: list[int]) -> tuple:
    """total, each status, overdue and the completion rate (完成率: 已完成 and 已销号 over the total)."""
    done = sum(counts[Tally._AT[status]] for status in rules.DONE_STATUSES)
    return (*counts, rules.completion_rate(counts[0], done))


def ledger_title(store: Store, year: int | None) -> str:
    name = unit.load(store).full_name
    return f"{name}{f'{year}年' if year else ''}整改台账"


def export_xlsx(store: Store, path: Path | str, *, year: int | None = None, today: date | None = None,
                progress: Callable[..., None] | None = None) -> int:
    """Write the 整改台账 workbook; returns the number of items written."""
    total = items.counts(store, items.ItemFilter(year=year), today=today)["total"]  # for the progress bar
    title = ledger_title(store, year)
    wb = ledger_xlsx.new_workbook(docmeta.for_store(store, title))
    tally = Tally()

    def ledger():
        for i, row in enumerate(items.iter_export_rows(store, year, today=today), start=1):
            tally.add(row)
            yield ledger_row(i, row)

    count = ledger_xlsx.write_sheet(wb, "整改台账", title, [f.column for f in LEDGER], ledger(),
                                    row_fill=lambda r: r.color, progress=progress, total_rows=total)
    stats, totals = tally.rows()
    ledger_xlsx.write_sheet(wb, "统计", title.replace("台账", "情况统计"), STATS_COLUMNS, stats, totals=totals)
    ledger_xlsx.save(wb, path)
    return count
