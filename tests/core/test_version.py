"""core.version: one version (pyproject.toml), the build file of the frozen app, the diagnostics rows."""
from __future__ import annotations

import json
import sqlite3
import sys
import tomllib
from pathlib import Path

import pytest

from core import version

ROOT = Path(__file__).resolve().parents[2]


def _pyproject_version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def test_source_tree_reads_the_version_from_pyproject():
    assert version.app_version() == _pyproject_version()
    assert version.build_date() == version.NOT_BUILT


@pytest.fixture
def frozen(monkeypatch, tmp_path):
    """Pretend to be the PyInstaller bundle, its data folder being tmp_path."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    return tmp_path


def test_frozen_app_reads_version_and_build_date_from_its_build_file(frozen):
    (frozen / version.BUILD_INFO_FILE).write_text(json.dumps(
        {"version": "9.8.7", "build_date": "2027-02-28 08:30 UTC", "build_system": "Debian GNU/Linux 11，glibc 2.31"}),
        encoding="utf-8")
    assert version.app_version() == "9.8.7"
    assert version.build_date() == "2027-02-28 08:30 UTC"
    assert ("构建系统", "Debian GNU/Linux 11，glibc 2.31") in version.runtime_versions()


def test_frozen_app_without_a_build_file_says_it_does_not_know(frozen):
    assert version.app_version() == "未知"
    assert version.app_version(default="") == ""
    assert version.build_date() == "未知"
    (frozen / version.BUILD_INFO_FILE).write_text("{not json", encoding="utf-8")
    assert version.app_version() == "未知"


def test_diagnostics_name_every_file_location_and_the_runtime(tmp_path):
    db = tmp_path / "数据" / "lawdesk.db"
    rows = dict(version.diagnostics(db, qt=[("Qt", "6.9.3")]))
    assert rows["LawDesk 法治台账"] == _pyproject_version()
    assert rows["数据库文件"] == str(db)
    assert rows["附件文件夹"] == str(tmp_path / "数据" / "lawdesk.attachments")
    assert rows["自动备份文件夹"] == str(tmp_path / "数据" / "lawdesk.backups")
    assert rows["日志文件"] == str(tmp_path / "数据" / "lawdesk.logs" / "lawdesk.log")
    assert rows["Qt"] == "6.9.3"
    assert rows["SQLite"] == sqlite3.sqlite_version
    assert rows["Python"].startswith(f"{sys.version_info.major}.{sys.version_info.minor}.")
    assert not (tmp_path / "数据").exists()  # naming the places creates nothing


def test_text_form_starts_with_the_version_line():
    text = version.as_text([("LawDesk 法治台账", "1.2.3"), ("构建日期", "2027-01-01")])
    assert text.splitlines() == ["LawDesk 法治台账 1.2.3", "构建日期：2027-01-01"]
