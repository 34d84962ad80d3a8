"""Every tool bar of every page and of the report editor shows an icon on each of its buttons (issue 12:
"icons on every toolbar and navigation entry", one look), and every navigation entry has one too."""
from __future__ import annotations

from PySide6.QtWidgets import QToolBar, QToolButton

from core.reports import repository
from tests.ui.windows import shown
from ui.main_window import MainWindow


def _bare_buttons(root) -> list[str]:
    """The texts of the tool bar buttons under `root` that show no icon (`seen` counts all of them)."""
    bare = []
    for bar in root.findChildren(QToolBar):
        for action in bar.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            button = bar.widgetForAction(action)
            seen.append(action)
            icon = button.icon() if isinstance(button, QToolButton) else action.icon()
            if icon.isNull():
                bare.append(action.text() or (button.text() if isinstance(button, QToolButton) else "?"))
    return bare


seen: list = []


def test_every_tool_bar_button_and_navigation_entry_has_an_icon(qtbot, demo_store):
    window = shown(qtbot, MainWindow(demo_store), (1366, 728))
    bare = {}
    for key in window.page_keys():
        page = window.show_page(key)
        bare[key] = _bare_buttons(page)
    report_id = repository.list_reports(demo_store)[-1]["id"]
    editor = window.show_page("reports").open_editor(report_id)
    before = len(seen)
    bare["report editor"] = _bare_buttons(editor)
    assert len(seen) - before >= 15  # its main and outline tool bars were looked at
    assert not any(bare.values()), bare
    entries = [window.nav.item(i) for i in range(window.nav.count())]
    assert [e.text() for e in entries if e.icon().isNull()] == []
