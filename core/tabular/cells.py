"""Cells as clerks type them: blank or not, the text a cell shows, and parsers for dates, time ranges,
numbers, yes/no flags and lists of names; every parser raises ValueError with a Chinese reason.

`parse_date` takes datetime, Excel serials, 2024-05-16 / 2024/5/16 / 2024.5.16 / 2024年5月16日 / 20240516,
二〇二四年五月十六日 and full-width digits. `clean_text` drops the control characters XML cannot hold (a NUL
byte from a CSV or an `_x0000_` escape), so what is imported can always be exported again.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

MIN_YEAR, MAX_YEAR = 1950, 2100  # a "date" outside this is a typo, not a ledger entry
# XML 1.0 forbids these (tab, LF and CR are allowed); openpyxl and python-docx refuse to write them
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """`text` without the control characters an Excel or Word file cannot hold."""
    return CONTROL.sub("", text)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and math.isnan(value))


def is_blank_row(values: Iterable[Any]) -> bool:
    return all(is_blank(v) for v in values)


def cell_text(value: Any) -> str:
    """A cell as the clerk reads it: no outer spaces, 2.0 → "2", a date → 2024-05-16, None → ""."""
    if isinstance(value, str):  # most cells: straight here (blank text strips to "")
        return value.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").replace("\u3000", " ").strip()
    if is_blank(value):
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").replace("\u3000", " ")
    return text.strip()


def one_line(value: Any) -> str:
    """`cell_text` with every run of whitespace (newlines from Alt+Enter too) made one space."""
    return " ".join(cell_text(value).split())


_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_YMD = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:\s*(?:[（(].*|[T\s].*|[上下]午.*|星期.*|周.*))?")
_DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\s.*)?")
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9, "两": 2}


def parse_date(value: Any) -> date:
    """A date from whatever a clerk's cell holds; ValueError with a Chinese reason otherwise.

    Accepts datetime/date, Excel serial numbers (1900 system), 20240516, and text such as 2024-05-16,
    2024/5/16, 2024.5.16, 2024年5月16日, 二〇二四年五月十六日, with full-width digits and a trailing
    time or weekday. 2024-02-30 → ValueError("日期不存在：2024-02-30").
    """
    if isinstance(value, datetime):
        return _plausible(value.date())
    if isinstance(value, date):
        return _plausible(value)
    if isinstance(value, bool) or is_blank(value):
        raise ValueError("缺少日期")
    if isinstance(value, (int, float)):
        return _from_number(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = _cn_date_digits(text)
    m = _DATE_YMD.fullmatch(text) or _DATE_COMPACT.fullmatch(text)
    if not m:
        if re.fullmatch(r"\d+(\.\d+)?", text):
            return _from_number(float(text))
        raise ValueError(f"无法识别的日期：{str(value).strip()}（请写成 2024-05-16 或 2024年5月16日）")
    return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _from_number(number: float) -> date:
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueError(f"无法识别的日期：{number}")
    if float(number).is_integer() and 19000101 <= number <= 29991231:
        n = int(number)
        return make_date(n // 10000, n // 100 % 100, n % 100)
    if not 1 <= number < 2958466:
        raise ValueError(f"无法识别的日期：{cell_text(number)}")
    days = int(number)
    # Excel's 1900 system counts a 1900-02-29 that never was: serials before it are one day later.
    base = _EXCEL_EPOCH + timedelta(days=1) if days < 60 else _EXCEL_EPOCH
    return _plausible(base + timedelta(days=days))


def make_date(year: int, month: int, day: int) -> date:
    """date(year, month, day), or ValueError in Chinese for a day that does not exist or a year out of range."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"日期不合理：{year:04d}年（年份应在 {MIN_YEAR}—{MAX_YEAR} 之间）")
    try:
        result = date(year, month, day)
    except ValueError:
        raise ValueError(f"日期不存在：{year}-{month:02d}-{day:02d}") from None
    return _plausible(result)


def _plausible(d: date) -> date:
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise ValueError(f"日期不合理：{d.isoformat()}（年份应在 {MIN_YEAR}—{MAX_YEAR} 之间）")
    return d


_CN_DATE = re.compile(r"[〇○零一二三四五六七八九十两]年|[一二三四五六七八九十]+月")
_CN_YEAR = re.compile(r"([〇○零一二三四五六七八九OＯ]{4})年")
_CN_MONTH_DAY = re.compile(r"[一二三四五六七八九十两]+(?=[月日号])")


def _cn_date_digits(text: str) -> str:
    """二〇二四年五月十六日 → 2024年5月16日 (only when the text is written that way)."""
    if not _CN_DATE.search(text):
        return text

    def year(m: re.Match) -> str:
        return "".join(str(_CN_DIGITS.get(c, c)) for c in m.group(1)) + "年"

    text = _CN_YEAR.sub(year, text)
    return _CN_MONTH_DAY.sub(lambda m: str(_cn_small(m.group(0))), text)


