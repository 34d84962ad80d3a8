"""Word export: page, margins, grid, East Asian fonts and sizes per level, page numbers, 落款, public version,
justification, keep-with-next and widow control, and a WPS-safe package with the unit's core properties."""
from __future__ import annotations

from datetime import date, datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from core import docmeta, officedoc
from core.docmeta import DocInfo
from core.reports import repository
from core.reports.export_docx import export_docx, title_lines
from core.reports.model import Report, Section
from tests.office_checks import assert_wps_safe

EMU_TOLERANCE = 2000
INFO = DocInfo("青山区政务服务数据管理局", "青山区政务服务数据管理局2025年度法治政府建设情况报告",
               datetime(2026, 1, 9, 16, 30))


def _report() -> Report:
    one = Section("主要举措和成效", 1, ["开头。"], "achievements", children=[
        Section("深入学习。", 2, ["学习正文。", "第二段。"], children=[
            Section("组织集中学法", 3, ["正文三。"], children=[Section("专题讲座", 4, ["正文四。"])])])])
    return Report(id=1, year=2025, title="青山区政务服务数据管理局2025年度法治政府建设情况报告", unit="青山区",
                  recipient="区委、区政府", opening=["现将有关情况报告如下："], sections=[one],
                  signature="青山区政务服务数据管理局", issued_on=date(2026, 1, 9),
                  contact="（联系人：李文静，联系电话：0791-86661234）")


def _east_asian(run) -> str:
    return run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def _by_text(doc, start):
    return next(p for p in doc.paragraphs if p.text.startswith(start))


def test_page_setup(tmp_path):
    out = tmp_path / "r.docx"
    export_docx(_report(), out, info=INFO)
    doc = Document(out)
    sec = doc.sections[0]
    assert abs(sec.page_width - Mm(210)) < EMU_TOLERANCE and abs(sec.page_height - Mm(297)) < EMU_TOLERANCE
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(getattr(sec, f"{side}_margin") - Mm(mm)) < EMU_TOLERANCE
    grid = sec._sectPr.find(qn("w:docGrid"))
    assert grid is not None and int(grid.get(qn("w:linePitch"))) in range(560, 600)
    assert grid.get(qn("w:type")) == "linesAndChars" and int(grid.get(qn("w:charSpace"))) == -842
    assert doc.settings.odd_and_even_pages_header_footer


def test_fonts_and_sizes_per_level(tmp_path):
    out = tmp_path / "r.docx"
    export_docx(_report(), out, info=INFO)
    doc = Document(out)
    title = doc.paragraphs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER or title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _east_asian(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    expected = {"一、": ("黑体", False), "（一）": ("楷体_GB2312", False), "1.": ("仿宋_GB2312", True),
                "（1）": ("仿宋_GB2312", False)}
    for number, (font, bold) in expected.items():
        p = _by_text(doc, number)
        assert _east_asian(p.runs[0]) == font and p.runs[0].font.size == Pt(16)
        assert bool(p.runs[0].font.bold) == bold
    run_in = _by_text(doc, "（一）")
    assert run_in.text == "（一）深入学习。学习正文。" and _east_asian(run_in.runs[1]) == "仿宋_GB2312"
    body = _by_text(doc, "第二段")
    assert _east_asian(body.runs[0]) == "仿宋_GB2312"
    assert body.paragraph_format.first_line_indent == officedoc.FIRST_LINE_INDENT  # two 15.79 pt grid cells
    assert body._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    recipient = _by_text(doc, "区委")
    assert recipient.text == "区委、区政府：" and recipient.paragraph_format.first_line_indent == Pt(0)


def test_signature_date_and_contact(tmp_path):
    out = tmp_path / "r.docx"
    export_docx(_report(), out, info=INFO)
    doc = Document(out)
    sig = next(p for p in doc.paragraphs if p.text == "青山区政务服务数据管理局")
    dated = _by_text(doc, "2026年1月9日")
    assert sig.alignment == WD_ALIGN_PARAGRAPH.RIGHT and dated.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert doc.paragraphs[-1].text.startswith("（联系人")
    last_text = _by_text(doc, "正文四")  # the 落款 keeps the last paragraph of text on its page
    assert last_text.paragraph_format.keep_with_next and sig.paragraph_format.keep_with_next
    public = tmp_path / "p.docx"
    export_docx(_report(), public, public=True, info=INFO)
    assert not any("联系人" in p.text for p in Document(public).paragraphs)


def test_page_numbers_odd_right_even_left(tmp_path):
    out = tmp_path / "r.docx"
    export_docx(_report(), out, info=INFO)
    sec = Document(out).sections[0]
    odd, even = sec.footer.paragraphs[0], sec.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for p in (odd, even):
        xml = p._p.xml
        assert "PAGE" in "".join(t.text or "" for t in p._p.iter(qn("w:instrText")))
        assert xml.count('w:fldCharType="begin"') == 1
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p.runs[0].font.size == Pt(14) and _east_asian(p.runs[0]) == "宋体"


def test_title_split_in_two_lines():
    assert title_lines("韶关市武江区政务服务数据管理局2020年法治政府建设年度报告") == [
        "韶关市武江区政务服务数据管理局2020年", "法治政府建设年度报告"]
    assert title_lines("短标题报告") == ["短标题报告"]


def _style_value(paragraph, attr: str):
    """A paragraph_format value as it applies: set on the paragraph, else inherited through its styles."""
    value = getattr(paragraph.paragraph_format, attr)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.paragraph_format, attr)
        style = style.base_style
    return value


