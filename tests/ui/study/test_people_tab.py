"""人员学时 tab: figures read once per change (not per tab or page switch), columns sized without
ResizeToContents (issue 13)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from core import unit
from core.staff import roster
from core.study import people, records
from core.study.sessions import Attendee, Session
from tests.ui.windows import shown
from ui.study.page import NAMED_BELOW, PEOPLE_TAB, StudyPage

LONG_DEPARTMENT = "区政务服务和大数据管理局行政审批协调科"


@pytest.fixture
def team(store):
    unit.save(store, unit.UnitProfile(full_name="测试区司法局", short_name="区司法局"))
    staff = {name: roster.add(store, name, dept, "科员", leader)
             for name, dept, leader in (("王局长", "局领导", True), ("张三", "办公室", False),
                                        ("李四", LONG_DEPARTMENT, False))}
    staff.update({f"人员{n}": roster.add(store, f"人员{n}", "业务科", "科员", False) for n in range(40)})
    return staff


@pytest.fixture
def counted(monkeypatch):
    """The years `people.statistics` was asked for, in order."""
    calls: list[int] = []
    real = people.statistics

    def counting(store, year, *args, **kwargs):
        calls.append(year)
        return real(store, year, *args, **kwargs)

    monkeypatch.setattr(people, "statistics", counting)
    return calls


@pytest.fixture
def page(store, team, qtbot):
    return shown(qtbot, StudyPage(store, None), (1280, 800))


def click_tab(qtbot, page, index: int) -> None:
    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(index).center())
    assert page.tabs.currentIndex() == index


def row_of(model, name: str) -> int:
    return next(r for r, p in enumerate(model.people) if p.name == name)


def save_session(store, staff_id: int, hours: float, qtbot, page) -> None:
    """Save through the records API; the commit reaches the page through the change hub (next loop turn)."""
    before = page.model.rowCount()
    records.save(store, Session(held_on=store.clock.today().isoformat(), topic=f"学习{hours}", hours=hours,
                                attendees=[Attendee(staff_id)]))
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1)  # the list heard it: so did the tab


def test_switching_back_does_not_recompute_but_a_change_does(store, team, page, counted, qtbot):
    year = store.clock.today().year
    click_tab(qtbot, page, PEOPLE_TAB)
    assert counted == [year]
    model = page.people_model
    assert model.index(row_of(model, "张三"), 5).data() == "0"

    click_tab(qtbot, page, 0)
    click_tab(qtbot, page, PEOPLE_TAB)
    page.refresh()  # what the main window does each time it shows the page
    assert counted == [year]  # nothing changed: the tables are shown as they were

    save_session(store, team["张三"], 2.5, qtbot, page)  # the tab is on screen: read again at once
    assert counted == [year, year]
    assert model.index(row_of(model, "张三"), 3).data() == "1"
    assert model.index(row_of(model, "张三"), 5).data() == "2.5"


def test_a_change_while_the_list_shows_is_read_when_the_tab_opens(store, team, page, counted, qtbot):
    click_tab(qtbot, page, PEOPLE_TAB)
    click_tab(qtbot, page, 0)
    save_session(store, team["李四"], 3, qtbot, page)
    assert len(counted) == 1  # the tab is hidden: not read yet
    click_tab(qtbot, page, PEOPLE_TAB)
    assert len(counted) == 2
    model = page.people_model
    assert model.index(row_of(model, "李四"), 5).data() == "3"
    click_tab(qtbot, page, 0)
    click_tab(qtbot, page, PEOPLE_TAB)
    assert len(counted) == 2


def test_another_year_is_read_and_unrelated_changes_are_not(store, team, page, counted, qtbot):
    year = store.clock.today().year
    click_tab(qtbot, page, PEOPLE_TAB)
    records.save(store, Session(held_on=f"{year - 1}-06-01", topic="去年", hours=4, attendees=[Attendee(team["张三"])]))
    qtbot.waitUntil(lambda: page.people_year.findData(year - 1) >= 0)
    assert counted == [year, year]  # a study change is read again, on screen
    page.people_year.setCurrentIndex(page.people_year.findData(year - 1))
    assert counted == [year, year, year - 1]
    assert page.people_model.index(row_of(page.people_model, "张三"), 5).data() == "4"
    roster.add(store, "不相干", "办公室", "科员", False)  # staff: followed
    qtbot.waitUntil(lambda: len(counted) == 4)
    with store.transaction():
        store.notify("rectification")  # not what the tab counts
    page.changes.flush()
    assert len(counted) == 4


def test_columns_fit_the_longest_texts_without_resize_to_contents(page, qtbot):
    click_tab(qtbot, page, PEOPLE_TAB)
    view = page.people_view
    header = view.horizontalHeader()
    modes = [header.sectionResizeMode(n) for n in range(header.count())]
    assert QHeaderView.ResizeToContents not in modes
    assert header.sectionSize(1) >= view.fontMetrics().horizontalAdvance(LONG_DEPARTMENT)
    for n in range(header.count()):
        assert header.sectionSize(n) >= header.sectionSizeHint(n)  # titles not cut


def test_the_summary_names_a_few_and_a_change_keeps_the_clerks_sort(store, team, page, qtbot):
    click_tab(qtbot, page, PEOPLE_TAB)
    summary = page.people_summary.text()
    assert f"未达标 {len(team)} 人" in summary  # nobody studied yet
    assert summary.count("、") == NAMED_BELOW - 1 and "等（见下表红色底纹行）" in summary and "人员39" not in summary
    page.people_view.horizontalHeader().setSortIndicator(5, Qt.DescendingOrder)  # a click on 学时
    save_session(store, team["人员39"], 6, qtbot, page)
    assert page.people_model.people[0].name == "人员39"
    assert page.people_view.horizontalHeader().sortIndicatorSection() == 5
