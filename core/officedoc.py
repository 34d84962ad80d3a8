"""Word documents in the official format of GB/T 9704-2012 (党政机关公文格式), with python-docx.

A4, margins 37/35/28/26 mm, a 22-line grid, 3号 仿宋_GB2312 body with a two-character first-line
indent, a 2号 方正小标宋简体 title, headings 黑体 / 楷体_GB2312 / 仿宋_GB2312, the 落款 at the right and
page numbers `— N —` in 4号 宋体, odd pages right and even pages left.

python-docx's `font.name` sets only the Latin fonts; Chinese text needs `w:eastAsia` too, on the
styles and on every run (`set_font`). Word and WPS render the named fonts; machines without them
fall back to an installed CJK font.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from core.files import atomic_save

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312", 3: "仿宋_GB2312", 4: "仿宋_GB2312"}
PAGE_NUMBER_FONT = "宋体"
SIZE_2 = 22  # 2号
SIZE_3 = 16  # 3号
SIZE_4 = 14  # 4号
LINE_PITCH_PT = 28.95  # 225 mm text block / 22 lines
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FIRST_LINE_INDENT = Pt(2 * SIZE_3)


def cn_date(d: date) -> str:
    """成文日期 in Arabic numerals, full year, no leading zeros: 2026年1月9日."""
    return f"{d.year}年{d.month}月{d.day}日"


def set_font(target, east_asian: str, size_pt: float | None = None, bold: bool | None = None,
             latin: str | None = None) -> None:
    """Set the fonts of a run or a style, the East Asian name included."""
    font = target.font
    font.name = latin or east_asian
    if size_pt is not None:
        font.size = Pt(size_pt)
    if bold is not None:
        font.bold = bold
    rpr = target.element.get_or_add_rPr() if hasattr(target.element, "get_or_add_rPr") else target._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), latin or east_asian if attr != "w:eastAsia" else east_asian)


def _fixed_lines(paragraph_format, first_line_indent=FIRST_LINE_INDENT) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Pt(LINE_PITCH_PT)
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)
    paragraph_format.first_line_indent = first_line_indent


def new_document(landscape: bool = False) -> Document:
    """An empty document with the official page, grid, styles and page-number footers."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(28) - Mm(7)  # page number 7 mm below the text block's last line
    _doc_grid(section)
    normal = doc.styles["Normal"]
    set_font(normal, BODY_FONT, SIZE_3)
    _fixed_lines(normal.paragraph_format)
    normal.paragraph_format.widow_control = False
    for level, font in HEADING_FONTS.items():
        style = doc.styles[f"Heading {level}"]
        set_font(style, font, SIZE_3, bold=(level == 3))
        style.font.italic = False
        style.font.color.rgb = None
        _fixed_lines(style.paragraph_format)
        style.paragraph_format.keep_with_next = True
        _clear_theme_fonts(style)
    title = doc.styles["Title"]
    set_font(title, TITLE_FONT, SIZE_2, bold=False)
    title.font.color.rgb = None
    _clear_theme_fonts(title)
    _fixed_lines(title.paragraph_format, first_line_indent=Pt(0))
    title.paragraph_format.line_spacing = Pt(35)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _drop_title_border(title)
    add_page_numbers(doc)
    return doc


def _clear_theme_fonts(style) -> None:
    rfonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
    if rfonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)


def _drop_title_border(style) -> None:
    rpr = style.element.rPr
    if rpr is not None:
        for tag in ("w:spacing", "w:kern"):
            el = rpr.find(qn(tag))
            if el is not None:
                rpr.remove(el)
    ppr = style.element.pPr
    if ppr is not None:
        border = ppr.find(qn("w:pBdr"))
        if border is not None:
            ppr.remove(border)


def _doc_grid(section) -> None:
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    # Lines only: a character grid makes Word stretch Latin digits and the title; 28 characters of
    # 3号 already fill the 156 mm line.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))


def add_title(doc: Document, lines: Sequence[str]) -> None:
    """The title (one or two lines), then one empty line before the 主送 or the text."""
    for line in lines:
        p = doc.add_paragraph(style="Title")
        set_font(p.add_run(line), TITLE_FONT, SIZE_2)
    doc.add_paragraph().paragraph_format.first_line_indent = Pt(0)


