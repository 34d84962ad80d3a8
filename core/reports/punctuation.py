"""ASCII punctuation inside Chinese text (「,」「:」「;」「()」 after a Chinese character) and its full-width form.

GB/T 15834 sets Chinese text in full-width marks; text pasted from web pages and spreadsheets is full of
half-width ones (the shared samples have over a hundred). One rule decides both what 核稿 reports and
what 「全部改为全角」 changes, so the check and the fix never disagree. Marks between figures or Latin
text stay (3:30, 1,000, www.gov.cn).
"""
from __future__ import annotations

import re

from core.reports.model import Report, walk

_CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_CJK_MARKS = "，。、；：？！“”‘’《》（）【】…—"
_WIDE = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）"}
_LATIN = re.compile(r"[A-Za-z0-9%]")


def _chinese(ch: str) -> bool:
    return bool(ch) and (bool(_CJK.match(ch)) or ch in _CJK_MARKS)


def _sentence_mark(text: str, i: int) -> bool:
    """「,」「:」「;」「?」「!」 after Chinese, or between a figure or Latin word and Chinese (「100%,区级」)."""
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if _chinese(before):
        return True
    return bool(_LATIN.match(before or " ")) and bool(_CJK.match(after or " "))


def _full_stop(text: str, i: int) -> bool:
    """「.」 ending a Chinese sentence (not 1.5, not www.gov.cn)."""
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return bool(_CJK.match(before or " ")) and (not after or after.isspace() or _chinese(after))


def _brackets(text: str) -> set[int]:
    """Positions of ASCII brackets that belong to Chinese text: the pair holds or touches Chinese."""
    found: set[int] = set()
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            start = opened.pop()
            outside = (text[start - 1] if start else "") + (text[i + 1] if i + 1 < len(text) else "")
            if _CJK.search(text[start + 1:i]) or any(_chinese(c) for c in outside):
                found.update((start, i))
        elif ch == ")" and i and _chinese(text[i - 1]):
            found.add(i)
    found.update(i for i in opened if (i and _chinese(text[i - 1])) or _chinese(text[i + 1:i + 2]))
    return found


def ascii_marks(text: str) -> list[int]:
    """Positions of half-width marks that should be full-width, in order."""
    if not text or not _CJK.search(text):
        return []
    positions = _brackets(text)
    for i, ch in enumerate(text):
        if (ch in ",:;?!" and _sentence_mark(text, i)) or (ch == "." and _full_stop(text, i)):
            positions.add(i)
    return sorted(positions)


def to_fullwidth(text: str) -> tuple[str, int]:
    """(the text with those marks made full-width, how many were changed)."""
    positions = ascii_marks(text)
    if not positions:
        return text, 0
    chars = list(text)
    for i in positions:
        chars[i] = _WIDE[chars[i]]
    return "".join(chars), len(positions)


def fix_report(report: Report) -> int:
    """Make every such mark in the report full-width (title to contact line); returns how many changed."""
    changed = 0

    def fixed(text: str) -> str:
        nonlocal changed
        new, count = to_fullwidth(text)
        changed += count
        return new

    for name in ("title", "recipient", "signature", "contact"):
        setattr(report, name, fixed(getattr(report, name)))
    report.opening = [fixed(p) for p in report.opening]
    for section in walk(report):
        section.heading = fixed(section.heading)
        section.body = [fixed(p) for p in section.body]
    return changed
