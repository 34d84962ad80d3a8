"""core.tabular: reading ledgers under title rows, header synonyms, every date form, bad files."""
from __future__ import annotations

import json
import sqlite3
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time

import openpyxl
import pytest

from core import tabular
from core.errors import ImportFileError

COLUMNS = {
    "name": ("姓名", "人员"),
    "department": ("科室", "部门", "处室"),
    "held_on": ("日期", "学习时间"),
    "hours": ("学时",),
}


def write_xlsx(path, rows, *, title=None, hidden_first=False):
    wb = openpyxl.Workbook()
    ws = wb.active
    if hidden_first:
        ws.title = "说明"
        ws.append(["隐藏的工作表"])
        ws.sheet_state = "hidden"
        ws = wb.create_sheet("台账")
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@dataclass
class Item:
    row: int
    name: str
    held_on: date


def test_title_rows_blank_rows_and_synonyms(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [
        [None, "填报单位：某局", None, None],
        [],
        ["序号", " 姓 名 ", "所在部门\n（处室）", "学习时间（年月日）", "学时*"],
        [1, "张三", "办公室", datetime(2024, 5, 16), 2],
        [],
        [2, "李四", "法规科", "2024年6月1日", "1.5学时"],
    ], title="2024年学法台账", hidden_first=True)
    sheet = tabular.read_rows(path)
    assert sheet.name == "台账"
    header = tabular.find_header(sheet, COLUMNS, required=("name", "held_on"))
    assert header.row == 4
    assert header.columns == {"name": 1, "department": 2, "held_on": 3, "hours": 4}
    assert header.labels["department"] == "所在部门 （处室）"
    records = list(header.records(sheet))
    assert [r.number for r in records] == [5, 7]
    assert records[1].text("name") == "李四"
    assert records[1].date("held_on") == date(2024, 6, 1)
    assert records[1].number_value("hours") == 1.5
    assert records[0].number_value("hours") == 2.0


def test_two_row_header_under_merged_cells(tmp_path):
    path = write_xlsx(tmp_path / "b.xlsx", [
        ["日期", "内容", "参学人员", None],
        [None, None, "参加", "请假"],
        ["2024-05-16", "宪法", "张三、李四", "王五"],
    ])
    sheet = tabular.read_rows(path)
    header = tabular.find_header(sheet, {"held_on": ("日期",), "topic": ("内容",), "attendees": ("参加",),
                                         "on_leave": ("请假",)}, required=("held_on",))
    assert header.columns == {"held_on": 0, "topic": 1, "attendees": 2, "on_leave": 3}
    assert [r.number for r in header.records(sheet)] == [3]


def test_a_data_row_under_the_header_is_never_taken_for_a_subheader(tmp_path):
    path = write_xlsx(tmp_path / "b2.xlsx", [
        ["日期", "内容", "地点"],
        ["2024年5月16日", "学习宪法", "参加"],   # "参加" equals a synonym, but the row holds data
        ["2024-05-17", "学习民法典", "会议室"],
    ])
    sheet = tabular.read_rows(path)
    header = tabular.find_header(sheet, {"held_on": ("日期",), "topic": ("内容",), "attendees": ("参加",)})
    assert header.columns == {"held_on": 0, "topic": 1}
    assert [r.number for r in header.records(sheet)] == [2, 3]


