"""Word documents in the official format of GB/T 9704-2012 (党政机关公文格式), with python-docx.

A4, margins 37/35/28/26 mm, a grid of 22 lines × 28 characters, 3号 仿宋_GB2312 body justified with a
two-character first-line indent, a 2号 方正小标宋简体 title, headings 黑体 / 楷体_GB2312 / 仿宋_GB2312 kept
with the text after them, widow control, the 落款 at the right and page numbers `— N —` in 4号 宋体,
odd pages right and even pages left.

python-docx's `font.name` sets only the Latin fonts; Chinese text needs `w:eastAsia` too, on the
styles and on every run (`set_font`). Word and WPS render the named fonts; machines without them
fall back to an installed CJK font.

WPS-safe (`_wps_safe`): python-docx's template refers to theme fonts (`w:asciiTheme`…, a Japanese font
scheme), says en-US/ja-JP and names python-docx in its properties; WPS then reports missing fonts and
the file shows the wrong author. Every font is named explicitly instead, the language is zh-CN, and
`save` writes the unit, the title and the store's time into the core properties.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from core.docmeta import DocInfo
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
LINE_CHARS = 28


def _twips(mm: float) -> int:
    return round(mm * 36000 / 635)  # as python-docx writes a length in mm into w:pgSz / w:pgMar


TEXT_WIDTH_TWIPS = _twips(210) - _twips(MARGINS_MM["left"]) - _twips(MARGINS_MM["right"])  # 8845 = 156 mm
CHAR_PITCH_PT = TEXT_WIDTH_TWIPS / 20 / LINE_CHARS  # 15.79 pt: 28 characters fill the line exactly
# w:charSpace is the grid pitch less the Normal font size, in 1/4096 pt; rounded down so 28 still fit (-842)
CHAR_SPACE = math.floor((CHAR_PITCH_PT - SIZE_3) * 4096)
# Characters set this much closer (twips: -6 = 紧缩 0.3 磅) so 28 fit without the grid's help; one twip more
# than the pitch asks, as LibreOffice breaks a line of 28 at -0.25 pt after 27
CHAR_SPACING_TWIPS = math.floor((CHAR_PITCH_PT - SIZE_3) * 20) - 1
FIRST_LINE_INDENT = Twips(math.floor(2 * CHAR_PITCH_PT * 20))  # two grid characters, not 2 × 16 pt
LANGUAGE = "zh-CN"
LATIN_FONT = "Times New Roman"


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


def _fixed_lines(paragraph_format, indent: bool = True) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Pt(LINE_PITCH_PT)
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)
    set_indent(paragraph_format, indent)


def set_indent(paragraph_format, indent: bool) -> None:
    """首行缩进两字符 (or none): in grid characters, which Word and WPS read, and in twips for the rest."""
    paragraph_format.first_line_indent = FIRST_LINE_INDENT if indent else Pt(0)
    ind = paragraph_format.element.get_or_add_pPr().find(qn("w:ind"))
    if indent:
        ind.set(qn("w:firstLineChars"), "200")
    else:
        ind.attrib.pop(qn("w:firstLineChars"), None)


def new_document() -> Document:
    """An empty document with the official page, grid, styles and page-number footers."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(28) - Mm(7)  # page number 7 mm below the text block's last line
    _doc_grid(section)
    _wps_safe(doc)
    normal = doc.styles["Normal"]
    set_font(normal, BODY_FONT, SIZE_3)
    _fixed_lines(normal.paragraph_format)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # every body line ends at the margin
    normal.paragraph_format.widow_control = True  # no first or last line of a paragraph alone on a page
    _off_grid(normal.element.get_or_add_pPr())
    _char_spacing(normal, CHAR_SPACING_TWIPS)  # 紧缩 0.3 磅: 28 characters of 3号 fit the line
    for level, font in HEADING_FONTS.items():
        style = doc.styles[f"Heading {level}"]
        set_font(style, font, SIZE_3, bold=(level == 3))
        style.font.italic = False
        style.font.color.rgb = None
        _fixed_lines(style.paragraph_format)
        # a heading carrying its first paragraph (「（一）标题。正文…」) is justified text like any other
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.widow_control = True
    title = doc.styles["Title"]
    set_font(title, TITLE_FONT, SIZE_2, bold=False)
    title.font.color.rgb = None
    _fixed_lines(title.paragraph_format, indent=False)
    title.paragraph_format.line_spacing = Pt(35)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _drop_title_border(title)
    _char_spacing(title, 0)  # the 2号 title keeps its natural spacing
    add_page_numbers(doc)
    return doc


def _off_grid(ppr) -> None:
    """Lay paragraphs out without the document's character grid (see `_doc_grid`)."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    # w:pPr children go in schema order, or Word calls the file damaged
    ppr.insert_element_before(snap, "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                              "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
                              "w:sectPr", "w:pPrChange")


def _char_spacing(style, twips: int) -> None:
    """A style's character spacing (w:spacing in its run properties, twentieths of a point)."""
    spacing = style.element.get_or_add_rPr().find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        style.element.rPr.insert_element_before(
            spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
            "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
            "w:eastAsianLayout", "w:specVanish", "w:oMath")
    spacing.set(qn("w:val"), str(twips))


# -- WPS-safe package -------------------------------------------------------------------------------

