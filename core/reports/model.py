"""The annual report as data: sections four levels deep whose numbers are computed from their position.

A section stores its heading without a number and its `level` (the form of its number: 一、 （一） 1. （1）).
Numbers are derived by `numbered`, so any insert, move or delete renumbers the whole report.
No I/O here: storage is `repository`, text import is `parse`.
"""
from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

KINDS = ("achievements", "shortcomings", "leader_duties", "next_year_plan", "other")
KIND_TITLES = {
    "achievements": "主要举措和成效",
    "shortcomings": "存在的不足和原因",
    "leader_duties": "第一责任人职责履行情况",
    "next_year_plan": "下一年度主要安排",
    "other": "其他需要报告的情况",
}
STATUSES = ("草稿", "已定稿", "已报送", "已公开")
MAX_LEVEL = 4

_CN_DIGITS = "零一二三四五六七八九"


def _new_uid() -> str:
    return uuid.uuid4().hex


@dataclass
class Section:
    heading: str  # without its number
    level: int  # 1..4 = the form of its number: 一、 （一） 1. （1）
    body: list[str] = field(default_factory=list)  # paragraphs
    kind: str | None = None  # only meaningful on top-level sections
    children: list[Section] = field(default_factory=list)
    id: int | None = None  # database id once saved; stays stable across saves
    uid: str = field(default_factory=_new_uid)


@dataclass
class Report:
    id: int | None = None
    year: int = 0
    title: str = ""
    unit: str = ""
    recipient: str = ""
    opening: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    signature: str = ""  # 落款 unit name
    issued_on: date | None = None  # 成文日期
    contact: str = ""  # contact line, "" if none
    status: str = "草稿"
    status_dates: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)  # page furniture left out at import
    # numbering jumps / repeats seen in imported text: [{"section_uid", "section", "text", "message"}]
    import_findings: list[dict] = field(default_factory=list)


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 35 -> 三十五 (enough for any real report)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(n)


