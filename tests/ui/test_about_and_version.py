"""`main.py --version` and 设置 → 关于与诊断: what IT asks first (version, build, paths, Qt, SQLite)."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication

from core import paths

ROOT = Path(__file__).resolve().parents[2]


def _version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def test_version_option_prints_version_build_paths_and_runtime(tmp_path):
    db = tmp_path / "单位数据" / "lawdesk.db"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "--version"],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"LawDesk 法治台账 {_version()}"
    rows = dict(line.split("：", 1) for line in lines[1:])
    assert rows["构建日期"] == "从源码运行（未打包）"
    assert rows["数据库文件"] == str(db)
    assert rows["附件文件夹"] == str(paths.attachments_dir(db))
    assert rows["自动备份文件夹"] == str(paths.backups_dir(db))
    assert rows["Qt"] == qVersion() and rows["PySide6"] == PySide6.__version__
    assert rows["SQLite"] == sqlite3.sqlite_version
    assert not db.parent.exists()  # asking for the version writes nothing, not even a log


def test_about_panel_shows_paths_and_runtime_and_copies_the_diagnostics(qtbot, store):
    from ui.settings.about_panel import AboutPanel

    panel = AboutPanel(store)
    qtbot.addWidget(panel)
    assert panel.version_label.text() == f"LawDesk 法治台账 {_version()}"
    assert panel.build_label.text() == "从源码运行（未打包）"
    assert panel.db_label.text() == str(store.path)
    assert panel.attachments_label.text() == str(paths.attachments_dir(store.path))
    assert panel.backups_label.text() == str(paths.backups_dir(store.path))
    assert panel.log_label.text() == str(paths.logs_dir(store.path) / "lawdesk.log")
    assert panel.runtime_labels["Qt"].text() == qVersion()
    assert panel.runtime_labels["PySide6"].text() == PySide6.__version__
    assert panel.runtime_labels["SQLite"].text() == sqlite3.sqlite_version
    assert panel.runtime_labels["图形平台"].text() == "offscreen"

    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(panel.copy_button, Qt.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied.splitlines()[0] == f"LawDesk 法治台账 {_version()}"
    for expected in (str(store.path), str(paths.attachments_dir(store.path)), str(paths.backups_dir(store.path)),
                     panel.log_label.text(), f"Qt：{qVersion()}", f"PySide6：{PySide6.__version__}",
                     f"SQLite：{sqlite3.sqlite_version}", "Python：", "构建日期："):
        assert expected in copied, expected
    assert panel.copied_label.text().startswith("已复制")


def test_about_panel_fits_the_office_screen(qtbot, store):
    from ui.settings.about_panel import AboutPanel

    panel = AboutPanel(store)
    qtbot.addWidget(panel)
    # In the window the panel is about 1000 px wide (1366 less the navigation); its labels wrap to fit,
    # so the height at that width must leave room for the title bar and the settings tabs in 728 px.
    height = panel.layout().totalHeightForWidth(1000)
    assert 0 < height <= 600, height
