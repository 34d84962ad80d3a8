"""首页: every figure equals an independent count, and every figure opens what it counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from tests.conftest import TODAY
from tests.ui.windows import shown
from ui.main_window import MainWindow

YEAR = 2026
OPEN = ("未启动", "整改中")


@pytest.fixture
def window(qtbot, demo_store):
    window = shown(qtbot, MainWindow(demo_store))
    home = window.pages["home"]
    home.show_filtered(year=YEAR)
    return window


def _value(home, key: str) -> str:
    return home.figures[key].value_text


def _one(store, sql: str, params=()) -> float:
    return store.scalar(sql, params) or 0


def test_study_figures_equal_independent_counts(window, demo_store):
    home = window.pages["home"]
    span = [f"{YEAR}-01-01", f"{YEAR}-12-31"]
    sessions = _one(demo_store, "select count(*) from study_session where held_on between ? and ?", span)
    attended = _one(
        demo_store,
        "select count(*) from study_attendance a join study_session s on s.id = a.session_id "
        "where a.status = 'attended' and s.held_on between ? and ?",
        span,
    )
    outside = _one(
        demo_store, "select sum(outside_count) from study_session where held_on between ? and ?", span
    )
    hours = _one(demo_store, "select sum(hours) from study_session where held_on between ? and ?", span)
    assert sessions > 0
    assert _value(home, "study.sessions") == str(sessions)
    assert _value(home, "study.person_times") == str(int(attended + outside))
    assert float(_value(home, "study.hours")) == pytest.approx(hours)
    months = dict(
        demo_store.conn.execute(
            "select cast(strftime('%m', held_on) as int), count(*) from study_session "
            "where held_on between ? and ? "
            "group by 1",
            span,
        ).fetchall()
    )
    assert [b.value for b in home.month_chart.bars] == [months.get(m, 0) for m in range(1, 13)]
    forms = dict(
        demo_store.conn.execute(
            "select form, count(*) from study_session where held_on between ? and ? group by form", span
        ).fetchall()
    )
    assert {b.key: b.value for b in home.form_chart.bars} == forms
    minimum = float(demo_store.scalar("select value from settings where key = 'unit.min_study_hours'") or 40)
    below = demo_store.query(
        "select st.name from staff st where st.active = 1 and coalesce("
        "(select sum(s.hours) from study_attendance a "
        "join study_session s on s.id = a.session_id where a.staff_id = st.id and a.status = 'attended' "
        "and s.held_on between ? and ?), 0) < ?",
        [*span, minimum],
    )
    assert int(_value(home, "study.below")) == len(below) > 0
    shown = [home.below_list.model().index(r, 0).data() for r in range(home.below_list.model().rowCount())]
    assert sorted(s.split("（")[0] for s in shown) == sorted(r["name"] for r in below)


def test_rectification_figures_equal_independent_counts(window, demo_store):
    home = window.pages["home"]
    assert _value(home, "rect.total") == str(
        _one(demo_store, "select count(*) from rectification where year = ?", [YEAR])
    )
    for status in ("未启动", "整改中", "已完成", "已销号"):
        expected = _one(
            demo_store, "select count(*) from rectification where year = ? and status = ?", [YEAR, status]
        )
        assert _value(home, f"rect.status.{status}") == str(expected)
    open_sql = "standing = 0 and deadline is not null and status in (?, ?)"
    overdue = _one(
        demo_store,
        f"select count(*) from rectification where {open_sql} and deadline < ?",
        [*OPEN, TODAY.isoformat()],
    )
    soon = _one(
        demo_store,
        f"select count(*) from rectification where {open_sql} and deadline between ? and ?",
        [*OPEN, TODAY.isoformat(), (TODAY + timedelta(days=7)).isoformat()],
    )
    assert overdue > 0 and soon > 0
    assert _value(home, "rect.overdue") == str(overdue)
    assert _value(home, "rect.due_soon") == str(soon)
    assert home.overdue_list.model().rowCount() == min(overdue, 10)
    sources = dict(
        demo_store.conn.execute(
            "select source, count(*) from rectification where year = ? group by source", [YEAR]
        ).fetchall()
    )
    assert {b.key: b.value for b in home.source_chart.bars} == sources


def test_report_figures(window, demo_store):
    home = window.pages["home"]
    row = demo_store.query("select id, status from report where year = ? order by id desc limit 1", [YEAR])[0]
    assert _value(home, "report.status") == row["status"]
    assert _value(home, "report.deadline.0") == f"{(date(YEAR + 1, 3, 1) - TODAY).days} 天"
    assert _value(home, "report.deadline.1") == f"{(date(YEAR + 1, 4, 1) - TODAY).days} 天"
    assert (
        int(_value(home, "report.findings")) == home.findings_list.model().rowCount()
        or int(_value(home, "report.findings")) > 10
    )


def test_clicking_overdue_opens_the_list_filtered_to_overdue(qtbot, window, demo_store):
    home = window.pages["home"]
    qtbot.mouseClick(home.figures["rect.overdue"], Qt.LeftButton)
    page = window.pages["rectification"]
    assert window.stack.currentWidget() is page
    assert page.overdue_check.isChecked() and not page.due_soon_check.isChecked()
    assert page.status_combo.currentData() is None and page.year_combo.currentData() is None
    expected = _one(
        demo_store,
        "select count(*) from rectification where standing = 0 and deadline is not null "
        "and status in (?, ?) and deadline < ?",
        [*OPEN, TODAY.isoformat()],
    )
    assert page.model.rowCount() == expected == int(_value(home, "rect.overdue"))


def test_status_figure_and_overdue_entry_open_the_right_things(qtbot, window, demo_store):
    home = window.pages["home"]
    qtbot.mouseClick(home.figures["rect.status.整改中"], Qt.LeftButton)
    page = window.pages["rectification"]
    assert page.status_combo.currentData() == "整改中" and page.year_combo.currentData() == YEAR
    assert page.model.rowCount() == int(_value(home, "rect.status.整改中"))
    window.show_page("home")
    first = home.overdue_list.model().index(0, 0)
    qtbot.mouseClick(
        home.overdue_list.viewport(), Qt.LeftButton, pos=home.overdue_list.visualRect(first).center()
    )
    number = first.data().split("　")[1].split()[0]
    assert page.editor is not None
    assert demo_store.scalar("select number from rectification where id = ?", [page.editor.item_id]) == number
    page.editor.reject()


def test_month_and_form_bars_open_the_filtered_study_list(qtbot, window):
    home = window.pages["home"]
    chart = home.month_chart
    qtbot.mouseClick(chart, Qt.LeftButton, pos=chart.bar_rect(2).center().toPoint())
    study = window.pages["study"]
    assert window.stack.currentWidget() is study
    assert study.year_combo.currentData() == YEAR and study.month_combo.currentData() == 3
    assert study.totals.sessions == chart.bars[2].value
    window.show_page("home")
    form = home.form_chart
    qtbot.mouseClick(form, Qt.LeftButton, pos=form.bar_rect(0).center().toPoint())
    assert study.form_combo.currentData() == form.bars[0].key and study.month_combo.currentData() is None
    assert study.totals.sessions == form.bars[0].value


def test_below_minimum_opens_per_person_hours(qtbot, window):
    home = window.pages["home"]
    qtbot.mouseClick(home.figures["study.below"], Qt.LeftButton)
    study = window.pages["study"]
    assert study.tabs.currentIndex() == 1 and study.people_year.currentData() == YEAR


def test_report_status_opens_the_report_and_a_finding_its_section(qtbot, window, demo_store):
    home = window.pages["home"]
    qtbot.mouseClick(home.figures["report.status"], Qt.LeftButton)
    reports = window.pages["reports"]
    assert reports.editor is not None and reports.editor.report.id == home.report_id
    assert home.findings_list.model().rowCount() > 0
    window.show_page("home")
    row = next(i for i, f in enumerate(home.report_findings[:10]) if f.section_uid)
    index = home.findings_list.model().index(row, 0)
    qtbot.mouseClick(
        home.findings_list.viewport(), Qt.LeftButton, pos=home.findings_list.visualRect(index).center()
    )
    assert window.stack.currentWidget() is reports
    assert reports.editor.current_uid() == home.report_findings[row].section_uid


def test_figures_follow_a_new_session_and_the_year_chooser(qtbot, window, demo_store):
    from core.study import sessions

    home = window.pages["home"]
    before = int(_value(home, "study.sessions"))
    sessions.save(demo_store, sessions.Session(held_on=f"{YEAR}-12-01", topic="学习新法", form="集中学法"))
    window.changes.flush()  # the page hears of the commit at once rather than at the next turn of the loop
    assert int(_value(home, "study.sessions")) == before + 1
    home.year_combo.setCurrentIndex(home.year_combo.findData(YEAR - 1))
    expected = _one(demo_store, "select count(*) from study_session where held_on like ?", [f"{YEAR - 1}-%"])
    assert int(_value(home, "study.sessions")) == expected


def test_refreshing_keeps_the_figures_font(window):
    home = window.pages["home"]
    size = home.figures["study.sessions"].font().pointSizeF()
    for _ in range(3):
        home.refresh()
    assert home.figures["study.sessions"].font().pointSizeF() == size


@pytest.mark.parametrize(("today", "days_to_filing"), [
    (date(2027, 1, 1), "59 天"),
    (date(2027, 2, 28), "1 天"),
    (date(2027, 3, 1), "0 天"),
    (date(2027, 3, 2), "逾期 1 天"),
    (date(2028, 2, 29), "1 天"),  # a leap day: the 2027 report is due tomorrow, 1 March
])
def test_home_is_drawn_on_the_clocks_day(qtbot, demo_store, clock, today, days_to_filing):
    """The clock is set before the window exists: the first drawing already shows that day."""
    clock.set(today)
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    home = window.pages["home"]
    assert home.today_label.text() == f"今天：{today.year}年{today.month}月{today.day}日"
    assert home.year == today.year
    home.show_filtered(year=today.year - 1)
    assert _value(home, "report.deadline.0") == days_to_filing
