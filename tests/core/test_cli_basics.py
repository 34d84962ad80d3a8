"""The command line as a clerk's script would use it: exit codes, messages, demo data."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from core.db import open_store

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_demo_fills_an_empty_database_and_refuses_a_second_time(tmp_path):
    db = tmp_path / "demo.db"
    first = run("--db", str(db), "demo")
    assert first.returncode == 0, first.stderr
    store = open_store(db)
    assert store.scalar("select count(*) from staff where active = 1") >= 25
    assert store.scalar("select count(distinct department) from staff") == 5
    store.close()
    second = run("--db", str(db), "demo")
    assert second.returncode == 1
    assert "已有人员数据" in second.stderr


def test_a_file_that_is_not_a_database_gives_a_message_and_exit_1(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("学法记录\n", encoding="utf-8")
    out = run("--db", str(junk), "demo")
    assert out.returncode == 1
    assert "不是 LawDesk 数据库" in out.stderr
    assert junk.read_text(encoding="utf-8") == "学法记录\n"


def test_an_impossible_year_is_refused_before_anything_is_written(tmp_path):
    db = tmp_path / "demo.db"
    assert run("--db", str(db), "demo").returncode == 0
    for kind in ("study", "rectification"):
        out = tmp_path / f"{kind}.xlsx"
        result = run("--db", str(db), "export", kind, "--year", "1800", "--format", "xlsx", "--out", str(out))
        assert result.returncode == 1 and "年份 1800 不合理" in result.stderr
        assert not out.exists()
