"""「生成整改事项」: the problems of the 存在的不足 part, one rectification item each, linked back to the report."""
from __future__ import annotations

import re

from core.db import Store
from core.errors import RuleViolation
from core.features import present
from core.reports import template
from core.reports.model import Report, Section, section_of_kind

SOURCE = "年度报告自查"
_ORDINAL = re.compile(r"(?:^|(?<=[。；;，,：:\s]))[一二三四五六七八九十]+是")
_NUMBERED = re.compile(r"(?:^|(?<=[。；;：:\s]))(?:\d{1,2}[.．、]|[（(]\d{1,2}[)）])")
_TRIM = "。；;，,：: \u3000"
_CAUSES = re.compile(r"(究其原因|分析原因|原因主要|产生问题的原因)")  # the causes that follow the last problem


def _clean(text: str) -> str:
    return text.strip(_TRIM)


def _split(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Pieces after each marker (the lead-in before the first marker is context, not a problem)."""
    marks = list(pattern.finditer(text))
    pieces = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        piece = text[m.end():end]
        causes = _CAUSES.search(piece)
        piece = _clean(piece[: causes.start()] if causes else piece)
        if piece:
            pieces.append(piece + "。" if not piece.endswith(("。", "！", "？")) else piece)
    return pieces


def _is_content(text: str) -> bool:
    stripped = _clean(text)
    return bool(stripped) and template.HINT_OPEN not in text and stripped not in ("无", "暂无")


def _from_children(section: Section) -> list[str]:
    problems = []
    for child in section.children:
        text = _clean(child.heading)
        body = "".join(p for p in child.body if _is_content(p))
        problems.append((text + "：" + body) if body else text)
    return [p for p in problems if p]


def propose_items(report: Report) -> list[str]:
    """Problems split from the 存在的不足 section: its child sections, 一是/二是…, 1./2., or its paragraphs."""
    section = section_of_kind(report, "shortcomings")
    if section is None:
        return []
    if section.children:
        return _from_children(section)
    paragraphs = [p for p in section.body if _is_content(p)]
    text = "".join(paragraphs)
    for pattern in (_ORDINAL, _NUMBERED):
        if len(pattern.findall(text)) >= 2:
            return _split(text, pattern)
    return [_clean(p) + "。" if not p.rstrip().endswith("。") else p.strip() for p in paragraphs]


def create_items(store: Store, report: Report, problems: list[str], year: int | None = None,
                 shared: dict | None = None) -> list[int]:
    """Create one 整改事项 per ticked problem (source 年度报告自查), each linked to the report and its section.

    The items belong to `year` (default: the report's year, so 首页 of that year counts them: the clerk
    drafts the 2026 report in early 2027 and works on its shortcomings as part of 2026's list unless
    told otherwise); `shared` is what all of them get: 责任科室 (`department`), 整改时限 (`deadline`)…"""
    if report.id is None:
        raise RuleViolation("请先保存报告，再生成整改事项。")
    items = next(present(("core.rectification.items",)), None)
    if items is None:
        raise RuleViolation("整改台账功能未安装，无法生成整改事项。")
    section = section_of_kind(report, "shortcomings")
    section_id = section.id if section is not None else None
    return items.create_from_report(store, report.id, section_id, problems, year or report.year, source=SOURCE,
                                    shared=shared, report_year=report.year)
