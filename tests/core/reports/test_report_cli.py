"""`import report`, `show report --json`, `check report --json`, `export report` through the real CLI."""
from __future__ import annotations

import json
from pathlib import Path

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


# -- issue 10: pages with furniture, 核稿 of what is missing ----------------------------------------
CORPUS = Path(__file__).resolve().parents[2] / "data" / "reports"
SAMPLES = ("report-2023-district-data-bureau.txt", "report-2020-wujiang-traditional.txt", "report-2024-qingyuan.txt")


def test_import_of_a_page_with_its_furniture(capsys, db):
    page = CORPUS / "02-xxgk-metadata-labels-linklist-tail.txt"
    code, out, _ = _run(capsys, "--db", db, "import", "report", str(page), "--json")
    item = json.loads(out)["imported"][0]
    assert code == 0 and (item["title"], item["recipient"], item["signature"], item["issued_on"], item["year"]) == (
        "清远市市场监督管理局2023年法治政府建设年度报告", "市委、市政府", "清远市市场监督管理局", "2024-01-18", 2023)
    assert len(item["dropped"]) == 15 and item["missing"] == []
    assert item["dropped_lines"][0] == {"line": 1, "text": "首页 > 政府信息公开 > 法定主动公开内容 > 法治政府建设",
                                        "reason": "网页导航"}
    code, out, _ = _run(capsys, "--db", db, "show", "report", str(item["id"]), "--json")
    assert json.loads(out)["dropped"] == item["dropped"]
    code, out, _ = _run(capsys, "--db", db, "import", "report", str(page), "--dry-run")
    assert "第 34 行（网站信息）：网站标识码" in out and "主送：市委、市政府；落款：清远市市场监督管理局" in out


def test_check_of_qingyuan_as_imported_reports_what_is_missing(capsys, db, samples_dir):
    _, out, _ = _run(capsys, "--db", db, "import", "report", str(samples_dir / SAMPLE), "--json")
    report_id = json.loads(out)["imported"][0]["id"]
    _, out, _ = _run(capsys, "--db", db, "check", "report", str(report_id), "--json", "--today", "2025-02-01")
    findings = json.loads(out)["findings"]
    codes = [f["code"] for f in findings]
    assert codes[:3] == ["missing_title", "missing_signature", "missing_date"]
    commas = [f for f in findings if f["code"] == "ascii_punctuation"]
    assert len(commas) > 10 and any("," in f["message"] and "," in f["text"] for f in commas)


def test_check_asks_for_the_recipient_the_unit_profile_names(capsys, db, samples_dir):
    from core import unit

    _, out, _ = _run(capsys, "--db", db, "import", "report", str(samples_dir / SAMPLE), "--json")
    report_id = json.loads(out)["imported"][0]["id"]
    with open_store(db) as store:
        unit.save(store, unit.UnitProfile(full_name="清远市政务服务和数据管理局", recipient="市委、市政府"))
    _, out, _ = _run(capsys, "--db", db, "check", "report", str(report_id), "--json", "--today", "2025-02-01")
    assert "missing_recipient" in [f["code"] for f in json.loads(out)["findings"]]


@pytest.mark.parametrize("name", SAMPLES)
def test_no_sample_is_found_clean(capsys, db, samples_dir, name):
    _, out, _ = _run(capsys, "--db", db, "import", "report", str(samples_dir / name), "--json")
    report_id = json.loads(out)["imported"][0]["id"]
    code, out, _ = _run(capsys, "--db", db, "check", "report", str(report_id), "--today", "2021-02-01")
    assert code == 0 and "未发现问题" not in out and "[ascii_punctuation]" in out


def test_export_says_what_check_would_still_report(capsys, db, samples_dir, tmp_path):
    _run(capsys, "--db", db, "import", "report", str(samples_dir / SAMPLE))
    code, _, err = _run(capsys, "--db", db, "export", "report", "1", "--format", "docx",
                        "--out", str(tmp_path / "r.docx"))
    assert code == 0 and "核稿问题" in err and "missing_title" in err and (tmp_path / "r.docx").exists()
