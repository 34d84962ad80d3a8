"""Dates as reports write them: the 成文日期 under a 落款 (「2021年1月19日」, 「二〇二三年一月十六日」), sometimes in
parentheses under the title (「（2015年1月10日）」), sometimes on the organ's own line (「某局 2024年1月5日」).

Only whole-line dates count here: a date inside a sentence is text, and web dates (2024-03-28, 18.03.2015)
are page furniture, never a 成文日期.
"""
from __future__ import annotations

import re
from datetime import date

from core.reports.model import parse_chinese_number

_CN_ZERO = "〇○零Ｏ０0Oo"
_CN_DIGITS = "一二三四五六七八九"
_ARABIC = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_CHINESE = rf"([{_CN_ZERO}{_CN_DIGITS}]{{4}})\s*年\s*([元一二三四五六七八九十]{{1,3}})\s*月\s*([一二三四五六七八九十]{{1,3}})\s*日"
_WRAPPED = r"^[（(]?\s*{date}\s*[)）]?$"
_ARABIC_LINE = re.compile(_WRAPPED.format(date=_ARABIC))
_CHINESE_LINE = re.compile(_WRAPPED.format(date=_CHINESE))
_ORGAN_THEN_DATE = re.compile(rf"^(\S.{{1,40}}?)\s+[（(]?\s*({_ARABIC}|{_CHINESE})\s*[)）]?$")


def _chinese_year(text: str) -> int:
    return int("".join("0" if ch in _CN_ZERO else str(_CN_DIGITS.index(ch) + 1) for ch in text))


def _safe_date(year: int, month: int | None, day: int | None) -> date | None:
    try:
        return date(year, month or 0, day or 0)
    except ValueError:
        return None


def line_date(text: str) -> date | None:
    """The date when the whole line is one 成文日期 (Arabic or Chinese numerals, parentheses allowed)."""
    text = text.strip()
    m = _ARABIC_LINE.match(text)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _CHINESE_LINE.match(text)
    if m:
        month = 1 if m.group(2) == "元" else parse_chinese_number(m.group(2))
        return _safe_date(_chinese_year(m.group(1)), month, parse_chinese_number(m.group(3)))
    return None


def organ_and_date(text: str) -> tuple[str, date] | None:
    """「某局 2024年1月5日」: the organ and the date printed on one line (None for any other line)."""
    m = _ORGAN_THEN_DATE.match(text.strip())
    if not m:
        return None
    on = line_date(m.group(2))
    return (m.group(1).strip(), on) if on else None
