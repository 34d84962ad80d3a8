"""Two versions of a report side by side, paragraph by paragraph (for the versions dialog).

Sections are matched by uid (kept across saves and versions), so a moved or renumbered section lines up with
itself; within a section the paragraphs are aligned with difflib.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from core.reports.model import Report, Section, format_cn_date, numbered

SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"


@dataclass
class Row:
    section: str  # where: 标题 / 主送 / 开头 / number + heading / 落款
    old: str | None
    new: str | None
    change: str  # same | changed | added | removed
    section_uid: str | None = None


def _pair(label: str, old: str | None, new: str | None, uid: str | None = None) -> Row:
    if old == new:
        return Row(label, old, new, SAME, uid)
    if old is None or old == "":
        return Row(label, None, new, ADDED, uid)
    if new is None or new == "":
        return Row(label, old, None, REMOVED, uid)
    return Row(label, old, new, CHANGED, uid)


def _paragraphs(label: str, old: list[str], new: list[str], uid: str | None) -> list[Row]:
    rows: list[Row] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [Row(label, t, t, SAME, uid) for t in old[a1:a2]]
            continue
        olds, news = old[a1:a2], new[b1:b2]
        for i in range(max(len(olds), len(news))):
            rows.append(_pair(label, olds[i] if i < len(olds) else None, news[i] if i < len(news) else None, uid))
    return rows


def compare(old: Report, new: Report) -> list[Row]:
    """Rows in the new version's reading order; sections only in the old version follow where they were."""
    rows = [_pair("标题", old.title, new.title), _pair("主送", old.recipient, new.recipient)]
    rows += _paragraphs("开头", old.opening, new.opening, None)
    old_sections = {s.uid: (s, number) for s, number, _ in numbered(old)}
    new_order = numbered(new)
    seen = set()
    for section, number, _ in new_order:
        seen.add(section.uid)
        before: tuple[Section, str] | None = old_sections.get(section.uid)
        label = number + section.heading
        old_heading = before[1] + before[0].heading if before else None
        rows.append(_pair(label, old_heading, label, section.uid))
        rows += _paragraphs(label, before[0].body if before else [], section.body, section.uid)
    for uid, (section, number) in old_sections.items():
        if uid not in seen:
            label = number + section.heading
            rows.append(Row(label, label, None, REMOVED, uid))
            rows += [Row(label, t, None, REMOVED, uid) for t in section.body]
    rows.append(_pair("落款", old.signature, new.signature))
    rows.append(_pair("成文日期", format_cn_date(old.issued_on), format_cn_date(new.issued_on)))
    rows.append(_pair("联系方式", old.contact, new.contact))
    return [r for r in rows if r.old or r.new]


def changed_only(rows: list[Row]) -> list[Row]:
    return [r for r in rows if r.change != SAME]
