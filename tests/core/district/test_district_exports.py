"""The 汇总表 (xlsx) and the district's report paragraph (docx, and as inserted text), opened and checked."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from core.district import export_docx, export_xlsx, keys, paragraph, receive, view
from core.errors import RuleViolation
from tests.conftest import TODAY
from tests.core.district import synth

YEAR = TODAY.year - 1


@pytest.fixture
def district(store, tmp_path):
    from core import unit

    unit.save(store, unit.UnitProfile(full_name="青山区司法局", collects_subordinates=True))
    made = []
    for i, (name, submitted) in enumerate((("=HYPERLINK(\"x\")局", f"{YEAR + 1}-02-20"),
                                           ("青山区财政局", f"{YEAR + 1}-03-05"), ("青山区审计局", None))):
        path = tmp_path / f"{i}.lawdesk-pkg"
        synth.package(path, name, YEAR, keys.load_or_create(tmp_path / f"{i}.db"), sessions=20 + i, items=6,
                      seed=i, submitted_on=submitted, report_status="已报送" if submitted else "草稿")
        made.append(path)
    receive.import_packages(store, made)
    return store


def test_the_summary_sheet_is_print_ready_and_typed(district, tmp_path):
    out = tmp_path / "汇总表.xlsx"
    assert export_xlsx.write_summary(district, YEAR, out) == 3
    ws = load_workbook(out).active
    assert "A1:M1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A1"].value == f"青山区司法局{YEAR}年度所属单位法治政府建设情况汇总表"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$1:$2"
    assert [c.value for c in ws[2]][:5] == ["序号", "单位", "年度报告", "报送日期", "是否按时"]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=3, max_row=5)}
    formula = rows['=HYPERLINK("x")局']
    assert formula[1].data_type == "s" and formula[1].quotePrefix  # text, never a live formula
    assert isinstance(formula[3].value, datetime) and formula[3].number_format == "yyyy-mm-dd"
    assert formula[4].value == "按时"
    shown = {u.unit: u for u in view.district(district, YEAR).units}
    assert formula[5].value == shown['=HYPERLINK("x")局'].sessions and isinstance(formula[5].value, int)
    assert rows["青山区财政局"][4].value == "逾期"
    assert rows["青山区财政局"][0].fill.fgColor.rgb.endswith("F8CBAD")  # late: marked
    totals = [c.value for c in ws[6]]
    assert totals[0] == "合计" and totals[5] == sum(u.sessions for u in shown.values())
    assert totals[12] == sum(u.overdue for u in shown.values())


def test_nothing_to_export_is_said_before_a_file_is_written(store, tmp_path):
    out = tmp_path / "x.xlsx"
    with pytest.raises(RuleViolation, match="还没有导入"):
        export_xlsx.write_summary(store, YEAR, out)
    assert not out.exists()


def test_the_paragraph_quotes_the_aggregated_figures(district):
    text = paragraph.district_paragraph(district, YEAR, date(YEAR + 1, 3, 10))
    totals = view.district(district, YEAR).totals()
    assert "共收到3个单位" in text
    assert "2个单位已报送年度报告，其中1个单位在3月1日前按时报送，1个单位逾期报送，1个单位尚未报送" in text
    assert f"学法活动{totals['sessions']}次，参学{totals['person_times']}人次" in text
    assert f"整改事项{totals['items']}项，已销号{totals['closed']}项" in text


def test_the_docx_draft_is_in_official_format_with_the_figures_and_a_table(district, tmp_path):
    out = tmp_path / "汇总.docx"
    assert export_docx.write_draft(district, YEAR, out) == 3
    doc = Document(out)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == f"{YEAR}年度所属单位法治政府建设情况"
    assert any(t.startswith(f"{YEAR}年度，共收到3个单位") for t in texts)
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells][:2] == ["单位", "年度报告"]
    assert len(table.rows) == 4
    run = next(p for p in doc.paragraphs if p.text.startswith(f"{YEAR}年度，共收到")).runs[0]
    assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert doc.core_properties.author == "青山区司法局"
