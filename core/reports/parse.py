"""Reading a report from .txt or .docx into the structured `Report`.

The text is a list of lines (Word paragraphs). Headings are recognised by their numbering (every form
DESIGN.md lists, full- and half-width) or by Word heading styles; levels nest by the form of the number,
so `二、` followed by `1.` is a skipped level, not an error. Numbers are dropped from headings (they are
recomputed from position) but jumps and repeats in the written numbers are kept as findings for the check.
Around the sections: title (one or two lines), 主送, opening, 落款 with date, contact line; website
furniture is dropped and listed. Traditional text is detected by comparing it with its OpenCC t2s form.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.errors import ImportFileError
from core.reports import textio
from core.reports.model import Report, Section, guess_kind, number_for, parse_chinese_number, parse_cn_date

TRADITIONAL_SHARE = 0.02  # share of CJK characters t2s changes above which a text counts as Traditional

_CN = "[一二三四五六七八九十]{1,3}"
_HEADING_FORMS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (2, re.compile(rf"^[（(]\s*({_CN})\s*[)）]\s*[、.．]?\s*(.+)$")),
    (4, re.compile(r"^[（(]\s*(\d{1,2})\s*[)）]\s*[、.．]?\s*(.+)$")),
    (1, re.compile(rf"^({_CN})\s*[、.．]\s*(.+)$")),
    (3, re.compile(r"^(\d{1,2})\s*[.．、](?![\d.．])\s*(.+)$")),
)
_FURNITURE = re.compile(
    r"国务院部门网站|政府网站标识|公网安备|网站标识码|版权所有|ICP\s*备|主办单位|承办单位|协办单位|分享到|打印本页|"
    r"关闭窗口|字体\s*[:：]?\s*[【\[]?\s*大\s*中\s*小|浏览次数|阅读次数|访问次数|点击数|访问量|^信息来源|^来源\s*[:：]|"
    r"^发布时间|^发布日期|^发布机构|^索\s*引\s*号|^主题分类|^文\s*号\s*[:：]|^成文日期\s*[:：]|扫一扫|技术支持|网站地图|"
    r"^联系我们$|当前位置\s*[:：]|^首页\s*[>＞»]|收藏本页|^【?\s*(打印|关闭|返回顶部|收藏)\s*】?$|^返回顶部|"
    r"^上一篇|^下一篇|^相关链接|^相关文章|^无障碍|^适老化|^【\s*字体")
_FURNITURE_MAX_LEN = 80
_CONTACT = re.compile(r"联系人|联系电话|联系方式")
_DATE_LINE = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_CN_DATE_LINE = re.compile(r"^\s*([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日\s*$")
_YEAR = re.compile(r"(\d{4})\s*年")
_UNIT_END = re.compile(r"(局|委|办|办公室|政府|院|中心|委员会|厅|部|处|所|站|队|署|会|室|公司|管委会)$")
_SENTENCE_MARKS = re.compile(r"[。，,；;！!？?]")


@dataclass
class Line:
    text: str  # as it will be stored (converted to Simplified when asked)
    key: str  # Simplified form used for recognising furniture, dates, contacts
    number: int  # line / paragraph number in the source (1-based)
    style_level: int | None = None  # Word heading style level; 0 = the Title style


@dataclass
class ParsedReport:
    report: Report
    source: str = ""
    encoding: str = ""
    traditional: bool = False  # the source was in Traditional characters
    converted: bool = False  # … and was converted to Simplified
    warnings: list[str] = field(default_factory=list)

    @property
    def dropped(self) -> list[str]:
        return self.report.dropped

    @property
    def findings(self) -> list[dict]:
        return self.report.import_findings

    def summary(self) -> dict:
        """What `import report --json` prints about this file."""
        from core.reports.model import walk

        sections = list(walk(self.report))
        return {
            "file": self.source, "title": self.report.title, "year": self.report.year,
            "encoding": self.encoding, "traditional": self.traditional, "converted": self.converted,
            "top_level": len(self.report.sections), "sections": len(sections),
            "kinds": [s.kind for s in self.report.sections], "dropped": list(self.report.dropped),
            "numbering_findings": len(self.report.import_findings), "warnings": list(self.warnings),
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


# -- reading files ---------------------------------------------------------------------------------
def parse_file(path: Path | str, *, convert_traditional: bool = True, year: int | None = None) -> ParsedReport:
    """Read a .txt or .docx report; ImportFileError with a clear message for anything unreadable."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"找不到文件“{path}”。请检查文件名和位置。")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        raw_lines, encoding = _docx_lines(path), "docx"
    elif suffix == ".doc":
        raise ImportFileError(f"“{path.name}”是旧版 Word 文档（.doc）。请在 Word 或 WPS 中“另存为” .docx 后再导入。")
    elif suffix in (".txt", ".text", ""):
        text, encoding = textio.decode(path.read_bytes(), path.name)
        raw_lines = [(line, None) for line in text.splitlines()]
    else:
        raise ImportFileError(f"不支持导入“{path.name}”：年度报告只能从 .txt 文本或 Word .docx 文档导入。")
    parsed = parse_lines(raw_lines, convert_traditional=convert_traditional, year=year, source=path.name)
    parsed.encoding = encoding
    return parsed


