"""生成整改事项 from a report's 存在的不足: asks the year (default: the report's), the 科室 and the deadline for
all the items, says what it made and offers to open them; 首页 of the report's year counts them."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from core.rectification import dashboard
from core.reports import repository
from ui.reports.editor import ReportEditor


class _Window:
    """Stands in for the main window: remembers where the editor asked to go."""

    def __init__(self) -> None:
        self.went: list[tuple] = []

    def go_to(self, key: str, record_id: int | None = None, **criteria) -> None:
        self.went.append((key, record_id, criteria))


def _draft(store):
    """The demo's published report: its 存在的不足 lists three problems."""
    return repository.list_reports(store)[-1]


def test_items_belong_to_the_report_year_with_department_and_deadline(demo_store, qtbot):
    report = _draft(demo_store)
    before = dashboard.figures(demo_store, report["year"], demo_store.clock.today()).total
    window = _Window()
    editor = ReportEditor(demo_store, report["id"], window)
    qtbot.addWidget(editor)
    dialog = editor.generate_items(exec_dialog=False)
    qtbot.addWidget(dialog)
    assert dialog.year == report["year"]  # not next year's list
    assert dialog.department_combo.findText("办公室") >= 0
    dialog.department_combo.setEditText("办公室")
    dialog.deadline_edit.lineEdit().setText("2027年3月31日")  # typed, read when the field is left
    dialog.deadline_edit.commit_text()
    assert dialog.shared() == {"department": "办公室", "deadline": date(2027, 3, 31)}
    dialog.accept()
    ids = editor.created_items
    rows = demo_store.query(f"select * from rectification where id in ({','.join(map(str, ids))}) order by id")
    assert len(rows) == dialog.model.rowCount()
    assert {(r["year"], r["department"], r["deadline"]) for r in rows} == {(report["year"], "办公室", "2027-03-31")}
    assert all(r["number"].startswith(f"ZG-{report['year']}-") for r in rows)
    assert rows[0]["source_doc"] == f"{report['year']}年度法治政府建设年度报告"
    assert f"列入 {report['year']} 年度" in editor.last_notice and rows[0]["number"] in editor.last_notice
    after = dashboard.figures(demo_store, report["year"], demo_store.clock.today()).total
    assert after - before == len(ids)  # 首页 of the report's year counts them
    box = next(w for w in editor.findChildren(QMessageBox) if w.isVisible())
    next(b for b in box.buttons() if b.text() == "打开整改事项").click()
    assert window.went == [("rectification", None, {"year": report["year"], "source": "年度报告自查"})]


def _dialog(store, qtbot) -> tuple[dict, ReportEditor, object]:
    """The demo report, its editor (with no window to go to) and the 生成整改事项 dialog it opened."""
    report = _draft(store)
    editor = ReportEditor(store, report["id"], None)
    qtbot.addWidget(editor)
    dialog = editor.generate_items(exec_dialog=False)
    qtbot.addWidget(dialog)
    return report, editor, dialog


def test_year_can_be_changed_and_deadline_left_open(demo_store, qtbot):
    report, editor, dialog = _dialog(demo_store, qtbot)
    assert dialog.deadline_edit.text() == "未定"
    dialog.year_spin.setValue(report["year"] + 1)
    dialog.model.item(0).setText("只生成这一条。")
    for row in range(1, dialog.model.rowCount()):
        dialog.model.item(row).setCheckState(dialog.model.item(row).checkState().Unchecked)
    dialog.accept()
    row = demo_store.query("select * from rectification where id = ?", editor.created_items)[0]
    assert row["year"] == report["year"] + 1 and row["deadline"] is None and row["department"] == ""
    assert dialog.deadline_edit.date() == QDate(2000, 1, 1)


def test_a_deadline_that_is_not_a_date_stops_the_dialog(demo_store, qtbot):
    """生成 with 「3月32日」 in 整改时限 used to create the items with no deadline, the dialog already gone."""
    _report, _editor, dialog = _dialog(demo_store, qtbot)
    dialog.show()
    before = demo_store.scalar("select count(*) from rectification")
    dialog.deadline_edit.lineEdit().setText("2027-3-32")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "日期无法识别" in dialog.deadline_edit.problem
    assert demo_store.scalar("select count(*) from rectification") == before
