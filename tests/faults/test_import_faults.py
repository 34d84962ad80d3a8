"""Hostile and awkward input to the spreadsheet importers (issue 16, 导入): every case ends in a Chinese message,
the dry run says exactly what the import does, a file where nothing can be imported exits 1 and writes nothing.

Each case builds its own small file; the CLI runs in-process (`core.cli.main`) on the test's database.
"""
from __future__ import annotations

import contextlib
import io
import json
import re
import time
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from faultkit import Member, write_zip

from core import cli, limits
from core.errors import ImportFileError
from core.rectification import importer as rect_importer
from core.rectification.schema import LIMITS as RECT_LIMITS
from core.reports import parse
from core.staff import importer as staff_importer
from core.staff import roster
from core.staff.schema import LIMITS as STAFF_LIMITS
from core.study import export_docx, export_xlsx
from core.study import importer as study_importer
from core.study.schema import LIMITS as STUDY_LIMITS

STUDY_HEADER = ["日期", "学习形式", "学习主题", "学习内容", "主讲人", "参学人员", "请假人员", "学时", "外单位人数"]
ENGLISH_ERROR = re.compile(r"[A-Za-z]+Error|out of range|Traceback|invalid|overflow|NULL bytes"
                           r"|(?:\b[A-Za-z]{3,}\s+){2}[A-Za-z]{3,}", re.IGNORECASE)  # or any English phrase


