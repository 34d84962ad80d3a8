"""核稿 of what a report must carry around its sections: title, 主送, 落款 and a 成文日期 that fits the year.

A report is dated after its year's work is done and before it must be published: from 1 November of
the report year (some units file in December) to 31 March of the next (publication is due by 1 April,
《法治政府建设与责任落实督察工作规定》 Art. 24). The 主送 is required only when the unit profile names one.
"""
from __future__ import annotations

from datetime import date

from core.reports.model import Report, format_cn_date

WINDOW_OPENS = (11, 1)  # month, day of the report year
WINDOW_CLOSES = (3, 31)  # month, day of the next year


def window(year: int) -> tuple[date, date]:
    """The days a 成文日期 of a `year` report may fall on."""
    return date(year, *WINDOW_OPENS), date(year + 1, *WINDOW_CLOSES)


def frame_findings(report: Report, expected_recipient: str = "") -> list[tuple[str, str, str, str]]:
    """(code, message, place, text) for each missing or misplaced part of the frame, in reading order."""
    found = []
    if not report.title.strip():
        found.append(("missing_title", "缺少标题。请在“报告信息”中填写，如“某局2025年度法治政府建设情况报告”。",
                      "标题", ""))
    if expected_recipient and not report.recipient.strip():
        found.append(("missing_recipient", f"缺少主送机关。单位信息中的主送为“{expected_recipient}”，"
                      "请在“报告信息”中填写。", "主送", expected_recipient))
    if not report.signature.strip():
        found.append(("missing_signature", "缺少落款（发文单位名称）。请在“报告信息”中填写。", "落款", ""))
    if report.issued_on is None:
        found.append(("missing_date", "缺少成文日期。请在“报告信息”中填写落款日期。", "落款", ""))
    elif report.year:
        found += _date_outside(report)
    return found


def _date_outside(report: Report) -> list[tuple[str, str, str, str]]:
    opens, closes = window(report.year)
    on = report.issued_on
    assert on is not None
    if opens <= on <= closes:
        return []
    when = "早于" if on < opens else "晚于"
    return [("date_out_of_window",
             f"成文日期{format_cn_date(on)}{when}{report.year}年度报告的成文时段（{format_cn_date(opens)}至"
             f"{format_cn_date(closes)}），请核对日期或报告年度。", "落款", format_cn_date(on))]
