"""Every editor and dialog fits a 1366×768 office laptop (1366×728 above the taskbar); the main window opens
within the screen's available space and comes back where the clerk left it."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from core.reports import parse, repository
from core.tabular.preview import ImportPreview
from ui.widgets.forms import SMALL_SCREEN

REPORT_TEXT = "青山区2026年度法治政府建设情况报告\n一、主要举措和成效\n（一）学法。一是集中学法。\n二、存在的不足和原因\n一是培训不够。二是共享滞后。\n"


def _study_editor(store):
    from ui.study.editor import SessionEditor

    return SessionEditor(store, None)


def _study_editor_many_departments(store):
    from core.staff import roster
    from ui.study.editor import SessionEditor

    for i in range(12):  # more 科室 than any bureau has: the buttons wrap rather than widen the dialog
        roster.add(store, f"新同事{i}", f"第{i}业务管理科")
    return SessionEditor(store, None)


def _item_editor(store):
    from core.rectification import items
    from ui.rectification.editor import ItemEditor

    return ItemEditor(store, items.list_items(store)[0]["id"] if hasattr(items, "list_items")
                      else store.query("select id from rectification limit 1")[0]["id"])


def _new_item_editor(store):
    from ui.rectification.editor import ItemEditor

    return ItemEditor(store, None)


def _progress_dialog(store):
    from ui.rectification.editor import ProgressDialog

    return ProgressDialog(None, store.clock.today(), lambda _d: None)


def _transition_dialogs(store) -> list[QWidget]:
    from dataclasses import replace

    from core.rectification import records
    from core.rectification.rules import CLOSED, COMPLETED, IN_PROGRESS
    from ui.rectification.editor import TransitionDialog

    item = records.get(store, store.scalar("select id from rectification limit 1"))
    return [TransitionDialog(None, replace(item, status=status), target, 0, store.clock.today(), ["王局长"],
                             lambda _d: None)
            for status, target in ((IN_PROGRESS, COMPLETED), (COMPLETED, CLOSED), (CLOSED, IN_PROGRESS))]


def _report_dialogs(store) -> list[QWidget]:
    from ui.reports.dialogs import NewReportDialog, ShortcomingsDialog, StatusDialog

    today = store.clock.today()
    return [NewReportDialog(today, {2025}), StatusDialog("草稿", today),
            ShortcomingsDialog(["培训不够系统。" * 8, "数据共享滞后。"], year=today.year, departments=["办公室"],
                               today=today)]


def _report_editor(store):
    from ui.reports.editor import ReportEditor

    return ReportEditor(store, repository.list_reports(store)[0]["id"])


def _report_import(store, tmp_path: Path):
    from ui.reports.import_dialog import ImportPreviewDialog

    path = tmp_path / "报告.txt"
    path.write_text(REPORT_TEXT, encoding="utf-8")
    return ImportPreviewDialog(path, parse.parse_file(path), store.clock.today())


def _table_import(store):
    from ui.widgets.import_preview import ImportPreviewDialog

    preview = ImportPreview(file="台账.xlsx")
    return ImportPreviewDialog(None, "导入学法台账", preview, [("主题", lambda it: "")], lambda s, p: None, store)


def _welcome(store):
    from ui.welcome import WelcomeDialog

    return WelcomeDialog()


def _staff_editor(store):
    from ui.staff.editor import StaffEditor

    return StaffEditor(store, None)


def _settings(store):
    from ui.settings.page import SettingsPage

    return SettingsPage(store, None)


BUILDERS: dict[str, Callable] = {
    "学法记录编辑": _study_editor, "学法记录编辑（科室多）": _study_editor_many_departments,
    "整改事项编辑": _item_editor, "新增整改事项": _new_item_editor, "添加进展": _progress_dialog,
    "改变整改状态": _transition_dialogs, "年度报告对话框": _report_dialogs, "年度报告编辑": _report_editor,
    "表格导入预览": _table_import, "欢迎": _welcome, "人员编辑": _staff_editor, "设置": _settings,
}


@pytest.mark.parametrize("name", list(BUILDERS))
def test_fits_1366x728(name, demo_store, qtbot):
    built = BUILDERS[name](demo_store)
    for widget in built if isinstance(built, list) else [built]:
        qtbot.addWidget(widget)
        hint = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        assert hint.width() <= SMALL_SCREEN.width() and hint.height() <= SMALL_SCREEN.height(), \
            f"{name}（{type(widget).__name__}）至少需要 {hint.width()}×{hint.height()}"


def test_report_import_preview_fits(demo_store, qtbot, tmp_path):
    dialog = _report_import(demo_store, tmp_path)
    qtbot.addWidget(dialog)
    hint = dialog.minimumSizeHint()
    assert hint.width() <= SMALL_SCREEN.width() and hint.height() <= SMALL_SCREEN.height()


@pytest.fixture
def window_settings(tmp_path):
    """QSettings in a folder of this test's own, so no earlier window's geometry is read."""
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "qsettings"))


def test_main_window_fits_the_screen_and_remembers_its_geometry(demo_store, qtbot, window_settings):
    from ui.main_window import MainWindow
    from ui.widgets.forms import available_size

    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    room = available_size(window)
    assert window.width() <= room.width() and window.height() <= room.height()
    hint = window.minimumSizeHint()
    assert hint.width() <= SMALL_SCREEN.width() and hint.height() <= SMALL_SCREEN.height(), hint
    window.resize(700, 560)  # within the test screen (offscreen: 800 px wide)
    window.close()
    again = MainWindow(demo_store)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 560)
