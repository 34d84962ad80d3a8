"""Exports of 学法记录: the Excel 学法台账 (3 sheets) and the Word 学法记录表 / 签到表, read back and checked."""
from __future__ import annotations

import os
import re
import stat
import zipfile
from collections import defaultdict
from datetime import UTC, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import Workbook, load_workbook

from core import cli
from core.docmeta import DocInfo
from core.errors import RuleViolation
from core.study import export_docx, export_xlsx, sessions
from core.study.sessions import StudyFilter
from tests.office_checks import assert_wps_safe

YEAR = 2025
HEADER = ["序号", "日期", "学习形式", "学习主题", "学习内容（法律法规）", "主讲人", "参学人数", "参学人员", "请假人员", "学时", "记录人"]


@pytest.fixture
def ledger(demo_store, tmp_path):
    path = tmp_path / "台账.xlsx"
    count = export_xlsx.write_ledger(demo_store, YEAR, path)
    return load_workbook(path), count


def test_ledger_sheet(demo_store, ledger):
    wb, count = ledger
    assert wb.sheetnames == ["学法台账", "个人学时统计", "考试成绩"]
    ws = wb["学法台账"]
    assert "A1:K1" in [str(r) for r in ws.merged_cells.ranges]
    assert ws["A1"].value == f"区政数局{YEAR}年度学法台账"
    # the printed ledger, then the fields it has no room for, outside the print area (for the re-import)
    assert [c.value for c in ws[2]] == [*HEADER, "起止时间", "地点", "主持人", "外单位人数", "合格分数线", "内容摘要"]
    db_rows = demo_store.query("select * from study_session where held_on like ? order by held_on, id", [f"{YEAR}-%"])
    assert count == len(db_rows) > 0
    data = [[c.value for c in row] for row in ws.iter_rows(min_row=3, max_row=2 + count)]
    assert [r[1].date().isoformat() for r in data] == [r["held_on"] for r in db_rows]
    assert [r[3] for r in data] == [r["topic"] for r in db_rows]
    assert [r[0] for r in data] == list(range(1, count + 1))
    total = [c.value for c in ws[3 + count]]
    assert total[0] == "合计"
    db_person_times = demo_store.scalar(
        "select count(*) from study_attendance a join study_session s on s.id = a.session_id "
        "where s.held_on like ? and a.status = 'attended'", [f"{YEAR}-%"]) + sum(r["outside_count"] for r in db_rows)
    assert total[6] == db_person_times == sum(r[6] for r in data)
    assert total[9] == pytest.approx(sum(r["hours"] for r in db_rows)) == pytest.approx(sum(r[9] for r in data))
    assert ws.max_row == 3 + count
    first_leave = next(r for r in db_rows if r["on_leave_count"])
    leave_cell = data[db_rows.index(first_leave)][8]
    assert leave_cell.count("（") == first_leave["on_leave_count"]  # every reason in brackets
    # print-ready
    assert ws.freeze_panes == "A3"
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$1:$2"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws["D3"].alignment.wrap_text and ws["D3"].border.left.style == "thin"
    assert ws.column_dimensions["D"].width >= 20


