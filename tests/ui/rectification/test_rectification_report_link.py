"""An item made from the annual report's 存在的不足 opens that report at that section."""
from __future__ import annotations

from PySide6.QtCore import Qt

from ui.main_window import MainWindow


def test_item_from_report_opens_its_source_section(qtbot, demo_store):
    row = demo_store.query(
        "select id, report_id, report_section_id from rectification where source = '年度报告自查' order by id limit 1")[0]
    other = demo_store.scalar("select id from rectification where report_id is null order by id limit 1")
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    page = window.pages["rectification"]

    plain = page.open_record(other)
    assert not plain.report_button.isVisibleTo(plain)
    plain.close()

    editor = page.open_record(row["id"])
    assert editor.report_button.isVisibleTo(editor)
    qtbot.mouseClick(editor.report_button, Qt.LeftButton)
    reports = window.pages["reports"]
    assert window.stack.currentWidget() is reports
    assert reports.editor.report.id == row["report_id"]
    section = reports.editor.current_section()
    assert section.id == row["report_section_id"] and section.kind == "shortcomings"
