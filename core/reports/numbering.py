"""Heading numbers in every form clerks type, and where a heading starts inside a line.

Levels follow the official four: 一、 → （一） → 1. → （1）. Full- and half-width forms are one form:
`1.` `1．` `1﹒` (U+FE52) `1、` `⒈` are level 3; `（1）` `(1)` `⑴` are level 4, and so is `①` when the
clerk used circled numbers instead of （1）. A heading may carry its first paragraph after 「。」, and a
source that lost a line break glues the next heading to the end of a paragraph (「…工作。3.加强…」).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from core.reports.model import parse_chinese_number

_CN = "[一二三四五六七八九十]{1,3}"
_SEP = "[、.．﹒]"
# (level, form, pattern): the form tells （1） from ① at the same level
_FORMS: tuple[tuple[int, str, re.Pattern[str]], ...] = (
    (2, "（一）", re.compile(rf"^[（(]\s*({_CN})\s*[)）]\s*{_SEP}?\s*(.+)$")),
    (4, "（1）", re.compile(rf"^[（(]\s*(\d{{1,2}})\s*[)）]\s*{_SEP}?\s*(.+)$")),
    (4, "（1）", re.compile(r"^([\u2474-\u2487])\s*(.+)$")),  # ⑴ … ⒇
    (4, "①", re.compile(r"^([\u2460-\u2473])\s*(.+)$")),  # ① … ⑳
    (1, "一、", re.compile(rf"^({_CN})\s*{_SEP}\s*(.+)$")),
    (3, "1.", re.compile(r"^(\d{1,2})\s*[.．﹒、](?![\d.．﹒])\s*(.+)$")),
    (3, "1.", re.compile(r"^([\u2488-\u249b])\s*(.+)$")),  # ⒈ … ⒛
)
_GLUED = re.compile(
    r"。\s*(?=[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]|[（(]\s*\d{1,2}\s*[)）]|[\u2460-\u249b]"
    r"|[一二三四五六七八九十]{1,3}\s*[、.．﹒]|\d{1,2}\s*[.．﹒、](?![\d.．﹒]))")
_ENCLOSED = ((0x2474, 0x2487), (0x2460, 0x2473), (0x2488, 0x249B))  # ⑴…, ①…, ⒈… each counting from 1


@dataclass(frozen=True)
class Heading:
    level: int
    written: int | None  # the number as written (None for a Word heading style without a number)
    text: str  # what follows the number
    form: str  # 一、 （一） 1. （1） ① or "style"


def _written(raw: str) -> int | None:
    code = ord(raw) if len(raw) == 1 else 0
    for first, last in _ENCLOSED:
        if first <= code <= last:
            return code - first + 1
    if raw.isdecimal():
        return int(raw)
    return parse_chinese_number(raw)


def heading_of(text: str, style_level: int | None = None) -> Heading | None:
    """The heading a line starts with, by its number or (in Word) its heading style."""
    for level, form, pattern in _FORMS:
        m = pattern.match(text)
        if m:
            written = _written(m.group(1))
            if written:
                return Heading(level, written, m.group(2).strip(), form)
    if style_level:
        return Heading(min(style_level, 4), None, text, "style")
    return None


def split_inline(level: int, text: str) -> tuple[str, str]:
    """`（一）标题。正文…` → (标题。, 正文…); a level-1 line is a heading whole."""
    if level == 1:
        return text, ""
    cut = text.find("。")
    if cut < 0 or cut == len(text) - 1:
        return text, ""
    return text[: cut + 1], text[cut + 1:].strip()


def glue_points(text: str) -> Iterator[int]:
    """Where a numbered heading could start right after a 「。」 inside `text` (index of the number)."""
    for m in _GLUED.finditer(text):
        yield m.end()
