"""Staff roster import: accepted rows, rejected rows with their Excel row numbers, one transaction, CLI."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from core.errors import ImportFileError, RuleViolation
from core.staff import importer, roster

ROOT = Path(__file__).resolve().parents[3]


def roster_file(path, rows, title="青山区政务服务数据管理局人员花名册"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "姓 名", "部门", "职务", "是否领导干部（是/否）"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_preview_accepts_and_rejects_with_row_numbers(store, tmp_path):
    roster.add(store, "张伟", "办公室", "副主任")
    path = roster_file(tmp_path / "r.xlsx", [
        [1, "李  娜", "办公室", "科员", "否"],        # row 3: ok, alignment spaces removed
        [2, "", "办公室", "科员", "否"],              # row 4: no name
        [3, "王强", "法规科", "科长", "√"],           # row 5: ok, leader
        [4, "张伟", "办公室", "副主任", "否"],         # row 6: already on the roster
        [5, "王强", "法规科", "科长", "是"],           # row 7: repeats row 5
        [6, "赵敏", "法规科", "科员", "也许"],         # row 8: bad leader value
        [7, "名" * 41, "法规科", "科员", ""],          # row 9: name too long
        [None, None, None, None, None],               # row 10: blank, skipped silently
        [8, "张伟", "数据资源科", "科员", 0],           # row 11: same name, other 科室: ok with a warning
    ])
    before = store.scalar("select count(*) from staff")
    preview = importer.preview_staff(store, path)
    assert store.scalar("select count(*) from staff") == before  # preview writes nothing
    assert [(p.row, p.name, p.department, p.is_leader) for p in preview.accepted] == [
        (3, "李娜", "办公室", False), (5, "王强", "法规科", True), (11, "张伟", "数据资源科", False)]
    reasons = {r.row: r.reason for r in preview.rejected}
    assert sorted(reasons) == [4, 6, 7, 8, 9]
    assert reasons[4] == "缺少姓名"
    assert "已有“张伟”" in reasons[6]
    assert reasons[7] == "与第 5 行重复（王强，法规科）"
    assert "请填“是”或“否”" in reasons[8] and "是否领导干部" in reasons[8]
    assert "过长" in reasons[9] and "最多 40 个字" in reasons[9]
    assert len(preview.warnings) == 1 and "张伟" in preview.warnings[0]


def test_commit_adds_all_in_one_transaction_with_one_audit_row(store, tmp_path):
    path = roster_file(tmp_path / "r.xlsx", [[1, "李娜", "办公室", "科员", "否"], [2, "王强", "法规科", "科长", "是"]])
    preview = importer.preview_staff(store, path)
    audits = store.scalar("select count(*) from audit_log")
    ids = importer.commit_staff(store, preview)
    assert store.scalar("select count(*) from audit_log") == audits + 1
    people = [roster.get(store, i) for i in ids]
    assert [(p["name"], p["department"], p["position"], p["is_leader"], p["initials"], p["active"])
            for p in people] == [("李娜", "办公室", "科员", 0, "ln", 1), ("王强", "法规科", "科长", 1, "wq", 1)]
    # a second commit of the same preview must not create twins
    with pytest.raises(RuleViolation, match="已在人员名单中"):
        importer.commit_staff(store, preview)
    assert store.scalar("select count(*) from staff") == 2


def test_missing_name_column_is_a_file_error(store, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["科室", "职务"])
    wb.active.append(["办公室", "科员"])
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(ImportFileError, match="缺少必需的列：“姓名”"):
        importer.preview_staff(store, tmp_path / "x.xlsx")


def test_other_column_synonyms(store, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "股室", "岗位", "是否领导"])
    wb.active.append(["刘洋", "审批股", "股长", "Y"])
    wb.save(tmp_path / "y.xlsx")
    preview = importer.preview_staff(store, tmp_path / "y.xlsx")
    p = preview.accepted[0]
    assert (p.department, p.position, p.is_leader) == ("审批股", "股长", True)


def run_cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, timeout=60, check=False)


def test_cli_dry_run_then_import(tmp_path):
    db = tmp_path / "cli.db"
    path = roster_file(tmp_path / "r.xlsx", [[1, "李娜", "办公室", "科员", "否"], [2, "", "办公室", "", ""]])
    dry = run_cli("--db", db, "import", "staff", path, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    data = json.loads(dry.stdout)
    assert data["dry_run"] is True
    assert [(i["row"], i["name"]) for i in data["imported"]] == [(3, "李娜")]
    assert data["rejected"] == [{"file": "r.xlsx", "row": 4, "reason": "缺少姓名"}]
    real = run_cli("--db", db, "import", "staff", path)
    assert real.returncode == 0, real.stderr
    assert "已导入 1 人，拒绝 1 行" in real.stdout and "第 4 行：缺少姓名" in real.stdout
    again = run_cli("--db", db, "import", "staff", path, "--json")
    assert again.returncode == 1
    assert "重复" in json.loads(again.stdout)["rejected"][0]["reason"]
    bad = run_cli("--db", db, "import", "staff", tmp_path / "missing.xlsx")
    assert bad.returncode == 1 and "找不到文件" in bad.stderr


def test_a_worker_can_open_its_own_store_on_a_fresh_database(store):
    """Import reads in a worker with its own connection, before any WAL checkpoint has written the header."""
    from core.db import open_store

    roster.add(store, "张伟", "办公室")
    with open_store(store.path) as own:
        assert own.scalar("select count(*) from staff") == 1
