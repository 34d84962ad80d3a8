"""The shared Excel ledger writer: print layout, borders on every cell, rows tall enough for wrapped text."""
from __future__ import annotations

import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from core import ledger_xlsx
from core.docmeta import DocInfo
from core.ledger_xlsx import Column
from core.rectification import export_xlsx as rect_xlsx
from core.study import export_xlsx as study_xlsx

INFO = DocInfo("某局", "某局整改台账", datetime(2026, 11, 21, 9, 0))


def test_ledger_sheet_layout_borders_fills_and_row_heights(tmp_path):
    columns = [Column("序号", 6, "center"), Column("问题描述", 20), Column("学时", 8, "right")]
    rows = [[1, "短", 2.5], [2, "很长的问题描述" * 6, None], [3, "第一行\n第二行\n第三行", 1]]
    wb = ledger_xlsx.new_workbook(INFO)
    written = ledger_xlsx.write_sheet(wb, "台账", "某局整改台账", columns, rows, totals=["合计", "", 3.5],
                                      row_fill=lambda r: "FFC7CE" if r[0] == 2 else None)
    path = tmp_path / "ledger.xlsx"
    ledger_xlsx.save(wb, path)
    assert written == 3

    ws = load_workbook(path).active
    assert ws["A1"].value == "某局整改台账" and {str(r) for r in ws.merged_cells.ranges} == {"A1:C1"}
    assert [c.value for c in ws[2]] == ["序号", "问题描述", "学时"]
    assert ws.freeze_panes == "A3" and ws.print_title_rows == "$1:$2"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws["A3"].font.name == "宋体" and ws["A3"].alignment.horizontal == "center"
    assert ws["C4"].value is None and ws["C4"].border.left.style == "thin", "empty cells are bordered too"
    assert ws["B4"].fill.fgColor.rgb.endswith("FFC7CE") and not ws["B3"].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws["A6"].value == "合计" and ws["A6"].font.b
    assert ws.row_dimensions[3].height is None, "one line needs no height"
    assert ws.row_dimensions[4].height >= 4 * ledger_xlsx.LINE_HEIGHT_PT  # 84 units over an 18-unit column
    assert ws.row_dimensions[5].height >= 3 * ledger_xlsx.LINE_HEIGHT_PT


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    risky = ["=1+1", "+1", "-1", "@SUM(A1)", "  =1+1", "\t=cmd", "\n@x", '=HYPERLINK("http://x","点此")']
    plain = ["#N/A", "-", "正文", "1=1", ""]
    assert all(ledger_xlsx.looks_like_formula(t) for t in risky)
    assert not any(ledger_xlsx.looks_like_formula(t) for t in ["#N/A", "正文", "1=1", "", "　正文"])
    wb = ledger_xlsx.new_workbook(INFO)
    ledger_xlsx.write_sheet(wb, "台账", "标题", [Column("内容", 20)], [[t] for t in risky + plain])
    path = tmp_path / "f.xlsx"
    ledger_xlsx.save(wb, path)
    ws = load_workbook(path).active
    cells = [ws.cell(row, 1) for row in range(3, 3 + len(risky) + len(plain))]
    assert [c.value for c in cells] == risky + plain[:-1] + [None]
    assert all(c.data_type == "s" for c in cells[:-1]), "no formula and no error cell"
    assert all(c.quotePrefix for c in cells[:len(risky)]) and not cells[-2].quotePrefix
    assert cells[0].font.name == "宋体" and cells[0].border.left.style == "thin"  # the column's style, quoted
    assert "<f>" not in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()


def test_iso_dates_become_date_cells():
    assert ledger_xlsx.as_date("2026-03-01") == date(2026, 3, 1)
    assert ledger_xlsx.as_date("2026-02-30") == "2026-02-30"
    assert ledger_xlsx.as_date("长期坚持") == "长期坚持" and ledger_xlsx.as_date(5) == 5


def test_workbook_font_and_properties(tmp_path):
    wb = ledger_xlsx.new_workbook(INFO)
    ledger_xlsx.write_sheet(wb, "台账", "标题", [Column("日期", 12, "center", ledger_xlsx.DATE_FORMAT)],
                            [[date(2026, 3, 1)]])
    path = tmp_path / "p.xlsx"
    ledger_xlsx.save(wb, path)
    book = load_workbook(path)
    assert book.properties.creator == book.properties.lastModifiedBy == "某局"
    assert book.properties.created == book.properties.modified == INFO.created_utc  # the store's time
    assert book._fonts[0].name == "宋体" and book._named_styles["Normal"].font.name == "宋体"
    cell = book.active["A3"]
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"


@pytest.mark.parametrize("columns", [study_xlsx.LEDGER_COLUMNS, study_xlsx.PEOPLE_COLUMNS, study_xlsx.EXAM_COLUMNS,
                                     rect_xlsx.LEDGER_COLUMNS, rect_xlsx.STATS_COLUMNS])
def test_every_ledger_prints_at_90_percent_or_more(columns):
    """Fit to the width of A4 landscape, by Excel's own rule for 宋体 11 (8 px a width unit, 5 px padding)."""
    assert ledger_xlsx.print_scale([c.width for c in ledger_xlsx.printed_columns(columns)]) >= 0.9


def test_a_last_page_of_one_row_is_avoided(tmp_path):
    columns = [Column("序号", 6, "center"), Column("内容", 40)]
    per_page = int((ledger_xlsx.PRINT_HEIGHT_PT - ledger_xlsx.TITLE_HEIGHT_PT - ledger_xlsx.ROW_HEIGHT_PT)
                   // ledger_xlsx.ROW_HEIGHT_PT)
    for rows, fit in ((per_page + 1, 1), (per_page + 3, 0), (per_page, 0)):
        wb = ledger_xlsx.new_workbook(INFO)
        ledger_xlsx.write_sheet(wb, "台账", "标题", columns, [[n, "短"] for n in range(rows)])
        path = tmp_path / f"{rows}.xlsx"
        ledger_xlsx.save(wb, path)
        ws = load_workbook(path).active
        assert ws.page_setup.fitToHeight == fit, rows  # one page tall when a single row would spill over
        assert ws.sheet_format.defaultRowHeight == ledger_xlsx.ROW_HEIGHT_PT and ws.sheet_format.customHeight


def test_row_heights_are_written_with_their_rows_and_not_kept(tmp_path):
    """A wrapped row's height goes out with the row and is dropped: a sheet of 100,000 rows holds none (issue 13)."""
    wb = ledger_xlsx.new_workbook(INFO)
    rows = [[n, "很长的问题描述" * (1 + n % 3)] for n in range(50)]
    ledger_xlsx.write_sheet(wb, "台账", "标题", [Column("序号", 6, "center"), Column("问题描述", 10)], rows)
    assert set(wb.worksheets[0].row_dimensions) <= {1, 2}  # title and header only
    path = tmp_path / "tall.xlsx"
    ledger_xlsx.save(wb, path)
    ws = load_workbook(path).active
    heights = [ws.row_dimensions[3 + n].height for n in range(50)]
    assert heights == [2 * (1 + n % 3) * ledger_xlsx.LINE_HEIGHT_PT + 4 for n in range(50)]  # 14 units a time in 8


def test_columns_outside_the_print_area_come_last():
    printed, extra = Column("序号", 6, "center"), Column("内容摘要", 40, printed=False)
    assert ledger_xlsx.printed_columns([printed, extra]) == [printed]
    with pytest.raises(ValueError):
        ledger_xlsx.printed_columns([extra, printed])
