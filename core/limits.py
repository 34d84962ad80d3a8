"""Limits are part of the schema: how long a text field may be, which range a number must lie in, and how
big a file the importers will open (on disk, and once its zip members are inflated).

Each feature declares its field limits once, next to its tables (`LIMITS` in `core/<feature>/schema.py`);
importers check every cell against them (a row over a limit is rejected with its row number, in the dry
run exactly as in the import) and the import preview lists them. File caps are checked before any parser
sees the file, so a small zip that inflates to gigabytes is refused in milliseconds.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from core.errors import ImportFileError, RuleViolation

MB = 1 << 20
FILE_BYTES = 64 * MB  # a spreadsheet (100,000 rows), a CSV or a Word report (with pictures) is well under this
TEXT_FILE_BYTES = 10 * MB  # a report as .txt: real ones are 20–200 KB
SHEET_UNZIPPED_BYTES = 256 * MB  # every member of an .xlsx/.ods inflated, together
DOCX_UNZIPPED_BYTES = 64 * MB  # a report's .docx inflated (its pictures are stored, not inflated, mostly)
MAX_RATIO = 200  # inflated ÷ stored for one member: real office XML stays under 50
RATIO_FROM = MB  # smaller members may compress better than that (a page of spaces) without harm
MAX_MEMBERS = 10_000


@dataclass(frozen=True)
class Text:
    """A text field: at most `max_chars` characters."""
    field: str
    label: str
    max_chars: int

    def check(self, value: str, label: str = "") -> str:
        if len(value) > self.max_chars:
            raise ValueError(f"“{label or self.label}”过长（{len(value)} 个字，最多 {self.max_chars} 个字），"
                             "请检查是否填错了列或精简后再导入")
        return value

    def describe(self) -> str:
        return f"{self.label}：最多 {self.max_chars} 个字"


@dataclass(frozen=True)
class Number:
    """A number field: between `low` and `high` (inclusive), a whole number when `whole`."""
    field: str
    label: str
    low: float
    high: float
    whole: bool = False

    def check(self, value: float, label: str = "") -> float:
        if not self.low <= value <= self.high or (self.whole and value != int(value)):
            kind = "整数" if self.whole else "数"
            shown = f"{value:g}" if abs(value) >= 1e6 else f"{value:.10g}"
            raise ValueError(f"“{label or self.label}”应为 {self.low:g} 到 {self.high:g} 之间的{kind}（填的是 {shown}）")
        return int(value) if self.whole else value

    def describe(self) -> str:
        return f"{self.label}：{self.low:g}—{self.high:g}" + ("（整数）" if self.whole else "")


Limit = Text | Number


def declare(*limits: Limit) -> dict[str, Limit]:
    """A feature's limits by field name (the order is the order the preview lists them in)."""
    return {limit.field: limit for limit in limits}


def enforce(limits: dict[str, Limit], values: dict) -> None:
    """The same limits on a save from an editor or the API: RuleViolation naming the field to shorten or fix."""
    for name, value in values.items():
        limit = limits.get(name)
        if limit is None or value is None or value == "":
            continue
        if isinstance(limit, Text) and len(str(value)) > limit.max_chars:
            raise RuleViolation(f"“{limit.label}”过长（{len(str(value))} 个字，最多 {limit.max_chars} 个字），请精简后再保存。")
        if isinstance(limit, Number):
            try:
                limit.check(float(value))
            except ValueError as exc:
                raise RuleViolation(f"{exc}，请改正后再保存。") from None


def describe(limits: dict[str, Limit]) -> list[str]:
    return [limit.describe() for limit in limits.values()]


# -- files ------------------------------------------------------------------------------------------
def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB"


def check_size(path: Path, cap: int, what: str) -> None:
    """Refuse a file bigger than `cap` bytes before reading it."""
    size = path.stat().st_size
    if size > cap:
        raise ImportFileError(f"“{path.name}”有 {_mb(size)}，超过了{what}的导入上限 {_mb(cap)}，未读取。"
                              "请确认选对了文件，或把内容分成几个文件后再导入。")


def check_zip(path: Path, cap: int, what: str) -> None:
    """Refuse a zip (.xlsx, .docx, .ods) whose members would inflate past `cap` bytes together, or one member
    past MAX_RATIO times its stored size, from the central directory alone (nothing is inflated)."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not readable as a zip: the reader says it is damaged
    total = sum(m.file_size for m in members)
    bomb = next((m for m in members if m.file_size > RATIO_FROM
                 and m.file_size > MAX_RATIO * max(m.compress_size, 1)), None)
    if len(members) > MAX_MEMBERS or total > cap or bomb is not None:
        raise ImportFileError(
            f"“{path.name}”（{_mb(path.stat().st_size)}）解压后有 {_mb(total)}，"
            f"{'超过了' + what + '的上限 ' + _mb(cap) if total > cap else '压缩比异常'}，"
            "可能已损坏或是特意构造的文件，未读取。请在 Office 或 WPS 中打开确认后另存一份再导入。")
