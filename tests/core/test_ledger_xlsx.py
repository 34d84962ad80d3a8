"""The shared Excel ledger writer: print layout, borders on every cell, rows tall enough for wrapped text."""
from __future__ import annotations

from openpyxl import load_workbook

from core import ledger_xlsx
from core.ledger_xlsx import Column


def test_ledger_sheet_layout_borders_fills_and_row_heights(tmp_path):
    columns = [Column("序号", 6, "center"), Column("问题描述", 20), Column("学时", 8, "right")]
    rows = [[1, "短", 2.5], [2, "很长的问题描述" * 6, None], [3, "第一行\n第二行\n第三行", 1]]
    wb = ledger_xlsx.new_workbook()
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
