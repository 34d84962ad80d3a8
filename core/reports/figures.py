"""「插入学法情况」「插入整改情况」: a paragraph of the year's figures from the ledgers, as ordinary text.

Figures come from the study and rectification features' own functions (no SQL on their tables here);
when a feature is not installed the paragraph says so instead of failing.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

from core.db import Store
from core.features import present

_TOP_LAWS = 6


def _feature(module: str):
    """The module, or None when its feature is not installed (an error inside an installed one is raised)."""
    return next(present((module,)), None)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _percent(part: float, whole: float) -> str:
    return _num(round(100 * part / whole, 1)) + "%" if whole else "0%"


def study_paragraph(store: Store, year: int) -> str:
    """Sessions, 人次, 学时, by form, the laws studied most, exams passed, hours per person — for `year`."""
    sessions = _feature("core.study.sessions")
    people = _feature("core.study.people")
    if sessions is None or people is None:
        return f"（学法台账功能未安装，无法生成{year}年学法情况。）"
    flt = sessions.StudyFilter(year=year)
    totals = sessions.totals(store, flt)
    if not totals.sessions:
        return f"{year}年学法台账中暂无学法记录，请先在“学法记录”中登记后再插入。"
    rows = sessions.list_sessions(store, flt)
    forms = Counter(r["form"] for r in rows if r["form"])
    by_form = "、".join(f"{form}{count}次" for form, count in forms.most_common())
    laws = _feature("core.study.laws")
    law_counts: Counter[str] = Counter()
    for r in rows:
        law_counts.update(laws.split_names(r["laws_text"]) if laws else [])
    text = (f"{year}年，我局共组织学法活动{totals.sessions}次，参学{totals.person_times}人次，"
            f"累计{sessions.format_hours(totals.hours)}学时")
    text += f"，其中{by_form}。" if by_form else "。"
    if law_counts:
        text += "重点学习了" + "".join(f"《{name}》" for name, _ in law_counts.most_common(_TOP_LAWS)) + "等法律法规。"
    text += _exam_sentence(people.exam_results(store, year))
    text += _hours_sentence(people.statistics(store, year))
    return text


def _exam_sentence(results: list[dict]) -> str:
    if not results:
        return ""
    exams = len({r["session_id"] for r in results})
    scored = [r for r in results if r["score"] is not None]
    passed = sum(1 for r in scored if r["pass_mark"] is None or r["score"] >= r["pass_mark"])
    return (f"组织学法考试{exams}次，参考{len(results)}人次，合格{passed}人次，"
            f"合格率{_percent(passed, len(results))}。")


def _hours_sentence(people: list) -> str:
    active = [p for p in people if p.active]
    if not active:
        return ""
    average = sum(p.hours for p in active) / len(active)
    reached = sum(1 for p in active if p.reached)
    minimum = _num(active[0].minimum)
    return (f"全局在职干部职工{len(active)}人，人均学法{_num(round(average, 1))}学时，"
            f"{reached}人达到年度{minimum}学时要求。")


def rectification_paragraph(store: Store, year: int, today: date | None = None) -> str:
    """Items of `year`: total, completed, closed (销号), overdue and the completion rate."""
    items = _feature("core.rectification.items")
    rules = _feature("core.rectification.rules")
    if items is None or rules is None:
        return f"（整改台账功能未安装，无法生成{year}年整改情况。）"
    counts = items.counts(store, items.ItemFilter(year=year), today=today or store.clock.today())
    total = int(counts["total"])
    if not total:
        return f"{year}年整改台账中暂无整改事项。"
    closed = int(counts[rules.CLOSED])
    done = int(counts[rules.COMPLETED]) + closed
    open_ = total - done
    rate = rules.completion_rate(total, done)
    text = (f"{year}年，我局共梳理整改事项{total}项，已完成整改{done}项（其中已销号{closed}项），"
            f"整改完成率{_num(round(rate * 100, 1))}%")
    if open_:
        overdue = int(counts["逾期"])
        text += f"；正在整改{open_}项" + (f"，其中逾期{overdue}项，正督促责任科室加快推进。" if overdue else "，均在整改时限内。")
    else:
        text += "，全部按期完成。"
    return text
