"""Issue 12: the app's own file dialogs — the report editor's export, 备份到 / 选择备份文件, the 汇总 page's
exports — start in the folder last used for their kind (Documents the first time), and every file export ends
in the 「导出完成」 box with 「打开文件」 and 「打开所在文件夹」."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from core import backup
from core.district import keys, receive
from core.lock import InstanceLock
from core.reports import repository
from tests.conftest import TODAY
from tests.core.district import synth
from ui.district.page import DistrictPage
from ui.reports import editor as editor_module
from ui.reports.editor import ReportEditor
from ui.settings.backup_panel import BackupPanel
from ui.widgets import files


@pytest.fixture(autouse=True)
def folders_here(tmp_path):
    """Remembered folders of this test only (QSettings of this machine kept out)."""
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))


class Dialogs:
    """QFileDialog's static functions, answered with `answers` in turn; `starts` records where each opened."""

    def __init__(self, monkeypatch, *answers: Path | None) -> None:
        self.answers = list(answers)
        self.starts: list[str] = []
        for name in ("getSaveFileName", "getOpenFileName"):
            monkeypatch.setattr(files.QFileDialog, name, staticmethod(self.answer))

    def answer(self, _parent, _title, start, _filters):
        self.starts.append(start)
        chosen = self.answers.pop(0)
        return (str(chosen) if chosen else "", "")


def folder_of(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder


def take_box(qtbot, owner, attribute: str) -> QMessageBox:
    """The 「导出完成」 box `owner` keeps in `attribute` once its export is done (then forgotten, so the next
    export's can be waited for)."""
    qtbot.waitUntil(lambda: getattr(owner, attribute, None) is not None, timeout=20000)
    box = getattr(owner, attribute)
    setattr(owner, attribute, None)
    assert box.isVisible()
    assert {"打开文件", "打开所在文件夹"} <= {b.text() for b in box.buttons()}
    return box


def test_report_export_starts_where_the_last_word_export_went(qtbot, store, tmp_path, monkeypatch):
    editor = ReportEditor(store, repository.create_from_template(store, TODAY.year - 1))
    qtbot.addWidget(editor)
    monkeypatch.setattr(editor_module, "confirm", lambda *_a, **_k: True)  # 导出前核稿: export anyway
    first, second = folder_of(tmp_path, "第一次"), folder_of(tmp_path, "第二次")
    dialogs = Dialogs(monkeypatch, first / "报告", second / "公开版.docx")

    editor.export_actions["docx"].trigger()
    box = take_box(qtbot, editor, "export_box")
    name = editor._default_name("docx", False)
    assert dialogs.starts == [str(files.documents_folder() / name)]
    assert (first / "报告.docx").exists()  # the suffix the clerk left off is added
    assert str(first / "报告.docx") in box.text()
    box.close()

    editor.export_actions["docx_public"].trigger()
    take_box(qtbot, editor, "export_box").close()
    assert dialogs.starts[1] == str(first / editor._default_name("docx", True))
    assert (second / "公开版.docx").exists()
    assert files.last_folder("export_docx") == second  # every Word export (台账, 记录表…) starts there next
    assert files.last_folder("export_pdf") == files.documents_folder()  # PDF keeps its own


def test_backup_to_starts_in_the_last_backup_folder_and_restore_looks_there(qtbot, store, tmp_path, monkeypatch):
    lock = InstanceLock(store.path)
    lock.acquire()
    window = type("Window", (), {"lock": lock})()
    panel = BackupPanel(store, window)
    qtbot.addWidget(panel)
    usb = folder_of(tmp_path, "U盘")
    dialogs = Dialogs(monkeypatch, usb / "周五备份", usb / "周一备份.lawdesk-backup", None)
    try:
        qtbot.mouseClick(panel.backup_button, Qt.LeftButton)
        box = take_box(qtbot, panel, "message")
        assert box.windowTitle() == "备份完成" and str(usb / "周五备份.lawdesk-backup") in box.text()
        box.close()
        assert dialogs.starts == [str(files.documents_folder() / backup.default_name(store.clock.now()))]
        assert backup.verify(usb / "周五备份.lawdesk-backup")

        qtbot.mouseClick(panel.backup_button, Qt.LeftButton)
        take_box(qtbot, panel, "message").close()
        assert dialogs.starts[1] == str(usb / backup.default_name(store.clock.now()))

        qtbot.mouseClick(panel.restore_button, Qt.LeftButton)  # 选择备份文件, cancelled
        assert dialogs.starts[2] == str(usb)
    finally:
        lock.release()


@pytest.mark.parametrize("fmt, button", [("xlsx", "xlsx_button"), ("docx", "docx_button")])
def test_district_exports_remember_their_folder_and_offer_to_open(qtbot, store, tmp_path, monkeypatch, fmt, button):
    year = TODAY.year
    package = tmp_path / "青山区财政局.lawdesk-pkg"
    synth.package(package, "青山区财政局", year, keys.load_or_create(tmp_path / "sender.db"), sessions=3, items=2,
                  seed=1, created=f"{year}-11-01T09:00:00")
    receive.import_packages(store, [package])  # the exports are offered once a unit has sent its figures
    page = DistrictPage(store)
    qtbot.addWidget(page)
    page.show_year(year)
    name = {"xlsx": f"{year}年度汇总表.xlsx", "docx": f"{year}年度汇总情况.docx"}[fmt]
    sent = folder_of(tmp_path, "报送")
    dialogs = Dialogs(monkeypatch, sent / name, sent / f"再次.{fmt}")

    qtbot.mouseClick(getattr(page, button), Qt.LeftButton)
    box = take_box(qtbot, page, "export_box")
    assert (sent / name).exists() and str(sent / name) in box.text()
    box.close()
    qtbot.mouseClick(getattr(page, button), Qt.LeftButton)
    take_box(qtbot, page, "export_box").close()
    assert dialogs.starts == [str(files.documents_folder() / name), str(sent / name)]
    assert (sent / f"再次.{fmt}").exists()


def test_attachments_and_evidence_share_their_own_folder(qtbot, demo_store, tmp_path, monkeypatch):
    from ui.rectification.editor import ItemEditor
    from ui.study.editor import SessionEditor

    photos = folder_of(tmp_path, "照片")
    asked: list[str] = []

    def pick(_parent, _title, start, _filters):
        asked.append(start)
        return [str(photos / "签到表.jpg")], ""

    monkeypatch.setattr(files.QFileDialog, "getOpenFileNames", staticmethod(pick))
    added: list = []
    session = SessionEditor(demo_store, None)
    item = ItemEditor(demo_store, demo_store.scalar("select min(id) from rectification"))
    for editor in (session, item):
        qtbot.addWidget(editor)
    monkeypatch.setattr(session, "add_attachment_files", added.append)
    monkeypatch.setattr(item, "add_evidence_files", added.append)
    session._pick_attachments()
    item.pick_evidence()
    assert asked == [str(files.documents_folder()), str(photos)]  # 附件 then 佐证材料: one kind
    assert added == [[photos / "签到表.jpg"]] * 2
    assert files.last_folder("export_docx") == files.documents_folder()  # exports keep their own
