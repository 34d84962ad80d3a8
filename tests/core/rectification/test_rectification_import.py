"""Import of a messy Excel 整改台账: header under titles, synonyms, date forms, status words, bad rows."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from core.errors import ImportFileError
from core.rectification import importer, items
from core.rectification.rules import CLOSED, COMPLETED, IN_PROGRESS, NOT_STARTED
from core.staff import roster

TODAY = date(2026, 11, 21)
ROOT = Path(__file__).resolve().parents[3]


def messy_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2026年整改台账"
    ws.append(["青山区政务服务数据管理局2026年问题整改台账"])
    ws.merge_cells("A1:K1")
    ws.append(["填报单位：办公室", None, None, None, None, None, "填报日期：2026年11月1日"])
    ws.append([])
    ws.append(["序号", "问题\n来源", "存在问题", "整改\n措施", "责任 部门", "责任人", "完成时限（年月日）", "整改情况",
               "是否销号", "进展情况", "销号日期"])
    rows = [
        # row 5: plain, datetime deadline, roster owner → department from roster
        [1, "市督察组反馈", "规范性文件未经合法性审核即印发", "1.修订办法\n2.全面清理", None, "张伟",
         datetime(2026, 12, 31), "正在整改", "否", "2026-10-08 召开专题会\n2026年11月2日，已起草办法", None],
        # row 6: month-end deadline, 已整改 → 已完成
        [2, "审计", "收费公示不及时", "（1）核对收费（2）建立机制", "政务服务科", "许娜", "2026年3月底", "已整改", "否",
         None, None],
        # row 7: 长期坚持 with 持续整改
        [3, "自查", "学法学时未达标", "建立通报制度", "办公室", None, "长期坚持", "持续整改", None, None, None],
        # row 8: bad — no problem text but other cells filled
        [4, "自查", None, "某措施", "办公室", None, "2026/5/8", "整改中", None, None, None],
        # row 9: 是否销号 是 → closed, dotted date, unknown owner → warning
        [5, "巡察", "公务用车登记不规范", "规范登记", "办公室", "钱多多", "2026.5.8", "已完成", "是", None, "2026年6月1日"],
        # row 10: bad deadline
        [6, "群众反映", "热线工单回复不及时", "限时办结", "政务服务科", None, "下个月", "整改中", None, None, None],
        # row 11: bad status word
        [7, "其他", "复议决定履行跟踪不及时", "建立台账", "审批协调科", None, 46000, "搁置", None, None, None],
        [],
        # row 13: bad 是否销号
        [8, "上级通报", "电子证照归集率低", "制定方案", "数据资源科", None, "20261231", "未整改", "也许", None, None],
        # row 14: duplicate of row 5's problem
        [9, "督察", "规范性文件未经合法性审核即印发", "重复", "办公室", None, "2026-12-31", "整改中", None, None, None],
        # row 15: Excel serial date, 未启动
        [10, "上级通报", "政务服务事项超时办理", "周通报", "政务服务科", None, 46022, "未整改", None, None, None],
        ["合计"],
    ]
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def staffed(store):
    roster.add(store, "张伟", "办公室", "副主任")
    roster.add(store, "许娜", "政务服务科", "科员")
    return store


def test_preview_reports_bad_rows_and_writes_nothing(staffed, tmp_path):
    path = messy_workbook(tmp_path / "旧台账.xlsx")
    audits = staffed.scalar("select count(*) from audit_log")
    preview = importer.preview_import(staffed, path, today=TODAY)
    assert staffed.scalar("select count(*) from rectification") == 0
    assert staffed.scalar("select count(*) from audit_log") == audits
    assert [r.row for r in preview.rejected] == [8, 10, 11, 13, 14]
    reasons = {r.row: r.reason for r in preview.rejected}
    assert "问题描述" in reasons[8] and "为空" in reasons[8]
    assert "整改时限" in reasons[10] and "下个月" in reasons[10]
    assert "无法识别的整改状态“搁置”" in reasons[11]
    assert "是否销号" in reasons[13]
    assert "第 5 行" in reasons[14]
    assert [a.row for a in preview.accepted] == [5, 6, 7, 9, 15]
    assert any("钱多多" in w for w in preview.warnings)
    by_row = {a.row: a for a in preview.accepted}
    assert by_row[5].fields["deadline"] == "2026-12-31" and by_row[5].fields["department"] == "办公室"
    assert by_row[5].fields["measures"] == ["修订办法", "全面清理"] and by_row[5].fields["source"] == "督察反馈"
    assert by_row[5].progress == [("2026-10-08", "召开专题会"), ("2026-11-02", "已起草办法")]
    assert by_row[6].fields["deadline"] == "2026-03-31" and by_row[6].status == COMPLETED
    assert by_row[6].fields["measures"] == ["核对收费", "建立机制"]
    assert by_row[7].fields["standing"] == 1 and by_row[7].status == IN_PROGRESS
    assert by_row[9].status == CLOSED and by_row[9].fields["deadline"] == "2026-05-08"
    assert by_row[9].fields["closed_on"] == "2026-06-01" and by_row[9].fields["owner_name"] == "钱多多"
    assert by_row[15].status == NOT_STARTED and by_row[15].fields["deadline"] == "2025-12-31"


def test_commit_imports_accepted_in_one_action(staffed, tmp_path):
    path = messy_workbook(tmp_path / "旧台账.xlsx")
    preview = importer.preview_import(staffed, path, today=TODAY)
    ids = importer.commit_import(staffed, preview, today=TODAY, by="李文静")
    assert len(ids) == 5
    assert staffed.scalar("select count(*) from audit_log where action = '导入整改台账'") == 1
    got = {items.get(staffed, i)["problem"]: items.get(staffed, i) for i in ids}
    closed = got["公务用车登记不规范"]
    assert closed["status"] == CLOSED and closed["closed_by"] == "原台账记载"
    assert "旧台账.xlsx" in closed["no_evidence_reason"]
    log = items.log(staffed, closed["id"])
    assert log[0]["to_status"] == CLOSED and "旧台账.xlsx" in log[0]["reason"] and "第 9 行" in log[0]["reason"]
    assert "是否销号：是" in log[0]["reason"]
    done = got["收费公示不及时"]
    assert done["status"] == COMPLETED and "已整改" in items.log(staffed, done["id"])[0]["reason"]
    assert got["规范性文件未经合法性审核即印发"]["owner"] == "张伟"
    assert len([e for e in items.log(staffed, got["规范性文件未经合法性审核即印发"]["id"]) if e["kind"] == "progress"]) == 2
    assert sorted(r["number"] for r in got.values()) == [f"ZG-2026-00{i}" for i in range(1, 6)]
    again = importer.preview_import(staffed, path, today=TODAY)
    assert not again.accepted and all("已导入过" in r.reason for r in again.rejected if r.row in (5, 6, 7, 9, 15))


def test_roundtrip_of_own_export(demo_store, tmp_path):
    from core.db import open_store
    from core.rectification.export_xlsx import export_xlsx

    out = tmp_path / "台账.xlsx"
    export_xlsx(demo_store, out, today=TODAY)
    fresh = open_store(tmp_path / "fresh.db")
    try:
        preview = importer.preview_import(fresh, out, today=TODAY)
        assert not preview.rejected and len(preview.accepted) == 20
        importer.commit_import(fresh, preview, today=TODAY)
        mine = {r["number"]: r["status"] for r in demo_store.query("select number, status from rectification")}
        theirs = {r["number"]: r["status"] for r in fresh.query("select number, status from rectification")}
        assert mine == theirs
        assert items.get(fresh, 1)["number"].startswith("ZG-")
    finally:
        fresh.close()


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not really a zip", b"\x00\x01garbage" * 100, "问题".encode("gb18030")])
def test_bad_files_change_nothing(store, tmp_path, content):
    path = tmp_path / "坏.xlsx"
    path.write_bytes(content)
    audits = store.scalar("select count(*) from audit_log")
    with pytest.raises(ImportFileError) as err:
        importer.preview_import(store, path, today=TODAY)
    assert "坏.xlsx" in str(err.value)
    assert store.scalar("select count(*) from rectification") == 0
    assert store.scalar("select count(*) from audit_log") == audits


def test_zip_that_is_not_a_workbook(store, tmp_path):
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ImportFileError):
        importer.preview_import(store, path)


def test_workbook_without_problem_column(store, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "科室"])
    wb.active.append(["张三", "办公室"])
    wb.save(tmp_path / "名单.xlsx")
    with pytest.raises(ImportFileError, match="问题描述"):
        importer.preview_import(store, tmp_path / "名单.xlsx")


def test_parsers():
    assert importer.parse_deadline("2026年底") == ("2026-12-31", False)
    assert importer.parse_deadline("2026年2月底") == ("2026-02-28", False)
    assert importer.parse_deadline("长期") == (None, True)
    assert importer.parse_deadline(None) == (None, False)
    assert importer.parse_deadline("二〇二六年五月八日") == ("2026-05-08", False)
    assert importer.split_measures("一是加强学习；二是完善制度") == ["加强学习", "完善制度"]
    assert importer.split_measures("单一措施") == ["单一措施"]
    assert importer._status_of("未完成") == IN_PROGRESS
    assert importer._status_of("整改完成") == COMPLETED
    assert importer._status_of("已完成（2026-11-10）：做了") == COMPLETED


def test_cli_import_dry_run_then_real(staffed, tmp_path):
    path = messy_workbook(tmp_path / "旧台账.xlsx")
    db = staffed.path
    staffed.close()
    base = [sys.executable, str(ROOT / "main.py"), "--db", str(db), "import", "rectification", str(path), "--json"]
    dry = subprocess.run(base + ["--dry-run"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert dry.returncode == 0, dry.stderr
    data = json.loads(dry.stdout)
    assert data["dry_run"] and len(data["imported"]) == 5 and [r["row"] for r in data["rejected"]] == [8, 10, 11, 13, 14]
    real = subprocess.run(base, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert real.returncode == 0, real.stderr
    assert all("id" in r for r in json.loads(real.stdout)["imported"])
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"junk")
    fail = subprocess.run(base[:-2] + [str(bad)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert fail.returncode == 1 and "bad.xlsx" in fail.stderr


def test_gb18030_csv_ledger(store, tmp_path):
    path = tmp_path / "台账.csv"
    text = "整改台账\n序号,问题描述,整改时限,整改状态,是否销号\n1,问题一,2026年12月底,正在整改,否\n2,问题二,2026/6/30,整改完成,是\n"
    path.write_bytes(text.encode("gb18030"))
    preview = importer.preview_import(store, path, today=TODAY)
    assert not preview.rejected
    assert [(a.status, a.fields["deadline"]) for a in preview.accepted] == [
        (IN_PROGRESS, "2026-12-31"), (CLOSED, "2026-06-30")]