def add_paragraph(doc_or_cell, text: str, *, indent: bool = True, align: str = "justify",
                  font: str = BODY_FONT, size: float = SIZE_3, bold: bool = False) -> Paragraph:
    """A body paragraph (first line indented two characters unless `indent=False`)."""
    p = doc_or_cell.add_paragraph()
    p.paragraph_format.first_line_indent = FIRST_LINE_INDENT if indent else Pt(0)
    p.paragraph_format.alignment = _ALIGN[align]
    if text:
        set_font(p.add_run(text), font, size, bold=bold)
    return p


_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def add_heading(doc: Document, number: str, heading: str, level: int, body: str = "") -> Paragraph:
    """A numbered heading in the Word heading style of its level (so it shows in the navigation pane).

    `body` continues on the same line in body type, as officials write `（一）标题。正文…`.
    """
    level = max(1, min(level, 4))
    p = doc.add_paragraph(style=f"Heading {level}")
    set_font(p.add_run(number + heading), HEADING_FONTS[level], SIZE_3, bold=(level == 3))
    if body:
        set_font(p.add_run(body), BODY_FONT, SIZE_3, bold=False)
    return p


def add_recipient(doc: Document, recipient: str) -> Paragraph:
    """主送机关: flush left, ends with a full-width colon."""
    text = recipient.rstrip("：:") + "：" if recipient else ""
    return add_paragraph(doc, text, indent=False, align="left")


def add_signature(doc: Document, unit_name: str, issued_on: date | None) -> None:
    """落款: one blank line, then the unit and the date at the right, the date 4 characters in."""
    add_paragraph(doc, "", indent=False)
    p = add_paragraph(doc, unit_name, indent=False, align="right")
    p.paragraph_format.right_indent = Pt(2 * SIZE_3)
    if issued_on is not None:
        d = add_paragraph(doc, cn_date(issued_on), indent=False, align="right")
        d.paragraph_format.right_indent = Pt(4 * SIZE_3)


def page_break(doc: Document) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _page_field(paragraph: Paragraph) -> None:
    """`— N —`: a PAGE field between one-character dashes."""
    def run(text: str | None = None):
        r = paragraph.add_run(text or "")
        set_font(r, PAGE_NUMBER_FONT, SIZE_4)
        return r

    run("— ")
    begin = run()._r
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "begin")
    begin.append(fld)
    instr_run = run()._r
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    instr_run.append(instr)
    sep_run = run()._r
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    sep_run.append(sep)
    run("1")
    end_run = run()._r
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    end_run.append(end)
    run(" —")


def add_page_numbers(doc: Document) -> None:
    """Odd pages: number at the right; even pages: at the left; one character in from the edge."""
    doc.settings.odd_and_even_pages_header_footer = True
    for section in doc.sections:
        for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                    (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            for r in list(p.runs):
                r._r.getparent().remove(r._r)
            p.paragraph_format.alignment = align
            p.paragraph_format.first_line_indent = Pt(0)
            setattr(p.paragraph_format, f"{side}_indent", Pt(SIZE_4))
            _page_field(p)


# -- bordered forms and tables ----------------------------------------------------------------------

def bordered_table(doc_or_cell, rows: int, cols: int, widths_mm: Sequence[float]) -> Table:
    """A table with single borders on every cell, fixed column widths, centred on the page."""
    table = doc_or_cell.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, width in enumerate(widths_mm):
        table.columns[i].width = Mm(width)  # w:gridCol, which LibreOffice and WPS read
        for cell in table.columns[i].cells:
            cell.width = Mm(width)
    return table


def set_cell(cell: _Cell, text: str, *, bold: bool = False, align: str = "left", size: float = SIZE_4,
             font: str = BODY_FONT) -> None:
    """Replace a cell's text (paragraphs split on newlines), fonts set on every run."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = str(text).split("\n") if text is not None else [""]
    first = cell.paragraphs[0]
    for r in list(first.runs):
        r._r.getparent().remove(r._r)
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.alignment = _ALIGN[align]
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if line:
            set_font(p.add_run(line), font, size, bold=bold)


def min_row_height(row, height_mm: float) -> None:
    row.height = Mm(height_mm)


def save(doc: Document, path: Path | str) -> None:
    """Save beside the target then rename, so a failed export leaves no half-written file."""
    atomic_save(path, ".docx", doc.save)