def parse_text(text: str, *, convert_traditional: bool = True, year: int | None = None,
               source: str = "") -> ParsedReport:
    return parse_lines([(line, None) for line in text.splitlines()], convert_traditional=convert_traditional,
                       year=year, source=source)


def _docx_lines(path: Path) -> list[tuple[str, int | None]]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(
            f"“{path.name}”不是有效的 Word 文档（.docx），可能已损坏或只是改了扩展名。"
            "请用 Word 或 WPS 打开并另存为 .docx 后再导入。") from exc
    except Exception as exc:  # lxml errors on damaged XML inside a valid zip
        raise ImportFileError(f"“{path.name}”内容已损坏，无法读取（{type(exc).__name__}）。请用 Word 或 WPS 打开修复后再导入。") from exc
    out: list[tuple[str, int | None]] = []
    from docx.oxml.ns import qn

    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            from docx.text.paragraph import Paragraph

            paragraph = Paragraph(child, doc)
            level = _style_level(paragraph)
            for piece in paragraph.text.split("\n"):
                out.append((piece, level))
        elif child.tag == qn("w:tbl"):
            from docx.table import Table

            for row in Table(child, doc).rows:
                cells = []
                for cell in row.cells:
                    if not cells or cell.text != cells[-1]:  # merged cells repeat their text
                        cells.append(cell.text)
                out.append(("　".join(c.strip() for c in cells), None))
    return out


def _style_level(paragraph) -> int | None:
    from docx.oxml.ns import qn

    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    m = re.match(r"^(?:Heading|标题)\s*(\d)$", name)
    if m:
        return int(m.group(1))
    if name in ("Title", "标题"):
        return 0
    ppr = paragraph._p.pPr
    outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if outline is not None:
        value = int(outline.get(qn("w:val"), "9"))
        if value < 9:
            return value + 1
    return None


# -- the parse itself ------------------------------------------------------------------------------
def parse_lines(raw_lines: list[tuple[str, int | None]], *, convert_traditional: bool = True,
                year: int | None = None, source: str = "") -> ParsedReport:
    texts = [textio.clean_line(t) for t, _ in raw_lines]
    joined = "\n".join(texts)
    if not joined.strip():
        raise ImportFileError(f"“{source or '文件'}”中没有文字，没有可导入的内容。")
    simplified = to_simplified(joined)
    keys = simplified.split("\n")
    if len(keys) != len(texts):
        keys = [to_simplified(t) for t in texts]
    traditional = traditional_share(joined, simplified) >= TRADITIONAL_SHARE
    converted = traditional and convert_traditional
    lines = [Line(text=keys[i] if converted else texts[i], key=keys[i], number=i + 1, style_level=level)
             for i, (_, level) in enumerate(raw_lines) if texts[i]]
    report = Report(id=None, year=0, title="", unit="", recipient="", opening=[], sections=[], signature="",
                    issued_on=None, contact="")
    lines = _drop_furniture(lines, report)
    _take_tail(lines, report)
    first_heading = next((i for i, line in enumerate(lines) if _heading_of(line)), None)
    if first_heading is None:
        raise ImportFileError(
            f"在“{source or '文件'}”中没有找到章节标题（如“一、”“（一）”“1.”“（1）”或 Word 标题样式）。"
            "请确认这是一份年度报告，或先在 Word 中给各部分加上编号再导入。")
    _take_preamble(lines[:first_heading], report)
    _build_sections(lines[first_heading:], report)
    parsed = ParsedReport(report=report, source=source, traditional=traditional, converted=converted)
    report.year = year or _guess_year(report)
    if not report.year:
        report.year = date.today().year - 1
        parsed.warnings.append(f"未能从标题或正文判断报告年度，暂按 {report.year} 年处理，请在编辑器中核对。")
    report.unit = report.signature or _unit_from_title(report.title)
    if not report.signature:
        parsed.warnings.append("没有找到落款（单位名称和成文日期），请在编辑器中补上。")
    if traditional:
        parsed.warnings.append("原文为繁体字，" + ("已转换为简体。" if converted else "已按原文保留繁体。"))
    return parsed


def _drop_furniture(lines: list[Line], report: Report) -> list[Line]:
    kept = []
    for line in lines:
        if len(line.key) <= _FURNITURE_MAX_LEN and _FURNITURE.search(line.key) and not line.key.endswith("。"):
            report.dropped.append(line.text)
        else:
            kept.append(line)
    return kept


def _take_tail(lines: list[Line], report: Report) -> None:
    """落款 (unit + date) and the contact line at the end, taken off the lines."""
    for i in range(len(lines) - 1, max(-1, len(lines) - 5), -1):
        if _CONTACT.search(lines[i].key) and len(lines[i].key) <= 80 and not _heading_of(lines[i]):
            report.contact = lines.pop(i).text
            break
    if lines and (_DATE_LINE.match(lines[-1].key) or _CN_DATE_LINE.match(lines[-1].key)):
        report.issued_on = _date_of(lines.pop().key)
        if lines and _looks_like_signature(lines[-1]):
            report.signature = lines.pop().text
    elif lines and _looks_like_signature(lines[-1]) and _UNIT_END.search(lines[-1].key):
        report.signature = lines.pop().text


