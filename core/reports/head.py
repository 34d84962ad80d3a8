"""The head of a report: everything before its first heading — title, 落款 under the title, 主送, opening.

The title is the line that names a rule-of-law report (「…法治政府建设…报告」), or failing that a Word
title (Title style, centred or bold) or a title-shaped line ending in 报告/总结, within the head; when a page
prints it twice the last copy counts and the others are dropped. Everything above the title is the page's,
not the report's. Under the title a report may carry its organ and date (「陇南市人民政府」「（2015年1月10日）」).
The 主送 (「区委、区政府：」) is looked for among the lines before the first sentence. Lines before the first
sentence that are none of these are page furniture; lines the clerk took back are text: they open the report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.reports import dates, furniture
from core.reports.lines import (
    DroppedLine,
    Line,
    ends_like_subject,
    has_subject,
    is_organ_name,
    is_recipient,
    is_sentence,
    is_signature,
    is_title_like,
    names_report,
)
from core.reports.model import Report

_DOC_NUMBER_PREFIX = re.compile(r"^[\[【(（][^\]】)）]{1,12}[〔\[]\d{4}[〕\]]\s*\d{1,4}\s*号[\]】)）]\s*")
_FALLBACK_END = ("报告", "总结", "汇报")


@dataclass
class _Head:
    report: Report
    dropped: list[DroppedLine]
    opening: list[str]

    def drop(self, line: Line, reason: str) -> None:
        self.dropped.append(DroppedLine(line.number, line.text, reason))


def take_head(lines: list[Line], report: Report, dropped: list[DroppedLine]) -> None:
    """Fill title, 主送, 落款 (when printed under the title) and opening from the head's lines."""
    head = _Head(report, dropped, [])
    lines = _drop_split_breadcrumbs(head, lines)
    span = find_title(lines)
    rest = _take_title(head, lines, *span) if span else lines
    body_at = next((i for i, line in enumerate(rest) if _is_prose(line)), len(rest))
    _take_preamble(head, rest[:body_at], titled=span is not None)
    report.opening = head.opening + [line.text for line in rest[body_at:]]


def _is_prose(line: Line) -> bool:
    return is_sentence(line.key) and furniture.shape(line) is None


def _opens_body(line: Line) -> bool:
    """The first sentence or the 主送: where the report's own text begins."""
    return _is_prose(line) or is_recipient(line.key)


def _drop_split_breadcrumbs(head: _Head, lines: list[Line]) -> list[Line]:
    """「首页 > 政务公开 >」「法治政府建设年度报告」: a breadcrumb ending in a separator goes on below."""
    kept: list[Line] = []
    for i, line in enumerate(lines):
        if i and not line.kept and furniture.ends_breadcrumb(lines[i - 1].key):
            head.drop(line, "网页导航")
        else:
            kept.append(line)
    return kept


# -- title -------------------------------------------------------------------------------------------
def find_title(lines: list[Line]) -> tuple[int, int] | None:
    """(start, end) of the title's lines in the head, or None."""
    styled = [i for i, line in enumerate(lines) if line.style_level == 0]
    if styled:
        end = styled[0]
        while end < len(lines) and lines[end].style_level == 0:
            end += 1
        return styled[0], end
    found = None
    for i in range(len(lines)):
        span = _title_at(lines, i, len(lines))
        if span:
            found = span  # a page printing the title twice: the last copy is the report's
    if found:
        return found
    limit = next((i for i, line in enumerate(lines) if _opens_body(line)), len(lines))
    return _fallback_title(lines, limit)


def _title_at(lines: list[Line], i: int, limit: int) -> tuple[int, int] | None:
    key = lines[i].key
    if lines[i].kept or not is_title_like(key) or furniture.shape(lines[i]) == "网站信息":
        return None
    if names_report(key):
        if not has_subject(key) and i > 0 and _completes(lines[i - 1]):
            return i - 1, i + 1
        return i, i + 1
    if i + 1 < limit and is_title_like(lines[i + 1].key) and not names_report(lines[i + 1].key) \
            and names_report(key + lines[i + 1].key) and not lines[i + 1].key.startswith(key):
        return i, i + 2  # 「某局关于2023年度法治政府建设」「情况的报告」
    return None


