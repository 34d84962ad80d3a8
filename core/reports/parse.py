"""Reading a report from .txt or .docx into the structured `Report`.

The text is a list of lines (Word paragraphs), judged by shape and position, never by a list of known
texts. In order: page furniture that is furniture anywhere is dropped (`furniture`); the end is read for
落款, date and contact (`tail`); the head before the first heading for title, 主送, a 落款 under the title
and the opening (`head`); the rest becomes the outline (`sectioning`, numbers in `numbering`). Every line
left out is listed with its reason, and a re-parse can keep any of them (`reparse(keep=…)`): the preview
offers that to the clerk. Traditional text is detected by comparing it with its OpenCC t2s form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from core.clock import SYSTEM_CLOCK
from core.errors import ImportFileError
from core.reports import furniture, head, numbering, sources, tail, textio
from core.reports.lines import DroppedLine, Line, is_title_like, names_report
from core.reports.model import Report, walk
from core.reports.sectioning import OutlineBuilder

TRADITIONAL_SHARE = 0.02  # share of CJK characters t2s changes above which a text counts as Traditional

_YEAR = re.compile(r"(?<![\d—\-－~～至到])(\d{4})\s*年(?!\s*[—\-－~～至到])")
_BOOK_TITLE = re.compile(r"《[^《》]*》")
_UNIT_END = re.compile(r"(局|委|办|办公室|政府|院|中心|委员会|厅|部|处|所|站|队|署|会|室|公司|管委会)$")


@dataclass
class ParsedReport:
    report: Report
    source: str = ""
    encoding: str = ""
    traditional: bool = False  # the source was in Traditional characters
    converted: bool = False  # … and was converted to Simplified
    warnings: list[str] = field(default_factory=list)
    dropped_lines: list[DroppedLine] = field(default_factory=list)  # in source order, with the reason
    raw_lines: list[tuple] = field(default_factory=list, repr=False)  # what `reparse` reads again
    options: dict[str, Any] = field(default_factory=dict, repr=False)  # year, today, keep

    @property
    def dropped(self) -> list[str]:
        return self.report.dropped

    @property
    def findings(self) -> list[dict]:
        return self.report.import_findings

    @property
    def missing(self) -> list[str]:
        """What the parse could not find and the clerk should supply: 标题, 落款, 成文日期."""
        report = self.report
        return [name for name, value in (("标题", report.title), ("落款", report.signature),
                                         ("成文日期", report.issued_on)) if not value]

    def summary(self) -> dict:
        """What `import report --json` prints about this file."""
        report = self.report
        return {
            "file": self.source, "title": report.title, "year": report.year, "unit": report.unit,
            "recipient": report.recipient, "signature": report.signature,
            "issued_on": report.issued_on.isoformat() if report.issued_on else None,
            "encoding": self.encoding, "traditional": self.traditional, "converted": self.converted,
            "top_level": len(report.sections), "sections": len(list(walk(report))),
            "kinds": [s.kind for s in report.sections], "dropped": list(report.dropped),
            "dropped_lines": [{"line": d.number, "text": d.text, "reason": d.reason} for d in self.dropped_lines],
            "missing": self.missing, "numbering_findings": len(report.import_findings),
            "warnings": list(self.warnings),
        }


# -- Traditional characters ------------------------------------------------------------------------
_CONVERTER = None


def _t2s():
    global _CONVERTER
    if _CONVERTER is None:
        import opencc

        _CONVERTER = opencc.OpenCC("t2s")
    return _CONVERTER


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def traditional_share(text: str, simplified: str) -> float:
    """Share of CJK characters that t2s changes (0 for Simplified text, ~0.3 for Traditional prose)."""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if not cjk:
        return 0.0
    if len(text) == len(simplified):
        changed = sum(1 for a, b in zip(text, simplified) if a != b)
    else:  # phrase conversions changed the length: compare the character sets instead
        changed = len(set(text) - set(simplified))
    return changed / cjk


# -- entry points ----------------------------------------------------------------------------------
def parse_file(path: Path | str, *, convert_traditional: bool = True, year: int | None = None,
               today: date | None = None) -> ParsedReport:
    """Read a .txt or .docx report; ImportFileError with a clear message for anything unreadable."""
    path = Path(path)
    raw_lines, encoding = sources.read(path)
    parsed = parse_lines(raw_lines, convert_traditional=convert_traditional, year=year, source=path.name,
                         today=today)
    parsed.encoding = encoding
    return parsed


def parse_text(text: str, *, convert_traditional: bool = True, year: int | None = None,
               source: str = "", today: date | None = None) -> ParsedReport:
    return parse_lines([(line, None) for line in text.splitlines()], convert_traditional=convert_traditional,
                       year=year, source=source, today=today)


def reparse(parsed: ParsedReport, *, keep: set[int] | frozenset[int] | None = None,
            convert_traditional: bool | None = None) -> ParsedReport:
    """The same source parsed again, keeping the source lines numbered in `keep` (taken back by the clerk)."""
    options = parsed.options
    if convert_traditional is None:
        convert_traditional = parsed.converted or not parsed.traditional
    again = parse_lines(parsed.raw_lines, year=options.get("year"), source=parsed.source,
                        today=options.get("today"), convert_traditional=convert_traditional,
                        keep=options.get("keep", frozenset()) if keep is None else keep)
    again.encoding = parsed.encoding
    return again


def amend(parsed: ParsedReport, *, title: str | None = None, signature: str | None = None,
          issued_on: date | None = None, recipient: str | None = None) -> None:
    """What the clerk typed in the preview for what the parse did not find; year, unit and warnings follow."""
    report = parsed.report
    for name, value in (("title", title), ("signature", signature), ("recipient", recipient)):
        if value is not None and value.strip():
            setattr(report, name, value.strip())
    if issued_on is not None:
        report.issued_on = issued_on
    _finish(parsed)


def parse_lines(raw_lines: list[tuple], *, convert_traditional: bool = True, year: int | None = None,
                source: str = "", today: date | None = None,
                keep: set[int] | frozenset[int] = frozenset()) -> ParsedReport:
    """Raw lines are (text, Word heading level or None[, set as a title in Word]); `keep` are source line
    numbers never to drop as furniture. `today` dates a report whose text names no year (last year's)."""
    lines, traditional, converted = _prepared(raw_lines, convert_traditional, keep, source)
    report = Report(id=None, year=0, title="", unit="", recipient="", opening=[], sections=[], signature="",
                    issued_on=None, contact="")
    dropped: list[DroppedLine] = []
    lines = _drop_anywhere(lines, dropped)
    first = _first_heading(lines, source)
    builder = OutlineBuilder(report)
    for line in tail.take_tail(lines[first:], report, dropped):
        builder.add(line)
    head.take_head(lines[:first], report, dropped)
    dropped.sort(key=lambda d: d.number)
    report.dropped = [d.text for d in dropped]
    parsed = ParsedReport(report=report, source=source, traditional=traditional, converted=converted,
                          dropped_lines=dropped, raw_lines=list(raw_lines),
                          options={"year": year, "today": today, "keep": frozenset(keep)})
    _finish(parsed)
    return parsed


# -- steps -----------------------------------------------------------------------------------------
def _prepared(raw_lines: list[tuple], convert_traditional: bool, keep: set[int] | frozenset[int],
              source: str) -> tuple[list[Line], bool, bool]:
    """Cleaned lines (empty ones left out, numbered as in the source), and whether Traditional / converted."""
    texts = [textio.strip_pinyin(textio.clean_line(raw[0])) for raw in raw_lines]
    joined = "\n".join(texts)
    if not joined.strip():
        raise ImportFileError(f"“{source or '文件'}”中没有文字，没有可导入的内容。")
    simplified = to_simplified(joined)
    keys = simplified.split("\n")
    if len(keys) != len(texts):
        keys = [to_simplified(t) for t in texts]
    traditional = traditional_share(joined, simplified) >= TRADITIONAL_SHARE
    converted = traditional and convert_traditional
    lines = [Line(text=keys[i] if converted else texts[i], key=keys[i], number=i + 1, style_level=raw[1],
                  emphasis=bool(raw[2]) if len(raw) > 2 else False, kept=i + 1 in keep)
             for i, raw in enumerate(raw_lines) if texts[i]]
    return lines, traditional, converted


def _drop_anywhere(lines: list[Line], dropped: list[DroppedLine]) -> list[Line]:
    kept = []
    for line in lines:
        reason = furniture.anywhere(line)
        if reason:
            dropped.append(DroppedLine(line.number, line.text, reason))
        else:
            kept.append(line)
    return kept


def _first_heading(lines: list[Line], source: str) -> int:
    """Index of the first section heading; a Word heading style on the report's title makes it the title."""
    for i, line in enumerate(lines):
        found = numbering.heading_of(line.text, line.style_level)
        if found is None:
            continue
        if found.form == "style" and is_title_like(line.key) and names_report(line.key):
            line.style_level = 0
            continue
        return i
    raise ImportFileError(
        f"在“{source or '文件'}”中没有找到章节标题（如“一、”“（一）”“1.”“（1）”或 Word 标题样式）。"
        "请确认这是一份年度报告，或先在 Word 中给各部分加上编号再导入。")


def _finish(parsed: ParsedReport) -> None:
    """Year, unit and the warnings the preview shows, from what was found (and what the clerk typed)."""
    report = parsed.report
    options = parsed.options
    report.year = options.get("year") or _guess_year(report)
    parsed.warnings = []
    if not report.year:
        report.year = (options.get("today") or SYSTEM_CLOCK.today()).year - 1
        parsed.warnings.append(f"未能从标题或落款日期判断报告年度，暂按 {report.year} 年处理，请在编辑器中核对。")
    report.unit = report.signature or _unit_from_title(report.title)
    if not report.title:
        parsed.warnings.append("没有找到标题，请在下面填写，或导入后在编辑器中补上。")
    if not report.signature:
        parsed.warnings.append("没有找到落款（单位名称），请在下面填写，或导入后在编辑器中补上。")
    if not report.issued_on:
        parsed.warnings.append("没有找到成文日期，请在下面填写，或导入后在编辑器中补上。")
    if parsed.traditional:
        parsed.warnings.append("原文为繁体字，" + ("已转换为简体。" if parsed.converted else "已按原文保留繁体。"))


def year_in(text: str) -> int | None:
    """The first year written as 「2024年」 outside 《》 titles and ranges (2021—2025年)."""
    m = _YEAR.search(_BOOK_TITLE.sub("", text))
    return int(m.group(1)) if m else None


def _guess_year(report: Report) -> int:
    """From the title, else the 落款 date (a report is dated early the next year), else the opening."""
    found = year_in(report.title)
    if found:
        return found
    if report.issued_on:
        return report.issued_on.year - (1 if report.issued_on.month <= 6 else 0)
    for text in report.opening[:1]:
        found = year_in(text)
        if found:
            return found
    for section in report.sections:
        found = year_in(section.heading)
        if found and section.kind != "next_year_plan":
            return found
    return 0


def _unit_from_title(title: str) -> str:
    m = re.match(r"^(.+?)(?:\d{4}\s*年|关于)", title)
    return m.group(1) if m and _UNIT_END.search(m.group(1)) else ""
