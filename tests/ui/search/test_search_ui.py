"""Search box in the main window: Ctrl+K, grouped highlighted results, keys, opening at the right place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from core.study import sessions
from tests.ui.windows import shown
from ui.main_window import MainWindow
from ui.search.results import HtmlRole


def _window(qtbot, store) -> MainWindow:
    return shown(qtbot, MainWindow(store))


def _search(qtbot, window, type_chinese, text: str):
    box = window.search_box
    box.clear()
    type_chinese(box, text)
    qtbot.waitUntil(
        lambda: box.result is not None and box.result.query == text and box.panel.isVisible(), timeout=2000
    )
    return box.result


def _kinds(result) -> set[str]:
    return {g.kind for g in result.groups if g.hits}


def test_ctrl_k_focuses_the_box(qtbot, demo_store):
    window = _window(qtbot, demo_store)
    window.activateWindow()
    window.nav.setFocus()
    qtbot.waitUntil(window.nav.hasFocus, timeout=1000)
    assert window.search_box.focus_action.shortcut() == QKeySequence("Ctrl+K")
    qtbot.keyClick(window.nav, Qt.Key_K, Qt.ControlModifier)
    qtbot.waitUntil(window.search_box.hasFocus, timeout=1000)


def test_two_character_queries_find_reports_sessions_and_items(qtbot, demo_store, type_chinese):
    window = _window(qtbot, demo_store)
    for word in ("整改", "学法"):
        result = _search(qtbot, window, type_chinese, word)
        assert {"report", "study", "rectification"} <= _kinds(result), word
        model = window.search_box.panel.model
        html = [model.data(model.index(r), HtmlRole) for r in model.hit_rows()]
        assert all(f">{word}</span>" in h for h in html), "every hit shows the word highlighted"


def test_traditional_query_finds_simplified_text(qtbot, demo_store, type_chinese):
    window = _window(qtbot, demo_store)
    result = _search(qtbot, window, type_chinese, "學法")
    assert {"study", "rectification"} <= _kinds(result)
    hit = result.groups[0].hits[0]
    assert hit.snippet[slice(*hit.spans[0])] == "学法"
    result = _search(qtbot, window, type_chinese, "建設")
    assert "report" in _kinds(result)


def test_edited_topic_is_found_at_once_and_old_word_is_not(qtbot, demo_store, type_chinese):
    window = _window(qtbot, demo_store)
    sid = demo_store.scalar("select id from study_session order by id limit 1")
    s = sessions.get(demo_store, sid)
    old_word = "網絡安全"  # Traditional on purpose
    s.topic = "学习《网络安全法》"
    sessions.save(demo_store, s)
    assert sid in [h.record_id for g in _search(qtbot, window, type_chinese, old_word).groups for h in g.hits]
    s = sessions.get(demo_store, sid)
    s.topic = "学习《鲲鹏条例》"
    sessions.save(demo_store, s)
    result = _search(qtbot, window, type_chinese, "鲲鹏")
    assert [(h.kind, h.record_id) for g in result.groups for h in g.hits] == [("study", sid)]
    gone = _search(qtbot, window, type_chinese, "网络安全法》")
    assert sid not in [h.record_id for g in gone.groups if g.kind == "study" for h in g.hits]


def test_keys_move_and_enter_opens_the_record(qtbot, demo_store, type_chinese):
    window = _window(qtbot, demo_store)
    result = _search(qtbot, window, type_chinese, "整改")
    box, panel = window.search_box, window.search_box.panel
    hit_rows = panel.model.hit_rows()
    assert panel.view.currentIndex().row() == hit_rows[0]
    qtbot.keyClick(box, Qt.Key_Down)
    assert panel.view.currentIndex().row() == hit_rows[1]
    qtbot.keyClick(box, Qt.Key_Up)
    qtbot.keyClick(box, Qt.Key_Up)  # stays on the first hit
    assert panel.view.currentIndex().row() == hit_rows[0]
    # walk down to the first rectification hit and open it
    target = next(r for r in hit_rows if panel.model.hit(r).kind == "rectification")
    while panel.view.currentIndex().row() != target:
        qtbot.keyClick(box, Qt.Key_Down)
    item_id = panel.model.hit(target).record_id
    qtbot.keyClick(box, Qt.Key_Return)
    assert not panel.isVisible()
    page = window.pages["rectification"]
    assert window.stack.currentWidget() is page
    assert page.selected_id() == item_id
    assert page.editor is not None and page.editor.item_id == item_id
    page.editor.reject()
    assert result.groups


def test_report_hit_opens_the_report_at_its_section(qtbot, demo_store, type_chinese):
    window = _window(qtbot, demo_store)
    section = demo_store.query(
        "select id, report_id, heading from report_section where heading like '%不足%' order by id limit 1"
    )[0]
    result = _search(qtbot, window, type_chinese, "不足")
    panel = window.search_box.panel
    row = next(r for r in panel.model.hit_rows() if panel.model.hit(r).section_id == section["id"])
    panel.view.scrollTo(panel.model.index(row))
    rect = panel.view.visualRect(panel.model.index(row))
    qtbot.mouseClick(panel.view.viewport(), Qt.LeftButton, pos=rect.center())
    page = window.pages["reports"]
    assert window.stack.currentWidget() is page
    editor = page.editor
    assert editor is not None and editor.report.id == section["report_id"]
    assert editor.current_section() is not None and editor.current_section().id == section["id"]
    assert result.groups


def test_no_result_says_so(qtbot, demo_store, type_chinese):
    window = _window(qtbot, demo_store)
    result = _search(qtbot, window, type_chinese, "魑魅魍魉")
    assert result.groups == []
    assert "没有找到" in window.search_box.panel.status.text()
    qtbot.keyClick(window.search_box, Qt.Key_Escape)
    assert not window.search_box.panel.isVisible()


def test_group_header_opens_the_list_filtered_by_the_words(qtbot, demo_store, type_chinese):
    window = _window(qtbot, demo_store)
    _search(qtbot, window, type_chinese, "网络安全")
    panel = window.search_box.panel
    header = next(
        r
        for r in range(panel.model.rowCount())
        if panel.model.group(r) and panel.model.group(r).kind == "study"
    )
    total = panel.model.group(header).total
    rect = panel.view.visualRect(panel.model.index(header))
    qtbot.mouseClick(panel.view.viewport(), Qt.LeftButton, pos=rect.center())
    study = window.pages["study"]
    assert window.stack.currentWidget() is study
    assert study.search_edit.text() == "网络安全"
    assert study.totals.sessions == total
