"""The window shell: pages, status bar, first start, unit profile, one window per database."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt

from core import paths, unit
from core.db import open_store
from core.errors import DatabaseLocked
from core.lock import InstanceLock
from ui.app import default_db_path, first_start, make_application, open_window
from ui.main_window import MainWindow
from ui.welcome import WelcomeDialog


def test_qt_and_core_agree_on_the_default_database(qapp, monkeypatch):
    monkeypatch.delenv("LAWDESK_DATA_DIR", raising=False)
    make_application()
    qt_folder = Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation))
    assert qt_folder == paths.default_data_dir()
    assert default_db_path() == paths.default_db_path()


def test_window_shows_pages_and_the_open_database(qtbot, demo_store):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    assert window.page_keys() == ["home", "reports", "study", "rectification", "staff", "district", "settings"]
    qtbot.waitUntil(lambda: window.nav.item(5).isHidden())  # 汇总: for a unit that collects (ui.district.page)
    assert [window.nav.item(i).text() for i in range(window.nav.count()) if not window.nav.item(i).isHidden()] == [
        "首页", "年度报告", "学法记录", "整改事项", "人员", "设置"]
    assert str(demo_store.path) in window.db_label.text()
    window.show_page("settings")
    assert window.stack.currentWidget() is window.pages["settings"]


def test_second_window_on_the_same_database_is_refused(qtbot, tmp_path, monkeypatch):
    db = tmp_path / "one.db"
    store = open_store(db)
    unit.save(store, unit.UnitProfile(full_name="某区行政审批局"))
    store.close()
    first = open_window(db)
    qtbot.addWidget(first)
    try:
        with pytest.raises(DatabaseLocked):
            open_window(db)
    finally:
        first.store.close()
        first.lock.release()
    lock = InstanceLock(db)
    lock.acquire()
    lock.release()


def test_welcome_dialog_requires_a_unit_name_for_an_empty_start(qtbot, type_chinese):
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.empty_button, Qt.LeftButton)
    assert dialog.result() == 0
    assert "单位全称" in dialog.message.text()
    type_chinese(dialog.unit_edit, "某市行政审批局")
    qtbot.mouseClick(dialog.empty_button, Qt.LeftButton)
    assert dialog.result() == 1 and dialog.choice == "empty" and dialog.unit_name == "某市行政审批局"


def test_first_start_with_demo_data(qtbot, store, monkeypatch):
    def fake_exec(self):
        self.unit_edit.setText("测试区政务服务管理办公室")
        self._choose("demo")
        return 1

    monkeypatch.setattr(WelcomeDialog, "exec", fake_exec)
    first_start(store)
    assert unit.load(store).full_name == "测试区政务服务管理办公室"
    assert store.scalar("select count(*) from staff") >= 25
    first_start(store)  # asks only once
    assert store.scalar("select count(*) from staff") >= 25


def test_unit_profile_is_edited_in_settings(qtbot, demo_store, type_chinese):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    form = window.show_page("settings").unit_form
    form.short_name.clear()
    type_chinese(form.short_name, "青山政数局")
    form.min_hours.setValue(48)
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    profile = unit.load(demo_store)
    assert profile.short_name == "青山政数局" and profile.min_study_hours == 48
    form.full_name.clear()
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert "单位全称" in form.message.text()
    assert unit.load(demo_store).full_name == "青山区政务服务数据管理局"