def chinese(message: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", message)) and not ENGLISH_ERROR.search(message)


def xlsx(path: Path, header: list, rows: list[list], *, text_cells: bool = False) -> Path:
    """A ledger as Excel writes it; with `text_cells`, cells starting with = are text cells, not formulas."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
        if text_cells:
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    wb.save(path)
    return path


def study_row(topic: str = "学习宪法", **cells) -> list:
    row = dict(zip(STUDY_HEADER, ["2026-05-16", "集中学法", topic, "《宪法》", "张三", "张三、李四", "", 2, 0]))
    row.update(cells)
    return list(row.values())


def run(store, *args: str) -> tuple[int, dict]:
    """`main.py --db … import …  --json` on the test's database: (exit code, the JSON printed)."""
    store.conn.execute("pragma wal_checkpoint(TRUNCATE)")  # the CLI checks the file header on disk
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(["--db", str(store.path), "import", *args, "--json"])
    out = buffer.getvalue()
    return code, json.loads(out[out.index("{"):]) if "{" in out else {}


def written(store) -> tuple[int, int, int, int]:
    return tuple(store.scalar(f"select count(*) from {t}")
                 for t in ("study_session", "rectification", "staff", "audit_log"))  # type: ignore[return-value]


@pytest.fixture
def people(store):
    for name in ("张三", "李四"):
        roster.add(store, name, "办公室", "科员")
    return store


# -- one bad cell: rejected with its row number and a Chinese reason, in the dry run as in the import ----
BAD_STUDY_ROWS = {
    "外单位人数 1e20": (study_row(外单位人数=1e20), "外单位人数"),
    "外单位人数 −5": (study_row(外单位人数=-5), "外单位人数"),
    "外单位人数 2.5": (study_row(外单位人数=2.5), "整数"),
    "学时 25": (study_row(学时=25), "学时"),
    "学时 −1": (study_row(学时=-1), "学时"),
    "法规名称超过 100 字": (study_row(学习内容="《" + "法" * 101 + "》"), "法律法规名称"),
    "主题超过 200 字": (study_row("主" * 201), "学习主题"),
}


@pytest.mark.parametrize("case", sorted(BAD_STUDY_ROWS))
def test_a_bad_study_row_is_refused_alike_in_the_dry_run_and_the_import(people, tmp_path, case):
    row, word = BAD_STUDY_ROWS[case]
    path = xlsx(tmp_path / "台账.xlsx", STUDY_HEADER, [row])
    before = written(people)
    dry_code, dry = run(people, "study", str(path), "--dry-run")
    code, real = run(people, "study", str(path))
    assert dry["rejected"] == real["rejected"] and len(real["rejected"]) == 1
    reason = real["rejected"][0]
    assert reason["row"] == 2 and word in reason["reason"] and chinese(reason["reason"])
    assert dry_code == code == 1 and not real["imported"]  # nothing could be imported: exit 1
    assert written(people) == before


def test_a_good_row_beside_bad_ones_is_imported_and_the_bad_rows_listed(people, tmp_path):
    path = xlsx(tmp_path / "台账.xlsx", STUDY_HEADER, [study_row("好的一行"), study_row("坏的一行", 外单位人数=-5)])
    dry_code, dry = run(people, "study", str(path), "--dry-run")
    code, real = run(people, "study", str(path))
    assert dry_code == code == 0
    assert [r["row"] for r in dry["imported"]] == [r["row"] for r in real["imported"]] == [2]
    assert dry["rejected"] == real["rejected"] and real["rejected"][0]["row"] == 3
    assert people.scalar("select count(*) from study_session") == 1


@pytest.mark.parametrize("cell, word", [("0000年底", "0000"), ("9999年底", "9999"), ("9999年6月底", "9999"),
                                        ("1900-01-05", "1900")])
def test_a_deadline_out_of_the_sane_years_is_refused_in_chinese(store, tmp_path, cell, word):
    path = xlsx(tmp_path / "整改.xlsx", ["问题描述", "整改时限"], [["某问题", cell]])
    before = written(store)
    code, out = run(store, "rectification", str(path))
    reason = out["rejected"][0]["reason"]
    assert code == 1 and "整改时限" in reason and word in reason and "1950" in reason and chinese(reason)
    assert written(store) == before


# -- every text field has a length limit, every number a range: declared once, checked on import ---------
def _study_cells(field: str, text: str) -> dict:
    if field == "laws":
        return {"学习内容": f"《{text}》"}
    if field == "leave_reason":
        return {"请假人员": f"李四（{text}）"}
    column = study_importer.COLUMNS[field][0]
    return {column: text}


@pytest.mark.parametrize("field", [f for f, lim in STUDY_LIMITS.items() if isinstance(lim, limits.Text)])
def test_every_study_text_field_has_a_length_limit(people, tmp_path, field):
    limit = STUDY_LIMITS[field]
    header = [*STUDY_HEADER, "主持人", "记录人", "地点", "内容摘要"]
    for n, accepted in ((limit.max_chars, True), (limit.max_chars + 1, False)):
        text = "字" * n
        row = dict(zip(header, [*study_row(f"主题{n}"), "", "", "", ""]))
        row.update(_study_cells(field, text))
        path = xlsx(tmp_path / f"{field}{n}.xlsx", header, [list(row.values())])
        result = study_importer.preview(people, path)
        assert bool(result.accepted) is accepted, (field, n, [r.reason for r in result.rejected])
        if not accepted:
            reason = result.rejected[0].reason
            assert f"最多 {limit.max_chars} 个字" in reason and chinese(reason)


@pytest.mark.parametrize("field", list(STAFF_LIMITS))
def test_every_staff_text_field_has_a_length_limit(store, tmp_path, field):
    limit = STAFF_LIMITS[field]
    header = ["姓名", "科室", "职务", "备注"]
    column = staff_importer.COLUMNS[field][0]
    row = dict(zip(header, ["王五", "办公室", "科员", ""]))
    row[column] = "名" * (limit.max_chars + 1)
    result = staff_importer.preview_staff(store, xlsx(tmp_path / "r.xlsx", header, [list(row.values())]))
    assert not result.accepted and f"最多 {limit.max_chars} 个字" in result.rejected[0].reason
    assert limit.describe() in result.limits  # the preview lists the limits it checked


@pytest.mark.parametrize("field", list(RECT_LIMITS))
def test_every_rectification_text_field_has_a_length_limit(store, tmp_path, field):
    limit = RECT_LIMITS[field]
    header = ["编号", "问题描述", "来源文件", "整改目标", "整改措施", "责任领导", "责任科室", "责任人", "整改进展",
              "整改状态", "是否销号", "完成情况", "审批人"]
    row = dict(zip(header, ["", "某问题", "", "", "", "", "", "", "", "已完成", "是", "已完成整改", "王局长"]))
    row[rect_importer.COLUMNS[field][0]] = "字" * (limit.max_chars + 1)
    result = rect_importer.preview_import(store, xlsx(tmp_path / "z.xlsx", list(row), [list(row.values())]))
    assert not result.accepted, field
    reason = result.rejected[0].reason
    assert f"最多 {limit.max_chars} 个字" in reason and chinese(reason)


# -- what a cell holds stays what it is -------------------------------------------------------------------
@pytest.mark.parametrize("topic", ["=HYPERLINK(\"http://x\",\"点我\")", "+86 学法", "-5分钟快速学法", "@全体 学法",
                                   "  =1+1"])
def test_formula_looking_text_stays_text(people, tmp_path, topic):
    path = xlsx(tmp_path / "台账.xlsx", STUDY_HEADER, [study_row(topic)], text_cells=True)
    code, out = run(people, "study", str(path))
    assert code == 0 and people.scalar("select topic from study_session") == " ".join(topic.split())


def test_a_formula_without_a_calculated_value_is_named_not_read_as_zero(people, tmp_path):
    path = xlsx(tmp_path / "台账.xlsx", STUDY_HEADER, [study_row(学时="=1+1"), study_row("第二次", 学时="=SUM(H2:H2)")])
    result = study_importer.preview(people, path)
    warning = next(w for w in result.warnings if "公式" in w)
    assert "H2" in warning and "H3" in warning and "保存" in warning and chinese(warning)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_nul_and_control_characters_are_dropped_so_exports_still_work(people, tmp_path, suffix):
    topic = "学习\x00宪法\x07（第\x1f一次）"
    if suffix == ".csv":
        path = tmp_path / "台账.csv"
        path.write_text(",".join(STUDY_HEADER) + "\n" + ",".join(map(str, study_row(topic))) + "\n", encoding="utf-8")
    else:  # Excel writes such a character as an _x0000_ escape, which readers turn back into the character
        path = xlsx(tmp_path / "台账.xlsx", STUDY_HEADER, [study_row("学习_x0000_宪法_x0007_（第一次）")])
    result = study_importer.preview(people, path)
    assert [i.topic for i in result.accepted] == ["学习宪法（第一次）"]
    assert any("控制字符" in w and "第 2 行" in w for w in result.warnings)
    study_importer.commit(people, result)
    export_xlsx.write_ledger(people, 2026, tmp_path / "out.xlsx")
    export_docx.write_records(people, 2026, tmp_path / "out.docx")
    assert "\x00" not in people.scalar("select topic from study_session")


def test_a_nul_in_a_report_line_is_dropped(tmp_path):
    path = tmp_path / "报告.txt"
    body = "今年以来，我局深入学习贯彻习近平法治思想，扎实推进法治政府建设各项工作。" * 5
    path.write_text(f"某局2025年法治政府建设年度报告\n一、主要举措\x00和成效\n（一）学\x0b法。{body}\n", encoding="utf-8")
    parsed = parse.parse_file(path)
    text = json.dumps(parsed.summary(), ensure_ascii=False) + "".join(
        s.heading + "".join(s.body) for s in parsed.report.sections)
    assert "\x00" not in text and "\x0b" not in text and "主要举措和成效" in text


def test_rows_after_a_long_blank_gap_are_read_to_the_real_end(people, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(STUDY_HEADER)
    ws.append(study_row("第一次"))
    for col, value in enumerate(study_row("隔了一千五百行的一次"), start=1):
        ws.cell(row=1503, column=col, value=value)
    wb.save(tmp_path / "台账.xlsx")
    result = study_importer.preview(people, tmp_path / "台账.xlsx")
    assert [(i.row, i.topic) for i in result.accepted] == [(2, "第一次"), (1503, "隔了一千五百行的一次")]


def test_unknown_names_are_summarised_not_listed_one_by_one(people, tmp_path):
    path = tmp_path / "台账.csv"
    lines = [",".join(STUDY_HEADER)] + [",".join(map(str, study_row(f"第{i}次", 参学人员=f"生人{i}")))
                                        for i in range(20_000)]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = study_importer.preview(people, path)
    (warning,) = [w for w in result.warnings if "花名册" in w]
    assert len(result.accepted) == 20_000 and len(warning) < 400 and "等 20000 人" in warning


# -- file caps: checked before any parser sees the file ------------------------------------------------
def _paragraphs_deflated(size: int) -> tuple[bytes, int]:
    """A raw deflate stream of `size` bytes of Word paragraphs, made in milliseconds (one flushed block
    repeated), and its CRC."""
    para = "<w:p><w:r><w:t>本段落反复出现，把文档撑到几百兆。</w:t></w:r></w:p>".encode()
    block_text = para * ((1 << 20) // len(para))
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(block_text) + packer.flush(zlib.Z_FULL_FLUSH)
    count = size // len(block_text)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block_text, crc)
    return block * count + b"\x03\x00", (crc, len(block_text) * count)


def test_a_small_docx_that_inflates_to_300_mb_is_refused_quickly(tmp_path):
    data, (crc, size) = _paragraphs_deflated(300 << 20)
    path = write_zip(tmp_path / "报告.docx", [
        Member("[Content_Types].xml", b"<Types/>", 8, zlib.crc32(b"<Types/>")),
        Member("word/document.xml", data, size, crc, zipfile.ZIP_DEFLATED)])
    assert path.stat().st_size < 1_300_000
    start = time.perf_counter()
    with pytest.raises(ImportFileError) as err:
        parse.parse_file(path)
    assert time.perf_counter() - start < 2 and "解压后" in err.value.message and chinese(err.value.message)


def test_a_small_xlsx_that_inflates_past_the_cap_is_refused_before_reading(store, tmp_path):
    good = xlsx(tmp_path / "好.xlsx", STUDY_HEADER, [study_row()])
    with zipfile.ZipFile(good) as zf:
        members = [Member(n, zf.read(n), len(zf.read(n)), zlib.crc32(zf.read(n))) for n in zf.namelist()]
    data, (crc, size) = _paragraphs_deflated(300 << 20)
    members.append(Member("xl/media/padding.xml", data, size, crc, zipfile.ZIP_DEFLATED))
    path = write_zip(tmp_path / "台账.xlsx", members)
    before = written(store)
    code, out = run(store, "study", str(path))
    assert code == 1 and "解压后" in out["error"] and chinese(out["error"])
    assert written(store) == before


@pytest.mark.parametrize("name, cap", [("报告.txt", "TEXT_FILE_BYTES"), ("台账.csv", "FILE_BYTES")])
def test_an_oversized_text_file_is_refused_before_reading(store, tmp_path, monkeypatch, name, cap):
    monkeypatch.setattr(limits, cap, 1000)  # the real caps are 10 MB and 64 MB: the check is the same
    path = tmp_path / name
    path.write_text("日期,学习主题\n" + "2026-05-16,学习宪法\n" * 100, encoding="utf-8")
    with pytest.raises(ImportFileError) as err:
        parse.parse_file(path) if name.endswith(".txt") else study_importer.preview(store, path)
    assert "超过了" in err.value.message and "上限" in err.value.message and chinese(err.value.message)


def test_the_docs_list_every_declared_limit():
    page = (Path(__file__).resolve().parents[2] / "docs" / "import-limits.md").read_text(encoding="utf-8")
    for declared in (STUDY_LIMITS, RECT_LIMITS, STAFF_LIMITS):
        for text in limits.describe(declared):
            assert f"- {text}" in page, text


def test_a_ledger_with_a_header_and_no_rows_exits_1(store, tmp_path):
    path = xlsx(tmp_path / "台账.xlsx", STUDY_HEADER, [])
    before = written(store)
    assert run(store, "study", str(path), "--dry-run")[0] == run(store, "study", str(path))[0] == 1
    assert written(store) == before


@pytest.mark.parametrize("name, content", [
    ("空.xlsx", b""), ("截断.xlsx", b"PK\x03\x04" + b"\x00garbage" * 50), ("旧.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
    ("网页.xls", "<html><table><tr><td>日期</td></tr></table></html>".encode()), ("乱码.xlsx", bytes(range(256)) * 4),
])
def test_an_unreadable_file_is_refused_in_chinese_and_nothing_written(store, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    before = written(store)
    code, out = run(store, "study", str(path))
    assert code == 1 and chinese(out["error"]) and name in out["error"]
    assert written(store) == before
