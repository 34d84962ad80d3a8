"""Exported 整改台账 (xlsx) and 整改情况报告 (docx) hold exactly the database's items and figures, formatted."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime

import openpyxl
from docx import Document
from docx.oxml.ns import qn

from core.docmeta import DocInfo
from core.rectification import items, rules
from core.rectification.export_docx import export_docx
from core.rectification.export_xlsx import LEDGER_COLUMNS, export_xlsx
from tests.office_checks import assert_wps_safe

TODAY = date(2026, 11, 21)
ROOT = __import__("pathlib").Path(__file__).resolve().parents[3]


def _independent(store, year=None):
    """Figures counted straight from the tables, not through the code under test."""
    where = "where year = ?" if year else ""
    params = [year] if year else []
    rows = store.query(f"select number, status, deadline, standing from rectification {where}", params)
    by = {s: sum(1 for r in rows if r["status"] == s) for s in rules.STATUSES}
    overdue = sum(1 for r in rows if r["status"] in ("未启动", "整改中") and not r["standing"]
                  and r["deadline"] and r["deadline"] < TODAY.isoformat())
    return rows, by, overdue


def test_xlsx_ledger_matches_database(demo_store, tmp_path):
    out = tmp_path / "台账.xlsx"
    assert export_xlsx(demo_store, out, today=TODAY) == 20
    rows, by, overdue = _independent(demo_store)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["整改台账", "统计"]
    ws = wb["整改台账"]
    assert ws["A1"].value == "青山区政务服务数据管理局整改台账"
    assert "A1:L1" in [str(r) for r in ws.merged_cells.ranges]
    assert [c.value for c in ws[2]] == [c.title for c in LEDGER_COLUMNS] == [
        "序号", "编号", "问题来源", "问题描述", "整改措施", "责任领导", "责任科室", "责任人", "整改时限", "整改进展",
        "完成情况", "销号日期",  # printed; then, outside the print area, the fields it has no room for
        "来源文件", "来源日期", "整改目标", "完成日期", "完成情况说明", "销号审批人", "无佐证材料原因"]
    data = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert [r[0] for r in data] == list(range(1, 21))
    assert sorted(r[1] for r in data) == sorted(r["number"] for r in rows)
    status_of = {r["number"]: r for r in rows}
    for excel_row, values in enumerate(data, start=3):
        db = status_of[values[1]]
        late = db["status"] in ("未启动", "整改中") and not db["standing"] and db["deadline"] < TODAY.isoformat() \
            if db["deadline"] else False
        expected = rules.OVERDUE_COLOR if late else rules.STATUS_COLORS[db["status"]]
        cell = ws.cell(excel_row, 4)
        assert cell.fill.fgColor.rgb[-6:] == expected, values[1]
        assert cell.alignment.wrap_text and cell.border.left.style == "thin"
        if db["standing"]:
            assert values[8] == "长期坚持"
        if db["status"] == "已销号":
            assert values[11] and values[10].startswith("已完成")
    progress_total = demo_store.scalar("select count(*) from rectification_log where kind = 'progress'")
    assert sum(len(r[9].splitlines()) for r in data if r[9]) == progress_total
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$1:$2"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.column_dimensions["D"].width >= 20
    stats = wb["统计"]
    srows = [[c.value for c in row] for row in stats.iter_rows(min_row=3)]
    total_row = srows[-1]
    assert total_row[0] == "合计" and total_row[2] == 20
    assert total_row[3:7] == [by[s] for s in rules.STATUSES] and total_row[7] == overdue
    done = by["已完成"] + by["已销号"]
    assert total_row[8] == done / 20 and stats.cell(2 + len(srows), 9).number_format == "0.0%"
    by_source = {r[1]: r[2] for r in srows if r[0] == "按问题来源"}
    expected_sources = {}
    for r in demo_store.query("select source, count(*) as n from rectification group by source"):
        expected_sources[r["source"]] = r["n"]
    assert by_source == expected_sources
    by_department = {r[1]: r[2] for r in srows if r[0] == "按责任科室"}
    assert sum(by_department.values()) == 20 and len(by_department) == 4


def test_xlsx_year_filter_and_empty(store, tmp_path):
    items.create(store, {"problem": "旧问题"}, year=2025, today=TODAY)
    items.create(store, {"problem": "新问题", "standing": True}, year=2026, today=TODAY)
    out = tmp_path / "a.xlsx"
    assert export_xlsx(store, out, year=2026, today=TODAY) == 1
    ws = openpyxl.load_workbook(out)["整改台账"]
    assert ws["A1"].value.endswith("2026年整改台账")
    assert [c.value for c in ws[3]][3] == "新问题"
    assert export_xlsx(store, out, year=2030, today=TODAY) == 0
    ws = openpyxl.load_workbook(out)["整改台账"]
    assert ws.max_row == 2


def _east_asian(run) -> str | None:
    rpr = run._r.rPr
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def test_docx_report_matches_database(demo_store, tmp_path):
    out = tmp_path / "报告.docx"
    assert export_docx(demo_store, out, today=TODAY) == 20
    rows, by, overdue = _independent(demo_store)
    doc = Document(out)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "青山区政务服务数据管理局" and texts[1] == "关于整改工作情况的报告"
    assert "区委、区政府：" in texts
    summary = next(t for t in texts if t.startswith("目前共登记整改事项"))
    done = by["已完成"] + by["已销号"]
    assert "共登记整改事项20项" in summary
    assert f"已销号{by['已销号']}项" in summary and f"已完成待销号{by['已完成']}项" in summary
    assert f"整改中{by['整改中']}项" in summary and f"未启动{by['未启动']}项" in summary
    assert f"逾期未完成{overdue}项" in summary and f"整改完成率{done / 20:.1%}" in summary
    headings = [p for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == 20
    assert headings[0].text.startswith("（一）ZG-") and headings[19].text.startswith("（二十）ZG-")
    numbers = [re.search(r"ZG-\d{4}-\d{3}", h.text).group(0) for h in headings]
    assert sorted(numbers) == sorted(r["number"] for r in rows)
    status_lines = [t for t in texts if t.startswith("整改状态：")]
    assert len(status_lines) == 20
    assert sum(t.startswith("整改状态：已销号") for t in status_lines) == by["已销号"]
    assert sum("已逾期" in t for t in status_lines) == overdue
    assert sum(t.startswith("存在问题：") for t in texts) == 20
    assert texts[-1] == "2026年11月21日" and texts[-2] == "青山区政务服务数据管理局"
    section = doc.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round(section.page_width.mm) == 210
    body = next(p for p in doc.paragraphs if p.text.startswith("存在问题："))
    assert _east_asian(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size.pt == 16
    assert _east_asian(headings[0].runs[0]) == "楷体_GB2312"
    h1 = next(p for p in doc.paragraphs if p.style.name == "Heading 1")
    assert _east_asian(h1.runs[0]) == "黑体"
    title_run = doc.paragraphs[0].runs[0]
    assert _east_asian(title_run) == "方正小标宋简体" and title_run.font.size.pt == 22
    assert doc.settings.odd_and_even_pages_header_footer


def test_cli_export_both_formats(demo_store, tmp_path):
    path = demo_store.path
    demo_store.close()
    for fmt in ("xlsx", "docx"):
        out = tmp_path / f"out.{fmt}"
        proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(path), "export", "rectification",
                               "--year", "2026", "--format", fmt, "--out", str(out), "--json"],
                              capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["items"] == 20 and out.exists()
    bad = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(path), "export", "rectification",
                          "--format", "xlsx", "--out", str(tmp_path / "x.docx")], capture_output=True, text=True,
                         cwd=ROOT, timeout=60)
    assert bad.returncode == 1 and "扩展名" in bad.stderr


# -- issue 11: typed cells, formula-safe text, WPS-safe report --------------------------------------------

def test_xlsx_dates_are_dates_and_the_rate_a_number(demo_store, tmp_path):
    out = tmp_path / "台账.xlsx"
    export_xlsx(demo_store, out, today=TODAY)
    wb = openpyxl.load_workbook(out)
    ws = wb["整改台账"]
    standing = {r["number"] for r in demo_store.query("select number from rectification where standing = 1")}
    closed = {r["number"]: r["closed_on"] for r in demo_store.query("select number, closed_on from rectification")}
    for row in range(3, ws.max_row + 1):
        number, deadline, closed_on = ws.cell(row, 2).value, ws.cell(row, 9), ws.cell(row, 12)
        if number in standing:
            assert deadline.value == "长期坚持" and deadline.data_type == "s"
        else:
            assert deadline.is_date and deadline.number_format == "yyyy-mm-dd", number
        if closed[number]:
            assert closed_on.is_date and closed_on.value.date() == date.fromisoformat(closed[number])
        else:
            assert closed_on.value is None
    stats = wb["统计"]
    rates = [stats.cell(row, 9) for row in range(3, stats.max_row + 1)]
    assert all(c.data_type == "n" and 0 <= c.value <= 1 and c.number_format == "0.0%" for c in rates)
    assert wb.properties.creator == "青山区政务服务数据管理局"


def test_formula_text_survives_import_rectification_and_export(store, tmp_path):
    source = tmp_path / "来文.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "问题来源", "问题描述", "整改措施", "整改时限"])
    texts = ('=HYPERLINK("http://example.com","点此")', "=1+1", "@SUM(1,2)")
    for n, text in enumerate(texts, start=1):
        sheet.append([f"ZG-2026-{n:03d}", "自查", None, None, "2026-12-31"])
        for column in (3, 4):
            sheet.cell(sheet.max_row, column, text).data_type = "s"  # text, as typed with a leading '
    book.save(source)
    store.conn.execute("pragma wal_checkpoint(TRUNCATE)")
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(store.path), "import", "rectification",
                           str(source)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "台账.xlsx"
    assert export_xlsx(store, out, today=TODAY) == 3
    ws = openpyxl.load_workbook(out)["整改台账"]
    for row, text in enumerate(texts, start=3):
        problem = ws.cell(row, 4)
        assert problem.value == text and problem.data_type == "s" and problem.quotePrefix
    assert "<f>" not in zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()


def test_docx_report_is_wps_safe_with_the_units_properties(demo_store, tmp_path):
    out = tmp_path / "报告.docx"
    export_docx(demo_store, out, today=TODAY)
    assert_wps_safe(out, DocInfo("青山区政务服务数据管理局", "青山区政务服务数据管理局关于整改工作情况的报告",
                                 datetime(2026, 11, 21, 9, 0)))