def _cn_small(text: str) -> int:
    """一 … 九十九 (months and days)."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text, 0)


_TIME = r"(\d{1,2})\s*[:：点时]\s*(\d{1,2})?\s*分?"
_TIME_RANGE = re.compile(rf"(上午|下午|晚上)?\s*{_TIME}\s*(?:-+|—+|–|~|～|至|到)\s*(上午|下午|晚上)?\s*{_TIME}")


def parse_time_range(value: Any) -> tuple[time, time]:
    """"9:00-11:30", "下午2:30—4:00", "14：00～16：00" → (start, end); ValueError otherwise."""
    text = unicodedata.normalize("NFKC", cell_text(value)).replace("：", ":")
    m = _TIME_RANGE.search(text)
    if not m:
        raise ValueError(f"无法识别的时间段：{cell_text(value)}（请写成 9:00-11:30）")
    start_half, h1, m1, end_half, h2, m2 = m.groups()
    try:
        start = _time(start_half, h1, m1)
        end = _time(end_half or start_half, h2, m2)
        if end <= start and not end_half and start_half is None and int(h2) < 12:
            end = _time("下午", h2, m2)  # "9:00-1:30" means until 13:30
    except ValueError:
        raise ValueError(f"时间不存在：{cell_text(value)}") from None
    if end <= start:
        raise ValueError(f"结束时间早于开始时间：{cell_text(value)}")
    return start, end


def _time(half: str | None, hour: str, minute: str | None) -> time:
    h = int(hour)
    if half in ("下午", "晚上") and h < 12:
        h += 12
    return time(h, int(minute or 0))


NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
_UNITS = re.compile(r"(学时|课时|小时|个小时|h|hr|hrs|天|分|人|次|份|项|元)$", re.IGNORECASE)


def parse_number(value: Any) -> float:
    """"2", "2.5", "2学时", "１．５", "两", "三" → float; ValueError with the reason otherwise."""
    if isinstance(value, bool) or is_blank(value):
        raise ValueError("缺少数值")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError(f"不是有效的数字：{value}")
        return float(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
    text = _UNITS.sub("", text)
    if NUMBER.fullmatch(text):
        return float(text)
    if text == "半":
        return 0.5
    if text and all(c in _CN_DIGITS or c == "十" for c in text) and len(text) <= 3:
        return float(_cn_small(text))
    raise ValueError(f"不是数字：{str(value).strip()}")


_TRUE = {"是", "√", "✓", "✔", "1", "y", "yes", "true", "t", "对", "领导干部", "是领导干部", "有"}
_FALSE = {"否", "×", "✗", "✘", "0", "n", "no", "false", "f", "不是", "非", "无", "-", "/", "—"}


def parse_bool(value: Any) -> bool:
    """是/否, √/×, 1/0, Y/N, true/false → bool; ValueError("无法识别…") otherwise. Blank is not accepted here."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = unicodedata.normalize("NFKC", cell_text(value)).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"无法识别“{cell_text(value)}”（请填“是”或“否”）")


_NAME_SEPARATORS = re.compile(r"[、，,;；/／|｜]+")
_OPEN, _CLOSE = "（([【", "）)]】"
_BRACKET = re.compile("[（(\\[【]")
_TITLE_SUFFIXES = ("同志",)
_SPACES = re.compile(r"\s+")
_ETC = re.compile(r"等\s*\d*\s*[人名位]?(?:同志)?\s*$")


def split_names(text: Any) -> list[str]:
    """Names in one cell: "张三、李四，王五 赵六" → [张三, 李四, 王五, 赵六].

    Splits on 、，,;；/ and whitespace; keeps （notes） with their name; drops 同志 and a trailing
    等 / 等N人. Names spaced out for alignment ("王  芳") stay whole: a lone character is joined to
    the next one ("王 芳 李 明" → 王芳, 李明).
    """
    s = cell_text(text).replace("\n", "、")
    if not s:
        return []
    if "等" in s:
        s = _ETC.sub("", s)
    parts = []
    for piece in _split_outside_brackets(s, _NAME_SEPARATORS):
        if _SPACES.search(piece):
            parts += _join_single_chars(_split_outside_brackets(piece, _SPACES))
        else:  # most names: one piece, already stripped
            parts.append(piece)
    return [n for n in (_strip_title(p) if p.endswith(_TITLE_SUFFIXES) else p for p in parts) if n]


def _outside_brackets(s: str) -> str:
    """`s` with bracketed text masked by NULs, same length (separators inside notes do not count)."""
    out, depth = [], 0
    for ch in s:
        if ch in _OPEN:
            depth += 1
            out.append(ch)
        elif ch in _CLOSE and depth:
            depth -= 1
            out.append(ch)
        else:
            out.append("\0" if depth else ch)
    return "".join(out)


def _split_outside_brackets(s: str, sep: re.Pattern) -> list[str]:
    if not _BRACKET.search(s):  # most cells: no notes to keep whole
        return [p.strip() for p in sep.split(s) if p.strip()]
    parts, start = [], 0
    for m in sep.finditer(_outside_brackets(s)):
        parts.append(s[start:m.start()])
        start = m.end()
    parts.append(s[start:])
    return [p.strip() for p in parts if p.strip()]


def _join_single_chars(parts: list[str]) -> list[str]:
    out: list[str] = []
    carry = ""
    for part in parts:
        if carry:
            out.append(carry + part)
            carry = ""
        elif part[0] in _OPEN and out:  # "张三 （主持）": the note belongs to the name before it
            out[-1] += part
        elif len(part) == 1 and "\u4e00" <= part <= "\u9fff":
            carry = part
        else:
            out.append(part)
    if carry:
        out.append(carry)
    return out


def _strip_title(name: str) -> str:
    name = name.strip()
    for suffix in _TITLE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return name.strip()