def test_people_sheet_equals_an_independent_count(demo_store, ledger):
    wb, _ = ledger
    ws = wb["个人学时统计"]
    header = [c.value for c in ws[2]]
    for name in ("姓名", "科室", "职务", "参学次数", "学时", "考试成绩", "是否达标"):
        assert name in header
    col = {name: header.index(name) for name in header}
    hours, times = defaultdict(float), defaultdict(int)
    held = {r["id"]: r for r in demo_store.query("select id, held_on, hours from study_session")}
    for a in demo_store.query("select session_id, staff_id, status from study_attendance"):
        s = held[a["session_id"]]
        if s["held_on"].startswith(str(YEAR)) and a["status"] == "attended":
            hours[a["staff_id"]] += s["hours"]
            times[a["staff_id"]] += 1
    names = {r["name"]: r["id"] for r in demo_store.query("select id, name from staff")}
    left = {r["id"]: r["left_on"] for r in demo_store.query("select id, left_on from staff where active = 0")}
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert len(rows) == len({*hours, *[r["id"] for r in demo_store.query("select id from staff where active = 1")]})
    for row in rows:
        sid = names[row[col["姓名"]]]
        assert row[col["参学次数"]] == times[sid]
        assert row[col["学时"]] == pytest.approx(hours[sid])
        if hours[sid] >= 40:
            assert row[col["是否达标"]] == "达标"
        elif sid in left:  # left during the year: the minimum does not apply
            assert row[col["是否达标"]] == f"{left[sid]}离职"
        else:
            assert row[col["是否达标"]].startswith("未达标")
    below = [r for r in rows if r[col["是否达标"]].startswith("未达标")]
    assert below and all(ws.cell(row=3 + rows.index(r), column=1).fill.fgColor.rgb.endswith("FDE2E1") for r in below)
    kinds = [r[col["类别"]] for r in rows]
    assert kinds == sorted(kinds, key=lambda k: k != "领导干部")  # leaders first, apart


def test_exam_sheet(demo_store, ledger):
    wb, _ = ledger
    ws = wb["考试成绩"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    expected = demo_store.scalar(
        "select count(*) from study_attendance a join study_session s on s.id = a.session_id "
        f"where s.form = '学法考试' and s.held_on like '{YEAR}-%' and a.status = 'attended'")
    assert len(rows) == expected > 0
    for r in rows:
        assert r[7] == ("合格" if r[5] >= r[6] else "不合格")


def _east_asian(run) -> str | None:
    rpr = run._r.rPr
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def test_word_records_one_table_per_session(demo_store, tmp_path):
    path = tmp_path / "记录表.docx"
    count = export_docx.write_records(demo_store, YEAR, path)
    doc = Document(path)
    ids = [r["id"] for r in sessions.list_sessions(demo_store, StudyFilter(year=YEAR))]
    assert count == len(doc.tables) == len(ids)
    for table, session_id in zip(doc.tables, ids):
        expected = export_docx.record_fields(demo_store, session_id)
        cells = {}
        for row in table.rows:
            texts = [c.text for c in row.cells]
            for i in range(0, len(texts) - 1, 2):
                cells.setdefault(texts[i], texts[i + 1])
        for label, value in expected:
            assert cells[label] == value, label
        row = demo_store.get("study_session", session_id)
        assert cells["学习主题"] == row["topic"]
        assert cells["学时"] == sessions.format_hours(row["hours"])
        for label in ("时间", "地点", "学习形式", "主持人", "主讲人", "记录人", "参学人员", "请假人员及原因", "学时"):
            assert label in cells
        runs = [r for c in table._cells for p in c.paragraphs for r in p.runs if r.text]
        assert runs and all(_east_asian(r) for r in runs)
    exam_id = next(i for i in ids if demo_store.get("study_session", i)["form"] == "学法考试")
    assert any(label == "考试情况" for label, _ in export_docx.record_fields(demo_store, exam_id))
    normal = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.top_margin.mm) == 37
    titles = [p for p in doc.paragraphs if p.text == "学法记录表"]
    assert len(titles) == count and all(p.paragraph_format.page_break_before for p in titles[1:])