def parse_chinese_number(text: str) -> int | None:
    """Inverse of `chinese_number` (一 → 1, 十二 → 12); None when it is not one."""
    if not text or any(ch not in _CN_DIGITS + "十" for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS.index(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    t = 1 if not tens else _CN_DIGITS.index(tens) if len(tens) == 1 else None
    o = 0 if not ones else _CN_DIGITS.index(ones) if len(ones) == 1 else None
    if t is None or o is None:
        return None
    return t * 10 + o


def number_for(level: int, index: int) -> str:
    """The number of the `index`-th (0-based) section of `level`: (1, 0) -> 一、, (2, 0) -> （一）, (3, 1) -> 2., (4, 0) -> （1）."""
    n = index + 1
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def _numbered_into(sections: list[Section], depth: int, out: list[tuple[Section, str, int]]) -> None:
    # counted per level among siblings, so a stray sibling of another form does not shift the others
    counters: dict[int, int] = {}
    for section in sections:
        index = counters.get(section.level, 0)
        counters[section.level] = index + 1
        out.append((section, number_for(section.level, index), depth))
        _numbered_into(section.children, depth + 1, out)


def numbered(report: Report) -> list[tuple[Section, str, int]]:
    """Every section in document order with its number and its depth in the tree (1 = top level)."""
    out: list[tuple[Section, str, int]] = []
    _numbered_into(report.sections, 1, out)
    return out


def number_of(report: Report, uid: str) -> str:
    for section, number, _depth in numbered(report):
        if section.uid == uid:
            return number
    return ""


def walk(report: Report) -> Iterator[Section]:
    """Every section in document order (depth first)."""
    stack = list(reversed(report.sections))
    while stack:
        section = stack.pop()
        yield section
        stack.extend(reversed(section.children))


def find(report: Report, uid: str) -> Section | None:
    for section in walk(report):
        if section.uid == uid:
            return section
    return None


def parent_of(report: Report, uid: str) -> Section | None:
    """The section holding `uid` as a child; None for a top-level section (or an unknown uid)."""
    for section in walk(report):
        if any(child.uid == uid for child in section.children):
            return section
    return None


def section_of_kind(report: Report, kind: str) -> Section | None:
    return next((s for s in report.sections if s.kind == kind), None)


# -- kinds -----------------------------------------------------------------------------------------
# Order matters: "履行第一责任人职责…有关情况" must not fall to achievements, "存在的问题和建议" is shortcomings.
_KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("leader_duties", ("第一责任人", "主要负责人", "负责人履行", "履行职责", "组织领导", "责任人职责")),
    ("shortcomings", ("不足", "存在问题", "存在的问题", "存在主要问题", "问题和原因", "短板", "差距")),
    ("next_year_plan", ("安排", "计划", "下一步", "下一年", "打算", "工作思路", "工作重点")),
    ("other", ("其他", "其它", "意见建议", "建议")),
    ("achievements", ("举措", "成效", "主要工作", "工作情况", "做法", "成绩", "亮点", "推进法治政府建设情况")),
)


def guess_kind(heading: str) -> str | None:
    """Which statutory part a top-level heading names, from its words (None when it names none)."""
    text = heading.replace(" ", "")
    for kind, words in _KIND_WORDS:
        if any(word in text for word in words):
            return kind
    if "问题" in text:
        return "shortcomings"
    return None


# -- JSON ------------------------------------------------------------------------------------------
def _section_json(section: Section, number: str, numbers: dict[str, str]) -> dict[str, Any]:
    return {
        "id": section.id,
        "level": section.level,
        "number": number,
        "heading": section.heading,
        "kind": section.kind,
        "body": list(section.body),
        "children": [_section_json(c, numbers[c.uid], numbers) for c in section.children],
    }


def to_json(report: Report) -> dict[str, Any]:
    """DESIGN.md's outline shape (numbers computed), plus the report's other fields."""
    numbers = {s.uid: number for s, number, _ in numbered(report)}
    return {
        "id": report.id,
        "title": report.title,
        "year": report.year,
        "unit": report.unit,
        "recipient": report.recipient,
        "opening": list(report.opening),
        "issued_on": report.issued_on.isoformat() if report.issued_on else None,
        "signature": report.signature,
        "contact": report.contact,
        "status": report.status,
        "status_dates": dict(report.status_dates),
        "sections": [_section_json(s, numbers[s.uid], numbers) for s in report.sections],
        "dropped": list(report.dropped),
    }


def section_to_dict(section: Section) -> dict[str, Any]:
    return {
        "id": section.id, "uid": section.uid, "level": section.level, "heading": section.heading,
        "kind": section.kind, "body": list(section.body),
        "children": [section_to_dict(c) for c in section.children],
    }


def section_from_dict(data: dict[str, Any]) -> Section:
    return Section(
        heading=data.get("heading", ""), level=int(data.get("level", 1)), body=list(data.get("body", [])),
        kind=data.get("kind"), children=[section_from_dict(c) for c in data.get("children", [])],
        id=data.get("id"), uid=data.get("uid") or _new_uid(),
    )


def to_dict(report: Report) -> dict[str, Any]:
    """Everything, uids included: the snapshot kept for versions and drafts."""
    return {
        "id": report.id, "year": report.year, "title": report.title, "unit": report.unit,
        "recipient": report.recipient, "opening": list(report.opening),
        "sections": [section_to_dict(s) for s in report.sections],
        "signature": report.signature,
        "issued_on": report.issued_on.isoformat() if report.issued_on else None,
        "contact": report.contact, "status": report.status, "status_dates": dict(report.status_dates),
        "dropped": list(report.dropped), "import_findings": list(report.import_findings),
    }


def from_dict(data: dict[str, Any]) -> Report:
    issued = data.get("issued_on")
    return Report(
        id=data.get("id"), year=int(data.get("year") or 0), title=data.get("title", ""),
        unit=data.get("unit", ""), recipient=data.get("recipient", ""), opening=list(data.get("opening", [])),
        sections=[section_from_dict(s) for s in data.get("sections", [])],
        signature=data.get("signature", ""), issued_on=date.fromisoformat(issued) if issued else None,
        contact=data.get("contact", ""), status=data.get("status", "草稿"),
        status_dates=dict(data.get("status_dates", {})), dropped=list(data.get("dropped", [])),
        import_findings=list(data.get("import_findings", [])),
    )


def plain_text(report: Report, public: bool = False) -> list[str]:
    """The report as lines of text in reading order (numbers included) — for search, PDF tests, diffs."""
    lines = [report.title, report.recipient] if report.recipient else [report.title]
    lines += report.opening
    for section, number, _ in numbered(report):
        lines.append(number + section.heading)
        lines += section.body
    lines += [report.signature, format_cn_date(report.issued_on)]
    if report.contact and not public:
        lines.append(report.contact)
    return [line for line in lines if line]


def format_cn_date(on: date | None) -> str:
    """2026年1月9日: Arabic numerals, full year, no leading zeros (GB/T 9704)."""
    return f"{on.year}年{on.month}月{on.day}日" if on else ""


_CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def parse_cn_date(text: str) -> date | None:
    m = _CN_DATE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
