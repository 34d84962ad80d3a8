"""What a keystroke in the search box costs on screen (issue 13): the panel repaints itself only, and only
a screenful of rows is laid out as rich text; the other rows' heights are estimated and, once painted, exact."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

from tests.ui.windows import shown
from ui.main_window import MainWindow
from ui.search import results


class PaintCount(QObject):
    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _watched, event) -> bool:
        self.count += event.type() == QEvent.Paint
        return False


def _window(qtbot, store) -> MainWindow:
    return shown(qtbot, MainWindow(store), (1280, 800))


def _search(qtbot, box, type_chinese, text: str) -> None:
    box.clear()
    type_chinese(box, text)
    qtbot.waitUntil(lambda: box.result is not None and box.result.query == text and box.panel.isVisible(),
                    timeout=2000)


def test_new_results_repaint_the_panel_not_the_page_under_it(qtbot, demo_store, type_chinese):
    window = _window(qtbot, demo_store)
    box = window.search_box
    _search(qtbot, box, type_chinese, "整改")
    qtbot.wait(50)
    page, panel = PaintCount(window.stack.currentWidget()), PaintCount(box.panel.view.viewport())
    box.setText("学法")
    box.run_search()
    qtbot.waitUntil(lambda: panel.count > 0, timeout=2000)
    assert page.count == 0  # 首页 (charts, lists) is not painted again under the opaque panel


def test_rows_past_the_first_screen_are_estimated_then_measured_when_shown(qtbot, demo_store, type_chinese,
                                                                          monkeypatch):
    made: list[int] = []

    class CountedDocument(results.QTextDocument):
        def __init__(self, *args) -> None:
            super().__init__(*args)
            made.append(1)

    monkeypatch.setattr(results, "QTextDocument", CountedDocument)
    window = _window(qtbot, demo_store)
    box = window.search_box
    _search(qtbot, box, type_chinese, "学法")
    view, model = box.panel.view, box.panel.model
    rows = model.rowCount()
    assert rows > 2 * results.EXACT_ROWS
    qtbot.wait(50)
    assert len(made) <= results.EXACT_ROWS + 2  # a screenful (and the selected row's variant), not every row
    for row in range(rows):  # scroll through: every row painted, its height then exact
        view.scrollTo(model.index(row))
        view.viewport().repaint()
        qtbot.wait(1)
    qtbot.wait(50)
    for row in range(rows):
        index = model.index(row)
        exact = results.QTextDocument()
        exact.setDefaultFont(view.font())
        exact.setDocumentMargin(results.MARGIN)
        exact.setHtml(index.data(results.HtmlRole))
        exact.setTextWidth(view.visualRect(index).width())
        assert view.visualRect(index).height() == results._height(exact), row
