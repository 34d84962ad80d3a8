"""`import report`, `show report --json`, `check report --json`, `export report` through the real CLI."""
from __future__ import annotations

import json

import pytest
from docx import Document

from core import cli
from core.db import open_store

SAMPLE = "report-2024-qingyuan.txt"


def _run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "cli.db")


def _report_count(db):
    with open_store(db) as store:
        return store.scalar("select count(*) from report")


def test_import_show_check_export(capsys, db, samples_dir, tmp_path):
    code, out, _ = _run(capsys, "--db", db, "import", "report", str(samples_dir / SAMPLE), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["rejected"] == [] and data["imported"][0]["top_level"] == 4
    report_id = data["imported"][0]["id"]

    code, out, _ = _run(capsys, "--db", db, "show", "report", str(report_id), "--json")
    shown = json.loads(out)
    assert code == 0 and shown["year"] == 2024 and len(shown["sections"]) == 4
    assert shown["sections"][1]["number"] == "二、" and shown["sections"][1]["kind"] == "achievements"
    assert [c["number"] for c in shown["sections"][1]["children"]] == ["（一）", "（二）", "（三）", "（四）"]

    code, out, _ = _run(capsys, "--db", db, "check", "report", str(report_id), "--json", "--today", "2025-02-01")
    findings = json.loads(out)["findings"]
    assert code == 0 and set(findings[0]) == {"code", "message", "section", "text"}
    assert {"missing_part", "stray_space", "deadline"} <= {f["code"] for f in findings}

    out_file = tmp_path / "r.docx"
    code, out, _ = _run(capsys, "--db", db, "export", "report", str(report_id), "--format", "docx", "--out", str(out_file))
    assert code == 0 and "已导出" in out
    assert Document(out_file).paragraphs[0].text.startswith("2024年以来")


def test_dry_run_writes_nothing(capsys, db, samples_dir):
    code, out, _ = _run(capsys, "--db", db, "import", "report", str(samples_dir / SAMPLE), "--dry-run")
    assert code == 0 and "试运行" in out
    assert _report_count(db) == 0


def test_traditional_converted_by_default_or_kept(capsys, db, samples_dir):
    path = str(samples_dir / "report-2020-wujiang-traditional.txt")
    _, out, _ = _run(capsys, "--db", db, "import", "report", path)
    assert "已转换为简体" in out
    _, out, _ = _run(capsys, "--db", db, "import", "report", path, "--keep-traditional", "--json")
    item = json.loads(out)["imported"][0]
    assert item["traditional"] and not item["converted"] and item["title"].startswith("韶關")


@pytest.mark.parametrize("name, payload", [
    ("empty.txt", b""), ("junk.txt", bytes(range(256)) * 8), ("bad.docx", b"PK\x03\x04garbage"),
])
def test_bad_files_exit_nonzero_and_write_nothing(capsys, db, tmp_path, name, payload):
    path = tmp_path / name
    path.write_bytes(payload)
    code, out, _ = _run(capsys, "--db", db, "import", "report", str(path), "--json")
    assert code == 1
    rejected = json.loads(out)["rejected"]
    assert rejected[0]["file"].endswith(name) and rejected[0]["reason"]
    assert _report_count(db) == 0


def test_unknown_report_id(capsys, db):
    code, _, err = _run(capsys, "--db", db, "show", "report", "99", "--json")
    assert code == 1 and "找不到年度报告" in err


def test_pdf_without_qt_hook_is_a_clear_error(capsys, db, samples_dir, tmp_path, monkeypatch):
    from core.reports import output

    monkeypatch.setattr(output, "pdf_writer", None)
    _run(capsys, "--db", db, "import", "report", str(samples_dir / SAMPLE))
    code, _, err = _run(capsys, "--db", db, "export", "report", "1", "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "PDF" in err and not (tmp_path / "x.pdf").exists()


def test_export_to_unwritable_place_is_a_clear_error(capsys, db, samples_dir, tmp_path):
    _run(capsys, "--db", db, "import", "report", str(samples_dir / SAMPLE))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = _run(capsys, "--db", db, "export", "report", "1", "--format", "docx",
                        "--out", str(blocker / "sub" / "r.docx"))
    assert code == 1 and "无法写入" in err