def test_word_records_empty_year(demo_store, tmp_path):
    with pytest.raises(RuleViolation, match="没有学法记录"):
        export_docx.write_records(demo_store, 1999, tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_sign_in_sheet(demo_store, tmp_path):
    planned = demo_store.scalar("select id from study_session order by held_on desc limit 1")
    path = tmp_path / "签到表.docx"
    count = export_docx.write_sign_in(demo_store, planned, path)
    doc = Document(path)
    table = doc.tables[0]
    active = demo_store.scalar("select count(*) from staff where active = 1")
    assert count == active == len(table.rows) - 3  # title, facts and column headers, then one row a person
    assert [c.text for c in table.rows[2].cells] == ["序号", "科室", "姓名", "职务", "签名", "备注"]
    assert all(row.cells[4].text == "" for row in table.rows[3:])
    departments = [row.cells[1].text for row in table.rows[3:]]
    assert departments[0] == "局领导"
    seen = list(dict.fromkeys(departments))
    assert departments == sorted(departments, key=seen.index)  # grouped by 科室
    topic = demo_store.get("study_session", planned)["topic"]
    assert table.rows[0].cells[0].text == "学法签到表"
    assert table.rows[1].cells[0].text.startswith(f"学习主题：{topic}\n时间：")
    runs = [r for c in table._cells for p in c.paragraphs for r in p.runs if r.text]
    assert all(_east_asian(r) for r in runs)


def test_cli_export(demo_store, tmp_path, capsys):
    demo_store.conn.execute("pragma wal_checkpoint(TRUNCATE)")  # the CLI checks the file header on disk
    db = str(demo_store.path)
    out = tmp_path / "cli.xlsx"
    assert cli.main(["--db", db, "export", "study", "--year", str(YEAR), "--format", "xlsx", "--out", str(out)]) == 0
    assert load_workbook(out)["学法台账"].max_row > 3
    out_doc = tmp_path / "cli.docx"
    assert cli.main(["--db", db, "export", "study", "--year", str(YEAR), "--format", "docx", "--out",
                     str(out_doc)]) == 0
    assert len(Document(out_doc).tables) == sessions.totals(demo_store, StudyFilter(year=YEAR)).sessions
    sign = tmp_path / "sign.docx"
    assert cli.main(["--db", db, "export", "study", "--sign-in", "1", "--out", str(sign)]) == 0
    assert sign.exists()
    assert cli.main(["--db", db, "export", "study", "--out", str(tmp_path / "y.xlsx")]) == 1
    assert "--year" in capsys.readouterr().err


# -- issue 11: typed cells, formula-safe text, planned sessions, WPS-safe Word files -----------------------

def test_ledger_cells_are_typed_and_the_workbook_is_the_units(demo_store, ledger, tmp_path):
    wb, count = ledger
    ws = wb["学法台账"]
    dates = [ws.cell(row, 2) for row in range(3, 3 + count)]
    assert all(c.is_date and c.number_format == "yyyy-mm-dd" for c in dates)
    assert all(ws.cell(row, 10).data_type == "n" for row in range(3, 3 + count))  # 学时
    exam = wb["考试成绩"]
    assert all(exam.cell(row, 2).is_date for row in range(3, exam.max_row + 1))
    assert wb.properties.creator == "青山区政务服务数据管理局" and wb.properties.title.endswith("学法台账")
    assert wb.properties.created == datetime(2026, 11, 21, 9, 0).astimezone(UTC).replace(tzinfo=None)
    styles = zipfile.ZipFile(tmp_path / "台账.xlsx").read("xl/styles.xml").decode()
    first_font = re.search(r"<fonts[^>]*><font>(.*?)</font>", styles).group(1)
    assert '<name val="宋体"/>' in first_font and "scheme" not in first_font  # no theme font (Calibri)
    assert b"openpyxl" not in zipfile.ZipFile(tmp_path / "台账.xlsx").read("docProps/core.xml")


def test_planned_session_is_not_in_the_ledger_or_its_totals(demo_store, tmp_path):
    year = demo_store.clock.today().year
    today = demo_store.clock.today().isoformat()
    planned = demo_store.query("select * from study_session where held_on > ?", [today])
    assert planned and planned[0]["held_on"].startswith(str(year)), "the demo plans a session next week"
    path = tmp_path / "本年.xlsx"
    count = export_xlsx.write_ledger(demo_store, year, path)
    held = demo_store.query("select * from study_session where held_on like ? and held_on <= ?", [f"{year}-%", today])
    assert count == len(held)
    ws = load_workbook(path)["学法台账"]
    topics = [ws.cell(row, 4).value for row in range(3, 3 + count)]
    assert planned[0]["topic"] not in topics
    total = [c.value for c in ws[3 + count]]
    assert total[1] == f"{len(held)}次" and total[9] == pytest.approx(sum(r["hours"] for r in held))


FORMULAS = ('=HYPERLINK("http://example.com","点此")', "=1+1", "+1+2", "@SUM(1,2)", "-3+4")


def test_formula_text_survives_import_study_and_export(store, tmp_path):
    source = tmp_path / "来文台账.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "学习形式", "学习主题", "主讲人", "学时"])
    for day, text in enumerate(FORMULAS, start=1):
        sheet.append([f"2025-03-{day:02d}", "集中学法", None, text, 1])
        for column in (3, 4):  # typed into Excel as text (with a leading '), so stored as strings
            cell = sheet.cell(sheet.max_row, column, text)
            cell.data_type = "s"
    book.save(source)
    store.conn.execute("pragma wal_checkpoint(TRUNCATE)")
    db = str(store.path)
    assert cli.main(["--db", db, "import", "study", str(source)]) == 0
    assert [r["topic"] for r in store.query("select topic from study_session order by held_on")] == list(FORMULAS)
    out = tmp_path / "台账.xlsx"
    assert cli.main(["--db", db, "export", "study", "--year", "2025", "--format", "xlsx", "--out", str(out)]) == 0
    ws = load_workbook(out)["学法台账"]
    for row, text in enumerate(FORMULAS, start=3):
        for column in (4, 6):  # 学习主题, 主讲人
            cell = ws.cell(row, column)
            assert cell.value == text and cell.data_type == "s", (row, column)
            assert cell.quotePrefix, "kept as text when the clerk edits the cell"
    sheet_xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "HYPERLINK" in sheet_xml


def test_word_records_and_sign_in_are_wps_safe(demo_store, tmp_path):
    from docx.shared import Mm, Pt

    records = tmp_path / "记录表.docx"
    export_docx.write_records(demo_store, YEAR, records)
    now = datetime(2026, 11, 21, 9, 0)
    assert_wps_safe(records, DocInfo("青山区政务服务数据管理局", f"区政数局{YEAR}年度学法记录表", now))
    # 「请假人员及原因」 on one line: seven 4号 characters and the cell's margins fit the label column
    width = Mm(export_docx.RECORD_WIDTHS_MM[0])
    margins = Pt(2 * 5.4)  # Table Grid: 0.19 cm each side
    assert width - margins >= Pt(len("请假人员及原因") * 14)
    planned = demo_store.scalar("select id from study_session order by held_on desc limit 1")
    sign = tmp_path / "签到表.docx"
    export_docx.write_sign_in(demo_store, planned, sign)
    topic = demo_store.get("study_session", planned)["topic"]
    assert_wps_safe(sign, DocInfo("青山区政务服务数据管理局", f"学法签到表（{topic}）", now))


def test_sign_in_repeats_title_topic_and_header_on_every_page(demo_store, tmp_path):
    planned = demo_store.scalar("select id from study_session order by held_on desc limit 1")
    path = tmp_path / "签到表.docx"
    export_docx.write_sign_in(demo_store, planned, path)
    rows = Document(path).tables[0].rows
    repeated = [r._tr for r in rows if r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert repeated == [r._tr for r in rows[:3]]  # title, 学习主题 and the facts, column headers: header rows come first
    assert "学法签到表" in rows[0].cells[0].text and "学习主题" in rows[1].cells[0].text


def test_exported_files_get_ordinary_permissions(demo_store, tmp_path):
    old = os.umask(0o027)
    try:
        xlsx, docx_file = tmp_path / "a.xlsx", tmp_path / "b.docx"
        export_xlsx.write_ledger(demo_store, YEAR, xlsx)
        export_docx.write_records(demo_store, YEAR, docx_file)
    finally:
        os.umask(old)
    assert stat.S_IMODE(xlsx.stat().st_mode) == stat.S_IMODE(docx_file.stat().st_mode) == 0o640
