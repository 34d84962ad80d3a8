"""「插入汇总情况」: a paragraph of the district's own report quoting the year's aggregated figures.

Written from `core.district.view` (the same figures as the 汇总 page and `show district`), as ordinary text the
clerk then edits, like 插入学法情况 (core.reports.figures).
"""
from __future__ import annotations

from datetime import date

from core.db import Store
from core.district import view
from core.study.sessions import format_hours


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole, 1):g}%" if whole else "0%"


def district_paragraph(store: Store, year: int, today: date | None = None) -> str:
    shown = view.district(store, year, today)
    got = shown.received
    if not got:
        return f"{year}年度尚未导入下级单位的报送包，请先在“汇总”中导入后再插入。"
    t = shown.totals()
    submitted = [u for u in got if u.submitted_on]
    on_time = sum(1 for u in submitted if u.on_time)
    text = f"{year}年度，共收到{len(got)}个单位报送的法治政府建设情况。"
    text += _report_sentence(year, len(got), len(submitted), on_time)
    text += (f"各单位共组织学法活动{t['sessions']}次，参学{t['person_times']}人次，累计{format_hours(t['hours'])}学时；"
             f"在职干部职工{t['staff']}人，")
    text += (f"其中{t['below_minimum']}人未达到年度学法学时要求。" if t["below_minimum"]
             else "均达到年度学法学时要求。")
    text += (f"各单位共梳理整改事项{t['items']}项，已销号{t['closed']}项，销号率{_percent(t['closed'], t['items'])}"
             if t["items"] else "各单位未报送整改事项")
    text += f"，逾期未完成{t['overdue']}项，将督促相关单位加快整改。" if t["overdue"] else "。"
    return text


def _report_sentence(year: int, units: int, submitted: int, on_time: int) -> str:
    due = view.deadline(year)
    text = f"{submitted}个单位已报送年度报告"
    if submitted:
        text += f"，其中{on_time}个单位在{due.month}月{due.day}日前按时报送"
        if submitted - on_time:
            text += f"，{submitted - on_time}个单位逾期报送"
    if units - submitted:
        text += f"，{units - submitted}个单位尚未报送"
    return text + "。"
