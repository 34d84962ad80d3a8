"""Import of an existing Excel 学法台账: messy layout, bad rows, unknown names, corrupt files, the CLI."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from core import cli
from core.errors import ImportFileError
from core.staff import roster
from core.study import importer, laws, sessions

HEADER = ["序号", "学习日期", "学习形式", "学习主题", "学习内容\n（法律法规）", "主讲人", "参学人员", "请假人员", "学时"]


@pytest.fixture
def people(store):
    return {name: roster.add(store, name, dept, "科员", name == "王局长")
            for name, dept in (("王局长", "局领导"), ("张三", "办公室"), ("李四", "办公室"), ("赵五", "业务科"))}


def messy_workbook(path):
    wb = Workbook()
    ws = wb.active
    ws.append(["某某局2024年度学法台账"])
    ws.merge_cells("A1:I1")
    ws.append([])
    ws.append(HEADER)
    ws.append([1, "2024-05-16", "集中学法", "学习民法典", "《中华人民共和国民法典》", "律师 张某", "王局长、张三，李四",
               "赵五（出差）", 2])                                                                       # row 4
    ws.append([])                                                                                       # row 5
    ws.append([2, "2024/6/3", "会前学法", "会前学法：宪法", "《宪法》", "王局长", "张三 李四", "", "0.5学时"])     # row 6
    ws.append([3, "2024.7.8", "专题讲座", "行政复议法讲座", "《行政复议法》（2023年修订）", "区司法局 刘某",
               "王局长、张三、李四、赵五", "", 3])                                                         # row 7
    ws.append([4, "2024年8月9日", "集中学法", "学习保密法", "《保守国家秘密法》、《江西省保密条例》", "张三",
               "张三、钱六、李四", "王局长（开会）", 1.5])                                                 # row 8
    ws.append([5, (date(2024, 9, 12) - date(1899, 12, 30)).days, "网络培训", "网络培训", "宪法、民法典", "",
               "张三、李四", "", 4])                                                                      # row 9
    ws.append([6, "2024-02-30", "集中学法", "日期写错的一行", "《民法典》", "", "张三", "", 2])             # row 10
    ws.append([7, datetime(2024, 10, 8, 14, 30), "知识竞赛", "宪法知识竞赛", "《宪法》", "", "赵五", "", 2])  # row 11
    ws.append(["合计", None, None, None, None, None, None, None, 15])
    wb.save(path)
    return path


def test_messy_workbook_preview_then_commit(store, people, tmp_path):
    path = messy_workbook(tmp_path / "台账.xlsx")
    before = store.scalar("select count(*) from audit_log")
    result = importer.preview(store, path)
    assert [(r.row, "日期" in r.reason and "2024-02-30" in r.reason) for r in result.rejected] == [(10, True)]
    name_warnings = [w for w in result.warnings if "花名册" in w]
    assert len(name_warnings) == 1 and "钱六" in name_warnings[0] and "第 8 行" in name_warnings[0]
    assert [i.row for i in result.accepted] == [4, 6, 7, 8, 9, 11]
    assert [i.held_on for i in result.accepted] == [date(2024, 5, 16), date(2024, 6, 3), date(2024, 7, 8),
                                                    date(2024, 8, 9), date(2024, 9, 12), date(2024, 10, 8)]
    first = result.accepted[0]
    assert sorted(first.attendee_ids) == sorted([people["王局长"], people["张三"], people["李四"]])
    assert first.on_leave == [(people["赵五"], "出差")]
    assert result.accepted[1].hours == 0.5
    assert any("江西省保密条例" in w for w in result.warnings)
    # nothing written by the preview
    assert store.scalar("select count(*) from study_session") == 0
    assert store.scalar("select count(*) from audit_log") == before

    ids = importer.commit(store, result)
    assert len(ids) == 6 == store.scalar("select count(*) from study_session")
    s = sessions.get(store, ids[0])
    assert s.law_ids == [laws.resolve(store, "民法典")]
    assert s.lecturer_name == "律师 张某" and s.lecturer_staff_id is None
    fourth = sessions.get(store, ids[3])
    assert fourth.lecturer_staff_id == people["张三"]
    assert {a.staff_id for a in fourth.attendees if a.status == "attended"} == {people["张三"], people["李四"]}
    assert [(a.staff_id, a.leave_reason) for a in fourth.attendees if a.status == "on_leave"] == [
        (people["王局长"], "开会")]
    assert laws.resolve(store, "江西省保密条例") in fourth.law_ids
    assert sessions.get(store, ids[2]).law_ids == [laws.resolve(store, "行政复议法")]
    assert store.scalar("select count(*) from audit_log where action = '导入学法台账'") == 1
    # importing the same ledger again takes nothing twice
    again = importer.preview(store, path)
    assert not again.accepted and len(again.rejected) == 7


def test_corrupt_file_changes_nothing(store, people, tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    before = store.scalar("select count(*) from audit_log")
    with pytest.raises(ImportFileError) as err:
        importer.preview(store, bad)
    assert "坏文件.xlsx" in err.value.message
    assert store.scalar("select count(*) from audit_log") == before
    assert store.scalar("select count(*) from study_session") == 0


@pytest.mark.parametrize("content", [b"", "日期,主题\n".encode("gb18030"), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600])
def test_unreadable_inputs(store, tmp_path, content):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportFileError):
        importer.preview(store, path)


def test_missing_columns_named(store, tmp_path):
    wb = Workbook()
    wb.active.append(["姓名", "科室"])
    wb.active.append(["张三", "办公室"])
    wb.save(tmp_path / "roster.xlsx")
    with pytest.raises(ImportFileError, match="学习主题|日期"):
        importer.preview(store, tmp_path / "roster.xlsx")


def test_cli_dry_run_and_import(store, people, tmp_path, capsys):
    path = messy_workbook(tmp_path / "台账.xlsx")
    store.conn.execute("pragma wal_checkpoint(TRUNCATE)")  # the CLI checks the file header on disk
    db = str(store.path)
    assert cli.main(["--db", db, "import", "study", str(path), "--dry-run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dry_run"] is True and len(out["imported"]) == 6
    assert out["rejected"] == [{"file": "台账.xlsx", "row": 10, "reason": out["rejected"][0]["reason"]}]
    assert store.scalar("select count(*) from study_session") == 0
    assert cli.main(["--db", db, "import", "study", str(path)]) == 0
    text = capsys.readouterr().out
    assert "已导入 6" in text and "第 10 行" in text and "钱六" in text
    assert store.scalar("select count(*) from study_session") == 6


def test_gb18030_csv(store, people, tmp_path):
    path = tmp_path / "台账.csv"
    path.write_bytes("日期,学习主题,参学人员,学时\n2024年5月16日,学习宪法,张三、李四,2\n".encode("gb18030"))
    result = importer.preview(store, path)
    assert not result.rejected and len(result.accepted) == 1
    assert result.accepted[0].topic == "学习宪法" and len(result.accepted[0].attendee_ids) == 2