def _completes(line: Line) -> bool:
    """The line above a subjectless title names the subject: 「韶关市…管理局2020年」 over 「法治政府建设年度报告」."""
    key = line.key
    return (not line.kept and is_title_like(key) and len(key) <= 40 and not names_report(key) and ends_like_subject(key)
            and furniture.shape(line) is None)


def _fallback_title(lines: list[Line], limit: int) -> tuple[int, int] | None:
    for i in range(limit - 1, -1, -1):
        line = lines[i]
        if is_title_like(line.key) and furniture.shape(line) is None and not line.kept and (
                line.emphasis or line.key.endswith(_FALLBACK_END)):
            return i, i + 1
    return None


def _take_title(head: _Head, lines: list[Line], start: int, end: int) -> list[Line]:
    """Set the title; drop the page above it and its copies; returns the lines after it."""
    parts = []
    for line in lines[start:end]:
        m = None if line.kept else _DOC_NUMBER_PREFIX.match(line.text)
        if m:  # 「[天政发〔2026〕7号]天水市人民政府关于…的报告」: the number is the page's index, not the title
            head.drop(Line(m.group(0).strip(), m.group(0).strip(), line.number), "文号")
        parts.append(line.text[m.end():] if m else line.text)
    head.report.title = "".join(parts)
    copies = {head.report.title, *parts, *(line.text for line in lines[start:end])}
    for line in lines[:start]:
        if line.kept:
            head.opening.append(line.text)
        else:
            head.drop(line, "标题重复" if _copy_of(line, copies) else furniture.shape(line) or "标题之前的网页内容")
    rest = []
    for line in lines[end:]:
        if not line.kept and _copy_of(line, copies):
            head.drop(line, "标题重复")
        else:
            rest.append(line)
    return rest


def _copy_of(line: Line, copies: set[str]) -> bool:
    text = _DOC_NUMBER_PREFIX.sub("", line.text)
    return text in copies


# -- between the title and the opening ------------------------------------------------------------
def _take_preamble(head: _Head, lines: list[Line], titled: bool) -> None:
    """落款 under the title, 主送, and the page's lines before the first sentence."""
    report = head.report
    taken = _take_dateline(head, lines) if titled else set()
    for i, line in enumerate(lines):
        if i in taken:
            continue
        if is_recipient(line.key) and not report.recipient:
            report.recipient = line.text.rstrip("：:").strip()
        elif line.kept:
            head.opening.append(line.text)  # taken back by the clerk: it is the report's text
        else:
            head.drop(line, furniture.shape(line) or ("标题与正文之间的网页内容" if titled else "正文之前的网页内容"))


def _take_dateline(head: _Head, lines: list[Line]) -> set[int]:
    """Organ and date printed under the title (「陇南市人民政府」「（2015年1月10日）」); the indexes taken.

    Web furniture between them and the title is skipped; a second date right after is a page's
    metadata (成文日期 and 发布日期 with their labels lost), not a 落款.
    """
    report = head.report
    j = next((k for k, line in enumerate(lines[:4]) if furniture.shape(line) in (None, "日期时间")), None)
    if j is not None and lines[j].kept:
        return set()  # a line the clerk took back is text, not a 落款
    if j is None or report.signature or report.issued_on:
        return set()

    def dated(k: int) -> bool:
        return k < len(lines) and furniture.shape(lines[k]) == "日期时间"

    line = lines[j]
    on = dates.line_date(line.key)
    if on and not dated(j + 1):
        report.issued_on = on
        return {j}
    both = dates.organ_and_date(line.key)
    if both and is_signature(both[0]) and not dated(j + 1):
        report.signature, report.issued_on = _organ_text(line.text, both[0]), both[1]
        return {j}
    if (is_organ_name(line.key) and j + 1 < len(lines) and not lines[j + 1].kept
            and dates.line_date(lines[j + 1].key) and not dated(j + 2)):
        report.signature, report.issued_on = line.text, dates.line_date(lines[j + 1].key)
        return {j, j + 1}
    return set()


def _organ_text(text: str, organ_key: str) -> str:
    """The organ as written (Traditional kept when asked) from a line holding organ and date."""
    return text[: len(organ_key)].strip()