_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_THEME_ATTRS = tuple(qn(f"w:{a}") for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))
# Fonts the documents use, with the name a machine without them should look for (w:altName) and the
# GB2312 character set; this replaces the template's list (Cambria, ＭＳ 明朝, ＭＳ ゴシック…).
_FONTS = ((TITLE_FONT, "宋体"), (BODY_FONT, "仿宋"), ("楷体_GB2312", "楷体"), ("黑体", "SimHei"),
          (PAGE_NUMBER_FONT, "SimSun"), (LATIN_FONT, ""))


def _wps_safe(doc: Document) -> None:
    """No theme fonts, zh-CN, a font table of the fonts used, no Word 2010 styles copy."""
    styles = doc.styles.element
    for rfonts in styles.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(attr, None)
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = defaults.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), LATIN_FONT)
    rfonts.set(qn("w:eastAsia"), BODY_FONT)
    # The character grid's pitch is measured from the default size (LibreOffice reads it here, Word from
    # Normal): both 3号, or 16 pt characters would take two cells of a grid made for 11 pt.
    for size in (defaults.find(qn("w:sz")), defaults.find(qn("w:szCs"))):
        size.set(qn("w:val"), str(SIZE_3 * 2))
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)
        theme_lang.set(qn("w:eastAsia"), LANGUAGE)
    part = doc.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:  # a second copy of the styles, theme fonts and all
            del part.rels[rel_id]
        elif rel.reltype == RT.THEME:
            rel.target_part._blob = _theme_without_fonts(rel.target_part.blob)
        elif rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = _font_table()


def _theme_without_fonts(blob: bytes) -> bytes:
    """The theme with a font scheme naming the documents' own fonts and no per-script (Japanese…) fonts."""
    root = etree.fromstring(blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for scheme in root.iterfind(".//a:fontScheme", ns):
        scheme.set("name", "LawDesk")
        for which, east_asian in (("majorFont", HEADING_FONTS[1]), ("minorFont", BODY_FONT)):
            group = scheme.find(f"a:{which}", ns)
            for font in group.findall("a:font", ns):
                group.remove(font)
            group.find("a:latin", ns).set("typeface", LATIN_FONT)
            group.find("a:ea", ns).set("typeface", east_asian)
            group.find("a:cs", ns).set("typeface", "")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _font_table() -> bytes:
    def entry(name: str, alt: str) -> str:
        latin = name == LATIN_FONT
        return (f'<w:font w:name="{name}">' + (f'<w:altName w:val="{alt}"/>' if alt else "")
                + f'<w:charset w:val="{"00" if latin else "86"}"/>'
                + f'<w:family w:val="{"roman" if latin else "modern"}"/><w:pitch w:val="variable"/></w:font>')

    xml = f"<w:fonts {nsdecls('w')}>{''.join(entry(name, alt) for name, alt in _FONTS)}</w:fonts>"
    return etree.tostring(parse_xml(xml), xml_declaration=True, encoding="UTF-8", standalone=True)


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
    # 22 lines × 28 characters, as Word and WPS show it in 页面设置. 28 characters of 3号 take 448 pt, more
    # than the 442 pt line: Word and WPS squeeze characters into a narrower grid, but LibreOffice (7.4)
    # gives each one two grid cells (14 a line). So paragraphs do not snap to the grid (Normal has
    # snapToGrid 0); they get the grid's measures directly: exact 28.95 pt lines, characters condensed
    # (CHAR_SPACING_TWIPS) and a first-line indent of two grid characters. Word, WPS and LibreOffice
    # then all set 28 characters a line and 22 lines a page.
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))


def add_title(doc: Document, lines: Sequence[str]) -> None:
    """The title (one or two lines), then one empty line before the 主送 or the text."""
    for line in lines:
        p = doc.add_paragraph(style="Title")
        set_font(p.add_run(line), TITLE_FONT, SIZE_2)
    set_indent(doc.add_paragraph().paragraph_format, False)


def add_paragraph(doc_or_cell, text: str, *, indent: bool = True, align: str = "justify",
                  font: str = BODY_FONT, size: float = SIZE_3, bold: bool = False) -> Paragraph:
    """A body paragraph (first line indented two characters unless `indent=False`)."""
    p = doc_or_cell.add_paragraph()
    set_indent(p.paragraph_format, indent)
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
            set_indent(p.paragraph_format, False)
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
    """Replace a cell's text (paragraphs split on newlines), fonts set on every run.

    Lines are single-spaced (Normal is off the grid), so a form's rows stay compact.
    """
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = str(text).split("\n") if text is not None else [""]
    first = cell.paragraphs[0]
    for r in list(first.runs):
        r._r.getparent().remove(r._r)
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        set_indent(p.paragraph_format, False)
        p.paragraph_format.alignment = _ALIGN[align]
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if line:
            set_font(p.add_run(line), font, size, bold=bold)


def min_row_height(row, height_mm: float) -> None:
    row.height = Mm(height_mm)


def save(doc: Document, path: Path | str, info: DocInfo) -> None:
    """Save beside the target then rename, so a failed export leaves no half-written file."""
    set_properties(doc, info)
    atomic_save(path, ".docx", doc.save)


def set_properties(doc: Document, info: DocInfo) -> None:
    """Core properties from the unit and the document, none left from python-docx's template."""
    props = doc.core_properties
    props.author = props.last_modified_by = info.author
    props.title = info.title
    props.created = props.modified = info.created_utc
    props.comments = props.subject = props.keywords = props.category = ""
    props.revision = 1
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # a picture of the template's empty page
            del package.rels[rel_id]
