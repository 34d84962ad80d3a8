"""Header matching: find the header row under a ledger's title rows, map each field to its column by
synonyms, and read the data rows through it (`Record`), with each column's label for messages.

A header cell matches a field loosely (spaces, newlines, full-width forms, （notes） and case ignored; a
header containing a synonym matches too); a second header row under merged cells (参学人员 → 参加 | 请假)
is taken when it holds only header-like text. `Record` checks cells against the feature's limits
(`core.limits`) and names the column, as written in the file, in every reason.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.errors import ImportFileError
from core.limits import Number, Text
from core.tabular.cells import (
    NUMBER,
    cell_text,
    is_blank,
    is_blank_row,
    one_line,
    parse_bool,
    parse_date,
    parse_number,
)
from core.tabular.reading import Sheet

HEADER_SCAN_ROWS = 20

_NOTE = re.compile(r"[（(][^）)]*[）)]")


def normalize_header(text: Any) -> str:
    """Compare header cells loosely: full-width → half, no spaces/newlines/（notes）/*, lower case."""
    s = unicodedata.normalize("NFKC", cell_text(text))
    s = _NOTE.sub("", s)
    s = re.sub(r"[\s*※:：]", "", s)
    return s.lower()


@dataclass
class HeaderMap:
    """Where the header is and which column holds each field (0-based column indexes)."""
    file: str
    row: int                    # Excel row number of the (first) header row
    data_from: int              # index into `sheet.rows` where data rows start
    columns: dict[str, int]     # field -> column index
    labels: dict[str, str]      # field -> header text as written in the file

    def has(self, name: str) -> bool:
        return name in self.columns

    def records(self, sheet: Sheet) -> Iterator[Record]:
        """The data rows below the header, blank rows skipped."""
        for row in sheet.rows[self.data_from:]:
            if not is_blank_row(row.values):
                yield Record(row.number, row.values, self)


def find_header(sheet: Sheet, columns: Mapping[str, Sequence[str]], required: Sequence[str] = (),
                *, scan: int = HEADER_SCAN_ROWS) -> HeaderMap:
    """Find the header row among the first `scan` rows (title rows above it are skipped).

    `columns` maps each field to its header synonyms, the first one being the name shown in messages,
    e.g. {"department": ("科室", "部门", "处室")}. Matching ignores spaces, newlines, full-width forms,
    （notes） and case; a header containing a synonym (“学习日期及时间”) also matches. A second header
    row under merged cells (参学人员 → 参加 | 请假) is read too. Raises ImportFileError naming the
    required columns that are missing and the headers that were found.
    """
    wanted = {name: [normalize_header(s) for s in (*syns, name)] for name, syns in columns.items()}
    best: tuple[int, int, dict[str, int]] | None = None  # (score, index, mapping)
    for index, row in enumerate(sheet.rows[:scan]):
        mapping = _match_row(row.values, wanted, {})
        if mapping and (best is None or len(mapping) > best[0]):
            best = (len(mapping), index, mapping)
    if best is None:
        raise ImportFileError(
            f"“{sheet.file}”的前 {scan} 行里找不到表头（应有“{'”“'.join(_label(columns, f) for f in required or columns)}”等列）。"
            "请确认选对了文件，或把表头改成这些名称后再导入。")
    _, index, mapping = best
    data_from = index + 1
    if index + 1 < len(sheet.rows) and _could_be_subheader(sheet.rows[index + 1].values):
        # Exact names only: a data row must never be mistaken for a header and silently skipped.
        extra = _match_row(sheet.rows[index + 1].values, wanted, mapping, exact_only=True)
        if len(extra) > len(mapping):
            mapping, data_from = extra, index + 2
    header_row = sheet.rows[index]
    missing = [f for f in required if f not in mapping]
    if missing:
        seen = "、".join(t for t in (one_line(v) for v in header_row.values) if t) or "（空）"
        raise ImportFileError(
            f"“{sheet.file}”缺少必需的列：{'、'.join('“' + _label(columns, f) + '”' for f in missing)}。"
            f"第 {header_row.number} 行的表头是：{seen}。请在表头中补上或改名后再导入。")
    labels = {}
    for name, col in mapping.items():
        labels[name] = _header_text(sheet, index, data_from, col) or _label(columns, name)
    return HeaderMap(sheet.file, header_row.number, data_from, mapping, labels)


def _label(columns: Mapping[str, Sequence[str]], name: str) -> str:
    syns = columns.get(name) or ()
    return syns[0] if syns else name


def _header_text(sheet: Sheet, index: int, data_from: int, col: int) -> str:
    for row in sheet.rows[index:data_from][::-1]:
        if col < len(row.values) and one_line(row.values[col]):
            return one_line(row.values[col])
    return ""


def _could_be_subheader(values: Sequence[Any]) -> bool:
    """Header cells are text; a row holding numbers or dates (序号, 日期), even typed as text, is data."""
    return all(is_blank(v) or (isinstance(v, str) and not _looks_like_data(v)) for v in values)


def _looks_like_data(text: str) -> bool:
    if NUMBER.fullmatch(unicodedata.normalize("NFKC", text).strip()):
        return True
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


def _match_row(values: Sequence[Any], wanted: Mapping[str, list[str]], start: Mapping[str, int],
               *, exact_only: bool = False) -> dict[str, int]:
    """Map fields to columns of this row: exact (normalized) matches first, then containment."""
    mapping = dict(start)
    cells = {i: normalize_header(v) for i, v in enumerate(values) if isinstance(v, str) and v.strip()}
    used = set(mapping.values())
    for exact in ((True,) if exact_only else (True, False)):
        for name, syns in wanted.items():
            if name in mapping:
                continue
            for i, text in cells.items():
                if i in used:
                    continue
                hit = text in syns if exact else any(len(s) >= 2 and s in text for s in syns)
                if hit:
                    mapping[name] = i
                    used.add(i)
                    break
    return mapping


@dataclass
class Record:
    """One data row seen through the header: `rec.text("name")`, `rec.date("held_on")`."""
    number: int
    values: list[Any]
    header: HeaderMap

    def value(self, name: str) -> Any:
        col = self.header.columns.get(name)
        if col is None or col >= len(self.values):
            return None
        return self.values[col]

    def text(self, name: str, limit: Text | None = None) -> str:
        """The cell's text; ValueError naming the column when it is longer than `limit` allows."""
        return limit.check(cell_text(self.value(name)), self.label(name)) if limit else cell_text(self.value(name))

    def line(self, name: str, limit: Text | None = None) -> str:
        """`text` on one line (Alt+Enter breaks and runs of spaces made one space)."""
        return limit.check(one_line(self.value(name)), self.label(name)) if limit else one_line(self.value(name))

    def label(self, name: str) -> str:
        return self.header.labels.get(name, name)

    def date(self, name: str, *, required: bool = True) -> date | None:
        """The cell as a date; ValueError naming the column when it is missing or unreadable."""
        return self._parsed(name, parse_date, required)

    def number_value(self, name: str, *, required: bool = True, limit: Number | None = None) -> float | None:
        """The cell as a number, within `limit`'s range when given (ValueError naming the column otherwise)."""
        number = self._parsed(name, parse_number, required)
        return limit.check(number, self.label(name)) if limit and number is not None else number

    def _parsed(self, name: str, parse: Callable[[Any], Any], required: bool) -> Any:
        value = self.value(name)
        if is_blank(value):
            if required:
                raise ValueError(f"“{self.label(name)}”为空")
            return None
        try:
            return parse(value)
        except ValueError as exc:
            raise ValueError(f"“{self.label(name)}”{exc}") from None

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.value(name)
        if is_blank(value):
            return default
        try:
            return parse_bool(value)
        except ValueError as exc:
            raise ValueError(f"“{self.label(name)}”{exc}") from None
