"""The 汇总 page driven as a clerk would: import packages by path, see the rows, sort, open a unit read-only."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView

from core import unit
from core.district import keys
from tests.conftest import TODAY
from tests.core.district import synth
from tests.ui.windows import shown
from ui.district import import_dialog, send_dialog
from ui.district.import_dialog import PackageImportDialog
from ui.district.page import DistrictPage
from ui.district.unit_dialog import UnitDialog
from ui.main_window import MainWindow

YEAR = TODAY.year


@pytest.fixture
def packages(tmp_path):
    made = []
    for i, (name, sessions) in enumerate((("青山区司法局", 30), ("青山区财政局", 12))):
        path = tmp_path / f"{name}.lawdesk-pkg"
        synth.package(path, name, YEAR, keys.load_or_create(tmp_path / f"sender{i}.db"), sessions=sessions,
                      items=8, seed=i, created=f"{YEAR}-11-01T09:00:00")
        made.append(path)
    return made


@pytest.fixture
def window(qtbot, store):
    return shown(qtbot, MainWindow(store), (1366, 728))


def nav_hidden(window) -> bool:
    row = window.page_keys().index("district")
    return window.nav.item(row).isHidden()


def import_by_path(qtbot, page: DistrictPage, paths) -> PackageImportDialog:
    opened: list[PackageImportDialog] = []
    page.import_files(paths, on_dialog=opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=15000)
    return opened[0]


def test_import_by_path_shows_the_units_sorts_and_opens_one_read_only(qtbot, qtmodeltester, window, packages):
    page = window.pages["district"]
    qtbot.waitUntil(lambda: nav_hidden(window))  # nothing collected yet, not a collecting unit
    dialog = import_by_path(qtbot, page, packages)
    assert dialog.import_button.text() == "导入 2 个报送包" and "首次导入" in dialog.summary.text()
    assert window.store.scalar("select count(*) from district_package") == 0  # the preview wrote nothing
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=15000)
    assert not nav_hidden(window)
    window.show_page("district")
    qtmodeltester.check(page.model)

    names = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert names == ["青山区司法局", "青山区财政局", "合计（2 个单位）"]
    assert page.proxy.index(0, 4).data() == "30"

    header = page.view.horizontalHeader()
    x = header.sectionViewportPosition(4) + header.sectionSize(4) // 2
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(x, header.height() // 2))  # 学法次数, ascending
    assert [page.proxy.index(r, 0).data() for r in range(3)] == ["青山区财政局", "青山区司法局", "合计（2 个单位）"]
    page.view.sortByColumn(4, Qt.DescendingOrder)
    assert page.proxy.index(0, 0).data() == "青山区司法局" and page.proxy.index(2, 0).data().startswith("合计")

    rect = page.view.visualRect(page.proxy.index(0, 9))  # 整改事项 of the first unit
    qtbot.mouseClick(page.view.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    unit_dialog: UnitDialog = page.dialog
    assert unit_dialog.windowTitle() == "青山区司法局（只读）"
    assert unit_dialog.tabs.tabText(unit_dialog.tabs.currentIndex()).startswith("整改事项")
    assert unit_dialog.items_model.rowCount() == 8 and unit_dialog.sessions_model.rowCount() == 30
    items_view = unit_dialog.tabs.currentWidget()
    assert items_view.editTriggers() == QAbstractItemView.NoEditTriggers
    assert "主要举措和成效" in unit_dialog.report_view.toPlainText()
    unit_dialog.close()


def test_late_and_overdue_cells_are_marked(qtbot, store, tmp_path):
    from datetime import date

    store.clock.set(date(YEAR + 1, 3, 5))
    path = tmp_path / "late.lawdesk-pkg"
    synth.package(path, "迟报局", YEAR, keys.load_or_create(tmp_path / "s.db"), sessions=3, items=10,
                  submitted_on=f"{YEAR + 1}-03-04")
    from core.district import receive

    receive.import_packages(store, [path])
    page = DistrictPage(store)
    qtbot.addWidget(page)
    page.show_year(YEAR)
    u = page.model.unit_at(0)
    assert u.late and u.overdue
    assert page.model.index(0, 3).data() == "逾期"
    assert page.model.index(0, 3).data(Qt.BackgroundRole) is not None
    assert page.model.index(0, 11).data(Qt.BackgroundRole) is not None
    assert page.model.index(0, 5).data(Qt.BackgroundRole) is None


def test_a_key_change_is_imported_only_after_the_clerk_confirms(qtbot, window, packages, tmp_path, monkeypatch):
    page = window.pages["district"]
    first = import_by_path(qtbot, page, packages[:1])
    first.import_button.click()
    qtbot.waitUntil(lambda: first.result_value is not None, timeout=15000)
    newer = tmp_path / "newer.lawdesk-pkg"
    synth.package(newer, "青山区司法局", YEAR, keys.load_or_create(tmp_path / "reinstalled.db"), sessions=31,
                  items=8, created=f"{YEAR}-11-02T09:00:00")
    dialog = import_by_path(qtbot, page, [newer])
    assert not dialog.import_button.isEnabled() and dialog.key_button.isVisibleTo(dialog)
    asked: list[str] = []
    monkeypatch.setattr(import_dialog, "confirm", lambda parent, title, text, ok="确定": asked.append(text) or True)
    dialog.key_button.click()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=15000)
    assert "新指纹" in asked[0]
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=15000)
    assert dialog.result_value.imported[0]["replaced"] is True
    assert window.store.scalar("select count(*) from district_session") == 31


def test_a_collecting_unit_sees_the_page_and_every_unit_can_send(qtbot, window, demo_store, tmp_path):
    profile = unit.load(window.store)
    profile.full_name, profile.collects_subordinates = "青山区司法局", True
    unit.save(window.store, profile)
    qtbot.waitUntil(lambda: not nav_hidden(window))
    assert "导出汇总报送包（报上级单位）…" in [a.text() for a in window.file_menu.actions()]

    dialog = send_dialog.SendDialog(demo_store)
    qtbot.addWidget(dialog)
    dialog.year.setCurrentIndex(dialog.year.findData(YEAR))
    out = tmp_path / "sent.lawdesk-pkg"
    thread = dialog.export(out)
    qtbot.waitUntil(lambda: getattr(dialog, "export_box", None) is not None, timeout=15000)
    box = dialog.export_box
    assert thread is not None and out.exists()
    assert keys.own_fingerprint(demo_store.path) in box.text()
    assert {"打开文件", "打开所在文件夹"} <= {b.text() for b in box.buttons()}
    box.close()


def test_the_districts_own_report_gets_the_aggregated_paragraph(qtbot, store, packages):
    from core.district import paragraph, receive
    from core.reports import repository
    from ui.reports.editor import ReportEditor

    receive.import_packages(store, packages)
    report_id = repository.create_from_template(store, YEAR)
    editor = ReportEditor(store, report_id)
    qtbot.addWidget(editor)
    editor.select_section(editor.report.sections[0].uid)
    depth = editor.undo_stack.count()
    editor.district_action.trigger()
    expected = paragraph.district_paragraph(store, YEAR)
    assert "共收到2个单位" in expected
    assert editor.report.sections[0].body[-1] == expected
    assert editor.undo_stack.count() == depth + 1 and editor.undo_stack.undoText() == "插入汇总情况"
