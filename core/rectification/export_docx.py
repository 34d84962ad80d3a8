"""Word 整改情况报告 in the official format (GB/T 9704, via `core.officedoc`).

A summary paragraph with the figures (total, completed, closed, in progress, overdue, completion rate),
then one numbered section per item: the problem, the measures, progress to date and the status.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from core import docmeta, officedoc, unit
from core.db import Store
from core.rectification import items, rules
from core.reports.model import chinese_number


def _cn(value: str | None) -> str:
    parsed = rules.to_date(value)
    return officedoc.cn_date(parsed) if parsed else ""


def summary_text(figures: dict, year: int | None) -> str:
    scope = f"{year}年" if year else "目前"
    if not figures["total"]:
        return f"{scope}共登记整改事项 0 项。"
    return (f"{scope}共登记整改事项{figures['total']}项，其中已销号{figures[rules.CLOSED]}项，"
            f"已完成待销号{figures[rules.COMPLETED]}项，整改中{figures[rules.IN_PROGRESS]}项，"
            f"未启动{figures[rules.NOT_STARTED]}项；逾期未完成{figures['overdue']}项；"
            f"整改完成率{figures['completion_rate']:.1%}（已完成和已销号事项占全部事项的比例）。")


def _measures(measures: list[str]) -> str:
    if not measures:
        return "整改措施：尚未填写。"
    if len(measures) == 1:
        return f"整改措施：{measures[0].rstrip('。；;')}。"
    return "整改措施：" + "；".join(f"{i}.{m.rstrip('。；;')}" for i, m in enumerate(measures, 1)) + "。"


def _progress(progress: list[dict]) -> str:
    if not progress:
        return "整改进展：暂无进展记录。"
    return "整改进展：" + "；".join(f"{_cn(p['on_date'])}，{p['text'].rstrip('。；;')}" for p in progress) + "。"


def status_text(row: dict) -> str:
    parts = [f"整改状态：{row['status']}"]
    if row["status"] in rules.DONE_STATUSES and row["completed_on"]:
        parts.append(f"，{_cn(row['completed_on'])}完成")
    if row["status"] == rules.CLOSED:
        when = _cn(row["closed_on"])
        parts.append(f"，{when}经{row['closed_by']}审批销号" if row["closed_by"] else f"，{when}销号")
    if row["overdue"]:
        parts.append("，已逾期")
    parts.append("。")
    owners = [f"{label}：{value}" for label, value in (
        ("责任领导", row["leader"]), ("责任科室", row["department"]), ("责任人", row["owner"]),
        ("整改时限", rules.STANDING_TEXT if row["standing"] else (_cn(row["deadline"]) or "未定"))) if value]
    return "".join(parts) + ("；".join(owners) + "。" if owners else "")


def report_title(store: Store, year: int | None) -> list[str]:
    name = unit.load(store).full_name
    return [name, f"关于{year}年整改工作情况的报告" if year else "关于整改工作情况的报告"]


def export_docx(store: Store, path: Path | str, *, year: int | None = None, today: date | None = None) -> int:
    """Write the 整改情况报告; returns the number of items in it."""
    today = today or store.clock.today()
    rows = items.export_rows(store, year, today=today)
    profile = unit.load(store)
    title = [line for line in report_title(store, year) if line]
    doc = officedoc.new_document()
    officedoc.add_title(doc, title)
    if profile.recipient:
        officedoc.add_recipient(doc, profile.recipient)
    officedoc.add_heading(doc, "一、", "总体情况", 1)
    officedoc.add_paragraph(doc, summary_text(items.summary(rows), year))
    if rows:
        officedoc.add_heading(doc, "二、", "具体事项整改情况", 1)
    for i, row in enumerate(rows, start=1):
        officedoc.add_heading(doc, f"（{chinese_number(i)}）", f"{row['number']}（{row['source']}）", 2)
        officedoc.add_paragraph(doc, f"存在问题：{row['problem'].rstrip('。')}。")
        officedoc.add_paragraph(doc, _measures(row["measures"]))
        officedoc.add_paragraph(doc, _progress(row["progress"]))
        officedoc.add_paragraph(doc, status_text(row))
    officedoc.add_signature(doc, profile.full_name, today)
    officedoc.save(doc, path, docmeta.for_store(store, "".join(title)))
    return len(rows)