def test_every_text_paragraph_justified_headings_kept_widows_controlled(tmp_path):
    out = tmp_path / "r.docx"
    export_docx(_report(), out, info=INFO)
    doc = Document(out)
    text = [p for p in doc.paragraphs if p.text and p.style.name != "Title"]
    placed = {"区委、区政府：", "青山区政务服务数据管理局", "2026年1月9日"}  # 主送 left, 落款 right
    for p in text:
        expected = WD_ALIGN_PARAGRAPH.JUSTIFY if p.text not in placed else _style_value(p, "alignment")
        assert _style_value(p, "alignment") == expected, p.text
        assert _style_value(p, "widow_control") is True, p.text
    assert _style_value(_by_text(doc, "（一）深入学习。学习正文。"), "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
    standalone = [_by_text(doc, n) for n in ("一、", "1.", "（1）")]
    assert all(_style_value(p, "keep_with_next") for p in standalone)
    normal = doc.styles["Normal"].element
    # off the grid, condensed 0.3 pt: 28 characters a line in Word, WPS and LibreOffice alike
    assert normal.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
    assert int(normal.rPr.find(qn("w:spacing")).get(qn("w:val"))) == officedoc.CHAR_SPACING_TWIPS
    assert 28 * (officedoc.SIZE_3 + officedoc.CHAR_SPACING_TWIPS / 20) <= officedoc.TEXT_WIDTH_TWIPS / 20
    assert 29 * (officedoc.SIZE_3 + officedoc.CHAR_SPACING_TWIPS / 20) > officedoc.TEXT_WIDTH_TWIPS / 20
    title = doc.styles["Title"].element.rPr.find(qn("w:spacing"))
    assert title.get(qn("w:val")) == "0"


def test_wps_safe_package_with_the_units_properties(tmp_path):
    out = tmp_path / "r.docx"
    export_docx(_report(), out, info=INFO)
    assert_wps_safe(out, INFO)
    assert Document(out).core_properties.author == "青山区政务服务数据管理局"


def test_properties_come_from_the_unit_and_the_stores_clock(demo_store, tmp_path):
    report = repository.load(demo_store, 1)
    info = docmeta.for_report(demo_store, report)
    assert info.author == "青山区政务服务数据管理局" and info.title == report.title
    assert info.created == datetime(2026, 11, 21, 9, 0)  # conftest's FixedClock, not the machine's
    out = tmp_path / "r.docx"
    export_docx(report, out, info=info)
    assert_wps_safe(out, info)
    props = Document(out).core_properties
    assert props.created.replace(tzinfo=None) == info.created_utc and props.title == report.title
