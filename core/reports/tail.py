"""The end of a report: 落款 (organ), 成文日期 and contact line, and the page below them.

The body ends at its last heading or sentence. What follows is read in order: the organ and date (on two
lines or one, Arabic or Chinese numerals, in parentheses or not), the contact line anywhere among them,
and after the date everything is the page's (link lists, footers). A date with furniture above it is the
page's own date, not a 成文日期; an organ directly followed by another organ is a link list, not a 落款.
Lines between the body and the 落款 that are not furniture (「无」 under the last part) stay in the body.
"""
from __future__ import annotations

import re

from core.reports import dates, furniture, numbering
from core.reports.lines import DroppedLine, Line, is_organ_name, is_sentence, is_signature
from core.reports.model import Report

_CONTACT = re.compile(r"联系人|^[（(].*联系(?:电话|方式)")
_PARAGRAPH_END = re.compile(r"[。！？]$")
_MAX_ORGANS = 2  # a joint 落款 (「中共某县委」「某县人民政府」) has two organs above one date


def take_tail(lines: list[Line], report: Report, dropped: list[DroppedLine]) -> list[Line]:
    """Fill 落款, date and contact from the end of `lines`; returns the lines that stay in the body."""
    end = _body_end(lines)
    zone = lines[end:]
    contact = next((i for i, line in enumerate(zone) if _is_contact(line)), None)
    if contact is not None:
        report.contact = zone[contact].text
    start, stop = _take_signature(zone, contact, report)
    body = lines[:end]
    for i, line in enumerate(zone):
        if i == contact or start <= i < stop:
            continue
        if line.kept or (i < start and not _is_furniture(zone, i)):
            body.append(line)
        else:
            reason = furniture.shape(line) or ("链接列表" if furniture.in_link_list(zone, i) else "落款之后的网页内容")
            dropped.append(DroppedLine(line.number, line.text, reason))
    return body


def _is_contact(line: Line) -> bool:
    return not line.kept and len(line.key) <= 100 and bool(_CONTACT.search(line.key))


def _body_end(lines: list[Line]) -> int:
    """Index after the last line that is the report's own text (a heading or a sentence).

    Nothing of the body follows a 落款, so numbered 附件 lines or a wordy footer below one do not count.
    """
    anchor = _signature_anchor(lines)
    end = _last_text(lines)
    return min(end, anchor) if anchor is not None else end


def _signature_anchor(lines: list[Line]) -> int | None:
    """Index of the last organ-above-date (or organ-and-date) pair that nothing of the body follows."""
    for i in range(len(lines) - 1, 0, -1):
        line = lines[i]
        if line.kept or not _is_dateline(line):
            continue
        if dates.organ_and_date(line.key) and not dates.line_date(line.key):
            anchor = i
        elif i - 1 >= 1 and not lines[i - 1].kept and is_signature(lines[i - 1].key) \
                and furniture.shape(lines[i - 1]) is None:
            anchor = i - 1
        else:
            continue
        return anchor if not any(_body_below(line) for line in lines[i + 1:]) else None
    return None


def _body_below(line: Line) -> bool:
    """A part or chapter heading, or a paragraph: a pair with this below it is quoted in the body."""
    found = numbering.heading_of(line.text, line.style_level)
    if found and found.level <= 2:
        return True
    return bool(_PARAGRAPH_END.search(line.key)) and len(line.key) > 30 and furniture.shape(line) is None


def _last_text(lines: list[Line]) -> int:
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if line.kept or numbering.heading_of(line.text, line.style_level):
            return i + 1
        if is_sentence(line.key) and not _is_contact(line) and furniture.shape(line) is None:
            return i + 1
    return 0


def _is_furniture(zone: list[Line], i: int) -> bool:
    return furniture.shape(zone[i]) is not None or furniture.in_link_list(zone, i)


def _take_signature(zone: list[Line], contact: int | None, report: Report) -> tuple[int, int]:
    """Set 落款 and date from the zone after the body; (start, stop) of the lines they took."""
    at = next((i for i, line in enumerate(zone) if i != contact and not line.kept and _is_dateline(line)), None)
    if at is not None:
        top = at
        while top > 0 and at - top < _MAX_ORGANS and _organ_above(zone, top - 1, contact):
            top -= 1
        if not any(_is_furniture(zone, i) for i in range(top) if i != contact):
            _set_dated(zone, report, top, at)
            return top, at + 1
    return _undated_signature(zone, contact, report)


def _is_dateline(line: Line) -> bool:
    both = dates.organ_and_date(line.key)
    return bool(dates.line_date(line.key) or (both and is_signature(both[0])))


def _organ_above(zone: list[Line], i: int, contact: int | None) -> bool:
    line = zone[i]
    return i != contact and not line.kept and is_signature(line.key) and furniture.shape(line) is None


def _set_dated(zone: list[Line], report: Report, top: int, at: int) -> None:
    """Organs zone[top:at] (a joint 落款 has two) above the date line zone[at]."""
    line = zone[at]
    on = dates.line_date(line.key)
    organs = [zone[i].text for i in range(top, at)]
    if not on:
        both = dates.organ_and_date(line.key)
        assert both is not None
        organs.append(line.text[: len(both[0])].strip())
        on = both[1]
    report.signature, report.issued_on = "　".join(organs), on


def _undated_signature(zone: list[Line], contact: int | None, report: Report) -> tuple[int, int]:
    """An organ right after the body, not followed by another organ (that would be a list of links)."""
    for i, line in enumerate(zone):
        if i == contact or line.kept:
            continue
        if is_organ_name(line.key):
            following = zone[i + 1] if i + 1 < len(zone) else None
            if following is not None and is_organ_name(following.key):
                break
            report.signature = line.text
            return i, i + 1
        if _is_furniture(zone, i):
            break
    return len(zone), len(zone)