def _date_of(text: str) -> date | None:
    found = parse_cn_date(text)
    if found:
        return found
    m = _CN_DATE_LINE.match(text)
    if not m:
        return None
    digits = "〇一二三四五六七八九"
    year = int("".join(str(digits.index(ch.replace("○", "〇").replace("零", "〇"))) for ch in m.group(1)))
    month, day = parse_chinese_number(m.group(2)), parse_chinese_number(m.group(3))
    try:
        return date(year, month or 0, day or 0)
    except ValueError:
        return None


def _looks_like_signature(line: Line) -> bool:
    return len(line.key) <= 40 and not _SENTENCE_MARKS.search(line.key) and not _heading_of(line)


def _take_preamble(lines: list[Line], report: Report) -> None:
    rest = list(lines)
    titled = [line for line in rest if line.style_level == 0]
    if titled:
        report.title = "".join(line.text for line in titled)
        rest = [line for line in rest if line.style_level != 0]
    elif len(rest) >= 2 and _title_like(rest[0]) and _title_like(rest[1]) and rest[1].key.endswith("报告") \
            and not rest[0].key.endswith("报告"):
        report.title = rest[0].text + rest[1].text
        rest = rest[2:]
    elif rest and _title_like(rest[0]) and "报告" in rest[0].key:
        report.title = rest.pop(0).text
    if rest and len(rest[0].key) <= 40 and re.search(r"[：:]$", rest[0].key) and "。" not in rest[0].key:
        report.recipient = rest.pop(0).text.rstrip("：:").strip()
    report.opening = [line.text for line in rest]


def _title_like(line: Line) -> bool:
    return len(line.key) <= 60 and not _SENTENCE_MARKS.search(line.key) and not re.search(r"[：:]$", line.key)


def _heading_of(line: Line) -> tuple[int, int | None, str] | None:
    """(level, written number or None, text after the number) when the line is a heading."""
    for level, pattern in _HEADING_FORMS:
        m = pattern.match(line.text)
        if m:
            raw = m.group(1)
            written = int(raw) if raw.isdigit() else parse_chinese_number(raw)
            if written:
                return level, written, m.group(2).strip()
    if line.style_level:
        return min(line.style_level, 4), None, line.text
    return None


def _split_inline(level: int, text: str) -> tuple[str, str]:
    """`（一）标题。正文…` → (标题。, 正文…); a level-1 line is a heading whole."""
    if level == 1:
        return text, ""
    cut = text.find("。")
    if cut < 0 or cut == len(text) - 1:
        return text, ""
    return text[: cut + 1], text[cut + 1:].strip()


def _build_sections(lines: list[Line], report: Report) -> None:
    stack: list[Section] = []
    last_written: dict[tuple[int, int], int] = {}  # (id of parent or 0, level) -> last written number
    current: Section | None = None
    for line in lines:
        found = _heading_of(line)
        if found is None:
            if current is not None:
                current.body.append(line.text)
            continue
        level, written, text = found
        heading, body = _split_inline(level, text)
        while stack and stack[-1].level >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        section = Section(heading=heading, level=level, body=[body] if body else [])
        (parent.children if parent else report.sections).append(section)
        if parent is None:
            section.kind = guess_kind(heading)
        if written is not None:
            _note_numbering(report, section, parent, written, line, last_written)
        stack.append(section)
        current = section


def _note_numbering(report: Report, section: Section, parent: Section | None, written: int, line: Line,
                    last_written: dict[tuple[int, int], int]) -> None:
    key = (id(parent) if parent else 0, section.level)
    previous = last_written.get(key, 0)
    last_written[key] = written
    if written == previous + 1:
        return
    problem = "重复" if written == previous else ("跳号" if written > previous + 1 else "顺序颠倒")
    expected = number_for(section.level, previous)
    shown = number_for(section.level, written - 1)
    report.import_findings.append({
        "code": "numbering", "section_uid": section.uid, "line": line.number, "text": line.text[:80],
        "message": f"原文编号{problem}：“{shown}”之前应为“{expected}”（第 {line.number} 行）。导入后已按位置重新编号，请核对是否漏了或多了内容。",
    })


def _guess_year(report: Report) -> int:
    for text in [report.title, *(report.opening[:1])]:
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    for section in report.sections:
        m = _YEAR.search(section.heading)
        if m and section.kind != "next_year_plan":
            return int(m.group(1))
    return report.issued_on.year - 1 if report.issued_on else 0


def _unit_from_title(title: str) -> str:
    m = re.match(r"^(.+?)(?:\d{4}\s*年|关于)", title)
    return m.group(1) if m and _UNIT_END.search(m.group(1)) else ""
