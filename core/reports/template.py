"""The statutory five-part template of a new report, with hints the check flags when left in."""
from __future__ import annotations

from core.reports.model import Report, Section
from core.unit import UnitProfile

HINT_OPEN = "【请填写："  # every hint starts with this, so the check can find what was left in
HINT_CLOSE = "】"

OPENING_HINT = HINT_OPEN + "一段总述：本年度在谁的领导下、依据哪些要求开展法治政府建设，结尾写“现将有关情况报告如下：”" + HINT_CLOSE

PART_HINTS = {
    "achievements": "分条写本年度推进法治政府建设的主要举措和成效，用具体数字说明（可用“插入学法情况”“插入整改情况”）",
    "shortcomings": "实事求是写存在的不足和原因，按“一是……二是……”逐条列出（可据此生成整改事项）",
    "leader_duties": "写党政主要负责人履行推进法治建设第一责任人职责的情况：专题研究、带头学法、述法等",
    "next_year_plan": "写下一年度推进法治政府建设的主要安排，年份应为下一年",
    "other": "如无其他需要报告的情况，写“无。”",
}


def hint(kind: str) -> str:
    return HINT_OPEN + PART_HINTS[kind] + HINT_CLOSE


def part_headings(year: int) -> dict[str, str]:
    return {
        "achievements": f"{year}年度推进法治政府建设的主要举措和成效",
        "shortcomings": f"{year}年度推进法治政府建设存在的不足和原因",
        "leader_duties": f"{year}年度党政主要负责人履行推进法治建设第一责任人职责、加强法治政府建设的有关情况",
        "next_year_plan": f"{year + 1}年度推进法治政府建设的主要安排",
        "other": "其他需要报告的情况",
    }


def contact_line(profile: UnitProfile) -> str:
    if not (profile.contact_person or profile.contact_phone):
        return ""
    return f"（联系人：{profile.contact_person}，联系电话：{profile.contact_phone}）"


def new_report(profile: UnitProfile, year: int) -> Report:
    """A report for `year` from the template: title, 主送 and 落款 from the unit profile, five parts with hints."""
    unit_name = profile.full_name or "（单位全称）"
    sections = [Section(heading=heading, level=1, body=[hint(kind)], kind=kind)
                for kind, heading in part_headings(year).items()]
    return Report(
        id=None, year=year, title=f"{unit_name}{year}年度法治政府建设情况报告", unit=unit_name,
        recipient=profile.recipient, opening=[OPENING_HINT], sections=sections, signature=unit_name,
        issued_on=None, contact=contact_line(profile),
    )
