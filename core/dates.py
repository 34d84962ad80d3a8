"""Dates and times as clerks type them: `20270331`, `2027-3-31`, `2027/3/31`, `2027.3.31`, `2027年3月31日`,
`3月31日` (this year), and `1430`, `14:30`, `14.30`, `下午2:30`, `2:30 pm`.

One parser for every form field (and, later, tabular import cells), so a date the clerk can type in one place
is accepted everywhere. "Today" is passed in (the store's clock), never read here. Each parser returns None
for text it cannot read; the caller decides what to tell the clerk (`DATE_HINT`, `TIME_HINT`).
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, time

DATE_HINT = "日期无法识别，可输入 2027-3-31、2027/3/31、20270331、2027年3月31日 或 3月31日。"
TIME_HINT = "时间无法识别，可输入 14:30、1430、14.30、下午2:30 或 2:30 pm。"

_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MD = re.compile(r"^(\d{1,2})\s*[月/-]\s*(\d{1,2})\s*日?$")
_TIME = re.compile(r"^(\d{1,2})(?:\s*[:.：时点]\s*(\d{1,2})\s*分?|\s*[时点](半)?)?$")
_COMPACT_TIME = re.compile(r"^(\d{1,2})(\d{2})$")
_AFTERNOON = ("下午", "晚上", "傍晚", "中午", "pm", "p.m.")
_MORNING = ("上午", "早上", "凌晨", "am", "a.m.")


def _normalise(text: str) -> str:
    """Full-width digits and marks to half-width (NFKC), lower case, no surrounding spaces."""
    return unicodedata.normalize("NFKC", text or "").strip().lower()


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # 2027-2-30: no such day
        return None


def parse_date(text: str, today: date) -> date | None:
    """The date `text` names, or None; a month and day without a year are in `today`'s year."""
    value = _normalise(text)
    for pattern in (_YMD, _COMPACT):
        match = pattern.match(value)
        if match:
            return _make_date(*(int(g) for g in match.groups()))
    match = _MD.match(value)
    if match:
        return _make_date(today.year, int(match.group(1)), int(match.group(2)))
    return None


def _split_meridiem(value: str) -> tuple[str, str | None]:
    """(the time without 上午/下午/am/pm, "am" / "pm" / None)."""
    for words, meridiem in ((_AFTERNOON, "pm"), (_MORNING, "am")):
        for word in words:
            if value.startswith(word):
                return value[len(word):].strip(), meridiem
            if value.endswith(word):
                return value[: -len(word)].strip(), meridiem
    return value, None


def parse_time(text: str) -> time | None:
    """The time of day `text` names, or None. 下午/pm add 12 hours to 1–11 o'clock; 12 am is midnight."""
    value, meridiem = _split_meridiem(_normalise(text))
    compact = _COMPACT_TIME.match(value)
    if compact:
        hour, minute = int(compact.group(1)), int(compact.group(2))
    else:
        match = _TIME.match(value)
        if not match:
            return None
        hour = int(match.group(1))
        minute = 30 if match.group(3) else int(match.group(2) or 0)
    if meridiem == "pm" and 1 <= hour <= 11:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if meridiem and hour > 23 or not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def format_time(value: time) -> str:
    """The form the app stores and shows: `14:30`."""
    return value.strftime("%H:%M")
