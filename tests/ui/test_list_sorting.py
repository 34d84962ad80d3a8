"""Every sortable column of the 学法记录 and 整改事项 lists, clicked ascending then descending, shows the rows in
the order of that column's value, ties in a fixed order (so lazily read pages agree)."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt

from core.rectification import items, rules
from ui.rectification.page import RectificationPage
from ui.study.page import StudyPage

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "study"))
from test_study_sort import fill_sessions, study_order  # noqa: E402

# 整改事项: each column's value as SQL orders it (NULL first ascending); ties always by number ascending
ITEM_VALUES = {
    "number": lambda r: (len(r.number), r.number),
    "status": lambda r: rules.STATUSES.index(r.status),
    "source": lambda r: r.source, "problem": lambda r: r.problem, "department": lambda r: r.department,
    "owner": lambda r: (r.owner is not None, r.owner or ""),
    "deadline": lambda r: (r.deadline is None, r.deadline or ""),  # undated (长期坚持) after the dated
    "last_progress": lambda r: (r.last_progress is not None, r.last_progress or ""),
}


def _click_every_column(page):
    """(column title, sort key, descending, rows shown) for each column clicked ascending, then descending."""
    for column in range(page.model.columnCount()):
        title = page.model.headerData(column, Qt.Horizontal)
        for order in (Qt.AscendingOrder, Qt.DescendingOrder):
            page.view.sortByColumn(column, order)
            assert page.view.horizontalHeader().sortIndicatorSection() == column
            descending = order == Qt.DescendingOrder
            assert page.model.descending == descending, title
            yield title, page.model.order_by, descending, [page.model.row_at(r) for r in range(page.model.rowCount())]


def test_study_list_sorts_every_column_both_ways(qtbot, store):
    ids = fill_sessions(store)
    page = StudyPage(store, None)
    qtbot.addWidget(page)
    clicked = []
    for title, key, descending, rows in _click_every_column(page):
        assert sorted(r.id for r in rows) == sorted(ids), title
        assert [r.id for r in rows] == study_order(rows, key, descending), (title, descending)
        clicked.append(title)
    assert len(clicked) == 2 * len(page.columns) == 18


def test_rectification_list_sorts_every_column_both_ways(qtbot, demo_store):
    # ZG-2026-1000 sorts after ZG-2026-999, as the clerk counts (not as the text does)
    demo_store.conn.execute("update rectification_counter set last = 998 where year = 2026")
    late = [items.create(demo_store, {"problem": f"第{n}项", "department": "办公室"}, year=2026) for n in (999, 1000)]
    assert [items.get(demo_store, i)["number"] for i in late] == ["ZG-2026-999", "ZG-2026-1000"]
    page = RectificationPage(demo_store)
    qtbot.addWidget(page)
    page.refresh()
    assert page.model.rowCount() == 22
    clicked = []
    for title, key, descending, rows in _click_every_column(page):
        by_number = sorted(rows, key=ITEM_VALUES["number"])
        expected = sorted(by_number, key=ITEM_VALUES[key], reverse=descending)  # stable: ties keep number order
        assert [r.number for r in rows] == [r.number for r in expected], (title, descending)
        clicked.append(title)
    assert len(clicked) == 2 * len(page.columns) == 16
