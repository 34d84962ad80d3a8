"""A file double-clicked on the desktop (`lawdesk 某.lawdesk-backup`): the window opens and offers what to do.

The Windows installer and the .deb associate .lawdesk-backup and .lawdesk-pkg with the app, which is then
started with the file as its only argument.
"""
from __future__ import annotations

import main
from core import backup
from core.lock import InstanceLock
from ui.main_window import MainWindow


def test_a_lone_backup_or_package_file_opens_the_window_and_a_command_does_not():
    assert main._wants_window([])
    assert main._wants_window(["--db", "x.db"])
    assert main._file_to_open([r"C:\Users\张三\Desktop\备份.lawdesk-backup"]) == r"C:\Users\张三\Desktop\备份.lawdesk-backup"
    assert main._file_to_open(["--db", "x.db", "/tmp/汇总.LAWDESK-PKG"]) == "/tmp/汇总.LAWDESK-PKG"
    assert main._wants_window(["某.lawdesk-backup"])
    assert not main._wants_window(["restore", "某.lawdesk-backup"])
    assert not main._wants_window(["--version"])
    assert main._file_to_open(["demo"]) is None


def test_opening_a_backup_shows_the_backup_tab_and_asks_before_restoring(qtbot, demo_store, tmp_path, monkeypatch):
    from ui import app
    from ui.settings import backup_panel

    saved = tmp_path / "单位备份.lawdesk-backup"
    backup.backup(demo_store, saved)
    asked: list[str] = []
    monkeypatch.setattr(backup_panel, "confirm", lambda parent, title, text, ok="确定": asked.append(text) or False)
    window = MainWindow(demo_store)
    window.lock = InstanceLock(demo_store.path)
    window.lock.acquire()
    qtbot.addWidget(window)
    try:
        app.open_document(window, saved)
        page = window.stack.currentWidget()
        assert page is window.pages["settings"]
        assert page.tabs.currentWidget() is page.panels["BackupPanel"]
        qtbot.waitUntil(lambda: bool(asked), timeout=15000)  # the whole file is verified first, then the clerk asked
        assert asked[0].startswith("用这份备份替换当前的全部数据？")
        assert demo_store.scalar("select count(*) from staff") == 26  # declined: nothing changed
    finally:
        window.lock.release()


def test_opening_an_exchange_package_previews_it_on_the_district_page(qtbot, demo_store, tmp_path, monkeypatch):
    from ui import app
    from ui.district.page import DistrictPage

    asked: list = []
    monkeypatch.setattr(DistrictPage, "import_files", lambda self, paths=None, on_dialog=None: asked.append(paths))
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    package = tmp_path / "青山区.lawdesk-pkg"
    app.open_document(window, package)
    assert asked == [[package]]


def test_opening_another_kind_of_file_says_what_can_be_opened(qtbot, demo_store, tmp_path, monkeypatch):
    from ui import app

    told: list[tuple[str, str]] = []
    monkeypatch.setattr(app.QMessageBox, "information", lambda parent, title, text: told.append((title, text)))
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    app.open_document(window, tmp_path / "笔记.txt")
    assert told and told[0][0] == "无法打开文件" and "笔记.txt" in told[0][1] and ".lawdesk-pkg" in told[0][1]
