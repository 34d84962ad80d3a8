"""首页 on an empty database says what to do first instead of figures that mean nothing."""
from __future__ import annotations

from ui.home.page import NO_REPORT_HINT, NO_STAFF_HINT, HomePage


def _rows(action_list) -> list[str]:
    return [row[0] for row in action_list.actions_model.rows]


def test_empty_database_gives_guidance(qtbot, store):
    home = HomePage(store, None)
    qtbot.addWidget(home)
    home.show_year()
    below = home.figures["study.below"]
    assert below.value_text == "尚无人员" and "未达 0" not in below.text()
    assert _rows(home.below_list) == [NO_STAFF_HINT]
    assert "全部人员均已达到最低学时" not in "".join(_rows(home.below_list))
    assert home.figures["report.findings"].value_text == "尚未起草"
    assert _rows(home.findings_list) == [NO_REPORT_HINT]
    assert "核稿未发现问题" not in "".join(_rows(home.findings_list))


def test_with_staff_the_figures_come_back(qtbot, store):
    from core.staff import roster

    roster.add(store, "张三", "办公室")
    home = HomePage(store, None)
    qtbot.addWidget(home)
    home.show_year()
    assert home.figures["study.below"].value_text == "1"
    assert "张三" in _rows(home.below_list)[0]