def test_missing_required_column_names_it_and_the_headers_seen(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", [["序号", "姓名", "备注"], [1, "张三", ""]])
    sheet = tabular.read_rows(path)
    with pytest.raises(ImportFileError) as exc:
        tabular.find_header(sheet, COLUMNS, required=("name", "held_on"))
    assert "“日期”" in exc.value.message and "序号、姓名、备注" in exc.value.message
    assert "第 1 行" in exc.value.message


def test_no_header_at_all(tmp_path):
    path = write_xlsx(tmp_path / "d.xlsx", [["a", "b"], [1, 2]])
    with pytest.raises(ImportFileError, match="找不到表头"):
        tabular.find_header(tabular.read_rows(path), COLUMNS, required=("name",))


def test_collect_rejects_with_row_numbers_and_to_json(tmp_path):
    path = write_xlsx(tmp_path / "e.xlsx", [
        ["姓名", "日期"], ["张三", "2024-05-16"], ["李四", "2024-02-30"], ["", "2024-01-01"], ["王五", "昨天"]])
    sheet = tabular.read_rows(path)
    header = tabular.find_header(sheet, COLUMNS, required=("name",))

    def parse(rec: tabular.Record) -> Item:
        if not rec.text("name"):
            raise ValueError("缺少姓名")
        return Item(rec.number, rec.text("name"), rec.date("held_on"))

    preview = tabular.collect(sheet, header, parse)
    assert [(i.row, i.name) for i in preview.accepted] == [(2, "张三")]
    assert [(r.row, r.reason) for r in preview.rejected] == [
        (3, "“日期”日期不存在：2024-02-30"), (4, "缺少姓名"),
        (5, "“日期”无法识别的日期：昨天（请写成 2024-05-16 或 2024年5月16日）")]
    data = preview.to_json(ids=[7])
    assert data["imported"] == [{"file": "e.xlsx", "row": 2, "name": "张三", "held_on": "2024-05-16", "id": 7}]
    assert data["rejected"][0] == {"file": "e.xlsx", "row": 3, "reason": "“日期”日期不存在：2024-02-30"}
    assert "第 4 行：缺少姓名" in preview.summary(dry_run=True)


@pytest.mark.parametrize("value", [
    datetime(2024, 5, 16, 9, 30), date(2024, 5, 16), 45428, 45428.75, "45428", "2024-05-16", "2024/5/16",
    "2024.5.16", "2024年5月16日", "2024年05月16号", "20240516", 20240516, "２０２４－０５－１６",
    "２０２４年５月１６日", "2024-05-16 09:00:00", "2024年5月16日（星期四）", " 2024 年 5 月 16 日 ",
    "二〇二四年五月十六日", "2024．5．16",
])
def test_parse_date_forms(value):
    assert tabular.parse_date(value) == date(2024, 5, 16)


def test_parse_date_excel_serial_edges():
    assert tabular.parse_date(36526) == date(2000, 1, 1)


@pytest.mark.parametrize("value, reason", [
    ("2024-02-30", "日期不存在：2024-02-30"),
    ("2023/2/29", "日期不存在：2023-02-29"),
    ("2024年13月1日", "日期不存在：2024-13-01"),
    ("20241301", "日期不存在：2024-13-01"),
    ("下周一", "无法识别的日期：下周一"),
    ("2024年5月", "无法识别的日期"),
    (None, "缺少日期"),
    ("", "缺少日期"),
    (2024, "日期不合理"),
    (-5, "无法识别的日期"),
])
def test_parse_date_rejects(value, reason):
    with pytest.raises(ValueError) as exc:
        tabular.parse_date(value)
    assert reason in str(exc.value)


def test_parse_time_range_and_numbers_and_flags():
    assert tabular.parse_time_range("9:00-11:30") == (time(9), time(11, 30))
    assert tabular.parse_time_range("下午2:30—4:00") == (time(14, 30), time(16))
    assert tabular.parse_time_range("14：00～16：00") == (time(14), time(16))
    with pytest.raises(ValueError):
        tabular.parse_time_range("上午")
    assert [tabular.parse_number(v) for v in (2, "2", "2.5", "2学时", "１．５", "两", "三小时")] == [
        2, 2, 2.5, 2, 1.5, 2, 3]
    with pytest.raises(ValueError, match="不是数字"):
        tabular.parse_number("两个半")
    assert [tabular.parse_bool(v) for v in ("是", "√", 1, "Y", "否", "×", 0, "n")] == [
        True, True, True, True, False, False, False, False]
    with pytest.raises(ValueError, match="请填“是”或“否”"):
        tabular.parse_bool("也许")


@pytest.mark.parametrize("text, names", [
    ("张三、李四，王五,赵六;钱七；孙八/周九", ["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九"]),
    ("张三 李四\u3000王五", ["张三", "李四", "王五"]),
    ("王  芳、李  明", ["王芳", "李明"]),
    ("张三同志、李四同志", ["张三", "李四"]),
    ("张三、李四等5人", ["张三", "李四"]),
    ("张三（请假、病假）、李四", ["张三（请假、病假）", "李四"]),
    ("张三\n李四", ["张三", "李四"]),
    ("、、", []),
    (None, []),
])
def test_split_names(text, names):
    assert tabular.split_names(text) == names


def test_cell_text_and_blank_rows():
    assert tabular.cell_text(2.0) == "2"
    assert tabular.cell_text(datetime(2024, 5, 16)) == "2024-05-16"
    assert tabular.cell_text("\u3000张三\xa0") == "张三"
    assert tabular.is_blank_row([None, " ", ""])
    assert not tabular.is_blank_row([None, 0])


# -- bad files -----------------------------------------------------------------------------------

def test_missing_file(tmp_path):
    with pytest.raises(ImportFileError, match="找不到文件"):
        tabular.read_rows(tmp_path / "nope.xlsx")


def test_empty_file(tmp_path):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    with pytest.raises(ImportFileError, match="空文件"):
        tabular.read_rows(tmp_path / "empty.xlsx")


def test_corrupt_zip(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", [["姓名"], ["张三"]])
    (tmp_path / "cut.xlsx").write_bytes(good.read_bytes()[:300])
    with pytest.raises(ImportFileError, match="已损坏"):
        tabular.read_rows(tmp_path / "cut.xlsx")


def test_zip_that_is_not_a_workbook(tmp_path):
    with zipfile.ZipFile(tmp_path / "fake.xlsx", "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ImportFileError, match="不是有效的 Excel"):
        tabular.read_rows(tmp_path / "fake.xlsx")


def test_old_xls_and_html_xls_and_plain_text(tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(ImportFileError, match="另存为"):
        tabular.read_rows(tmp_path / "old.xls")
    (tmp_path / "web.xls").write_bytes("<html><table><tr><td>姓名</td></tr></table></html>".encode())
    with pytest.raises(ImportFileError, match="网页格式"):
        tabular.read_rows(tmp_path / "web.xls")
    (tmp_path / "notes.docx").write_bytes(b"just some bytes")
    with pytest.raises(ImportFileError, match="不是 Excel 文件"):
        tabular.read_rows(tmp_path / "notes.docx")


def test_encrypted_workbook(tmp_path):
    blob = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le")
    (tmp_path / "secret.xlsx").write_bytes(blob)
    with pytest.raises(ImportFileError, match="密码"):
        tabular.read_rows(tmp_path / "secret.xlsx")


def test_sheet_without_rows(tmp_path):
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "blank.xlsx")
    with pytest.raises(ImportFileError, match="没有任何数据行"):
        tabular.read_rows(tmp_path / "blank.xlsx")


def test_named_sheet_missing(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [["姓名"], ["张三"]])
    with pytest.raises(ImportFileError, match="没有名为“人员”的工作表"):
        tabular.read_rows(path, sheet="人员")


def test_too_many_rows(tmp_path):
    path = write_xlsx(tmp_path / "big.xlsx", [["姓名"]] + [[f"人{i}"] for i in range(30)])
    with pytest.raises(ImportFileError, match="超过 20 行"):
        tabular.read_rows(path, max_rows=20)


def test_formatting_down_to_the_last_row_is_not_data(tmp_path):
    from openpyxl.styles import Border, Side

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "科室"])
    ws.append(["张三", "办公室"])
    ws.cell(row=1_048_576, column=1).border = Border(bottom=Side(style="thin"))
    wb.save(tmp_path / "styled.xlsx")
    sheet = tabular.read_rows(tmp_path / "styled.xlsx")
    assert [(r.number, r.values) for r in sheet.rows] == [(1, ["姓名", "科室"]), (2, ["张三", "办公室"])]


def test_csv_utf8_and_gb18030(tmp_path):
    text = "标题行\n姓名,科室\n张三,办公室\n"
    (tmp_path / "u.csv").write_bytes(text.encode("utf-8-sig"))
    (tmp_path / "g.csv").write_bytes(text.encode("gb18030"))
    for name in ("u.csv", "g.csv"):
        sheet = tabular.read_rows(tmp_path / name)
        header = tabular.find_header(sheet, COLUMNS, required=("name",))
        assert [r.text("department") for r in header.records(sheet)] == ["办公室"]
        assert header.row == 2


def test_insert_rows_one_transaction_one_audit_row_holding_the_rows(store):
    from core.search import query

    before = store.scalar("select count(*) from audit_log")
    heard, committed = [], []
    store.listeners.append(lambda table, rid, kind: heard.append((table, rid, kind)))
    store.on_commit.append(committed.append)
    ids = tabular.insert_rows(store, "staff", [
        {"name": "张三", "created_at": "2024-01-01"}, {"name": "李四", "created_at": "2024-01-01"}],
        action="导入人员", file="x.xlsx")
    assert len(ids) == 2 and store.scalar("select count(*) from staff") == 2
    assert store.scalar("select count(*) from audit_log") == before + 1
    audit = json.loads(store.scalar("select after from audit_log order by id desc limit 1"))
    assert audit["file"] == "x.xlsx" and audit["columns"] == ["id", "name", "created_at"]
    assert audit["rows"] == [[ids[0], "张三", "2024-01-01"], [ids[1], "李四", "2024-01-01"]]
    assert heard == [("staff", None, "insert")] and committed == [frozenset({"staff"})]  # one announcement
    assert store.scalar("select count(*) from search_queue") == 0  # indexed in the import, in one go
    assert [hit.record_id for group in query.search(store, "李四").groups for hit in group.hits] == [ids[1]]
    with pytest.raises(sqlite3.IntegrityError):
        tabular.insert_rows(store, "staff", [{"name": "王五", "created_at": "x"}, {"name": None, "created_at": "x"}],
                            action="导入人员")
    assert store.scalar("select count(*) from staff") == 2


def test_the_cycle_collector_waits_for_an_import_and_runs_again_after(store):
    import gc

    assert gc.isenabled()
    with tabular.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with store.transaction(), tabular.bulk_writes(store, "staff"):
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()  # turned off by someone else: left off
    try:
        with tabular.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
