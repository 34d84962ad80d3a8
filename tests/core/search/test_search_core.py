"""Search engine: folding, short queries, grouping, snippets, following edits, rebuild, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core import recycle
from core.search import index
from core.search.fold import fold, match_expression, query_terms, term_pattern
from core.search.query import mark, search, snippet
from core.staff import roster

ROOT = Path(__file__).resolve().parents[3]


def _session(store, topic: str, summary: str = "") -> int:
    from core.study import sessions

    return sessions.save(
        store, sessions.Session(held_on="2026-03-05", topic=topic, form="集中学法", summary=summary)
    )


def _ids(result, kind: str) -> list[int]:
    return [h.record_id for g in result.groups if g.kind == kind for h in g.hits]


def test_fold_traditional_fullwidth_and_case():
    assert fold("建設法治政府") == "建设法治政府"
    assert fold("ＰＤＦ２０２６") == "pdf2026"
    assert query_terms("  學法  整改，") == ["学法", "整改"]
    assert query_terms("，。") == []
    assert match_expression(["整改"]) == '"整 改"'


def test_one_and_two_character_queries_match_substrings(store):
    a = _session(store, "学习行政复议法", "对发现的问题限期整改")
    b = _session(store, "学习民法典")
    assert set(_ids(search(store, "整改"), "study")) == {a}
    assert set(_ids(search(store, "学"), "study")) == {a, b}
    assert set(_ids(search(store, "法典"), "study")) == {b}
    assert _ids(search(store, "民法典合同"), "study") == []
    # every word of a multi-word query must occur, anywhere in the record
    assert set(_ids(search(store, "复议 整改"), "study")) == {a}


def test_traditional_query_finds_simplified_text_and_back(store):
    s = _session(store, "法治政府建设专题学习")
    t = _session(store, "學習《個人信息保護法》")
    assert _ids(search(store, "建設"), "study") == [s]
    assert _ids(search(store, "个人信息保护"), "study") == [t]


def test_snippet_marks_words_and_keeps_original_characters(store):
    text = "一" * 100 + "深入學習憲法" + "二" * 100
    shown, spans = snippet(text, fold(text), [term_pattern("宪法")])
    assert shown.startswith("…") and shown.endswith("…")
    assert [shown[s:e] for s, e in spans] == ["憲法"]
    assert mark("甲乙丙", [(1, 2)]) == "甲【乙】丙"


def test_edit_is_followed_at_once(store):
    from core.study import sessions

    sid = _session(store, "学习保密法")
    assert _ids(search(store, "保密"), "study") == [sid]
    s = sessions.get(store, sid)
    s.topic = "学习档案法"
    sessions.save(store, s)
    assert _ids(search(store, "保密"), "study") == []
    assert _ids(search(store, "档案"), "study") == [sid]
    sessions.delete(store, sid)
    assert _ids(search(store, "档案"), "study") == []
    bin_id = recycle.entries(store)[0]["id"]
    recycle.restore(store, bin_id)
    assert _ids(search(store, "档案"), "study") == [sid]
    assert not index.needs_rebuild(store)


def test_staff_and_rectification_progress_are_found(store):
    from core.rectification import items

    pid = roster.add(store, "欧阳明", "法规科", "科员")
    item = items.create(store, {"problem": "窗口告知不到位", "owner_staff_id": pid})
    items.add_progress(store, item, "已组织业务轮训", on_date="2026-01-05")
    result = search(store, "欧阳")
    assert _ids(result, "staff") == [pid] and _ids(result, "rectification") == [item]
    assert _ids(search(store, "轮训"), "rectification") == [item]
    roster.update(store, pid, name="欧阳晓明")
    assert _ids(search(store, "晓明"), "rectification") == [item]


def test_report_sections_are_hits_that_open_at_the_section(demo_store):
    section = demo_store.query(
        "select id, report_id, heading from report_section where heading != '' limit 1"
    )
    if not section:
        pytest.skip("no demo report yet")
    word = section[0]["heading"][:4]
    hits = [h for g in search(demo_store, word).groups if g.kind == "report" for h in g.hits]
    assert any(h.section_id == section[0]["id"] and h.record_id == section[0]["report_id"] for h in hits)


def test_demo_two_character_queries_reach_every_kind(demo_store):
    for word in ("整改", "学法"):
        kinds = {g.kind for g in search(demo_store, word).groups}
        assert {"study", "rectification"} <= kinds
        if demo_store.scalar("select count(*) from report"):
            assert "report" in kinds


def test_rebuild_matches_incremental_and_counts_cap(store):
    for i in range(30):
        _session(store, f"第{i}次集中学习")
    result = search(store, "集中", limit=5, cap=10)
    group = result.groups[0]
    assert len(group.hits) == 5 and group.total == 10 and group.capped and group.count_text() == "10+"
    assert index.rebuild(store) == store.scalar("select count(*) from study_session") + store.scalar(
        "select count(*) from staff"
    )
    assert search(store, "集中", cap=100).groups[0].total == 30


def test_out_of_date_index_is_rebuilt_at_open(tmp_path):
    from core.db import open_store

    path = tmp_path / "x.db"
    with open_store(path) as s:
        # a bulk write that forgot to notify: the counts no longer agree
        s.conn.execute("insert into staff (name, created_at) values ('司马光', '2026-01-01')")
    with open_store(path) as s:
        assert _ids(search(s, "司马"), "staff")
        s.conn.execute("update search_meta set value = 'old' where key = 'version'")
    with open_store(path) as s:
        assert s.scalar("select value from search_meta where key = 'version'") == index.INDEX_VERSION


def test_cli_search_json(tmp_path):
    db = tmp_path / "c.db"
    from core.db import open_store

    with open_store(db) as s:
        roster.add(s, "諸葛亮", "办公室")
    out = subprocess.run(
        [sys.executable, "main.py", "--db", str(db), "search", "诸葛", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = json.loads(out)
    hit = data["groups"][0]["hits"][0]
    assert data["groups"][0]["kind"] == "staff" and hit["snippet"][slice(*hit["spans"][0])] == "諸葛"
    text = subprocess.run(
        [sys.executable, "main.py", "--db", str(db), "search", "亮"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "【亮】" in text and "人员" in text


def test_rebuild_reports_progress_and_too_much_garbage_triggers_it(store):
    for i in range(3):
        _session(store, f"第{i}次学习")
    seen = []
    total = index.rebuild(store, lambda done, all_: seen.append((done, all_)))
    assert seen[-1] == (total, total)
    assert not index.needs_rebuild(store)
    store.conn.execute("update search_meta set value = ? where key = 'garbage'", [index.GARBAGE_LIMIT + 10])
    assert index.needs_rebuild(store)


def test_a_failing_index_update_does_not_stop_the_save(store, monkeypatch, caplog):
    import sqlite3

    from core.search import sources

    def broken(*_a, **_k):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(sources, "load_ids", broken)
    sid = _session(store, "学习档案法")
    assert store.get("study_session", sid)["topic"] == "学习档案法"
    assert "搜索索引更新失败" in caplog.text
    assert index.needs_rebuild(store)


def test_report_to_recycle_bin_and_back_takes_its_sections(demo_store):
    from core.reports import repository

    report = demo_store.query("select id, year from report order by id limit 1")[0]
    sections = {
        r["id"] for r in demo_store.query("select id from report_section where report_id = ?", [report["id"]])
    }

    def report_hits() -> set:
        found = set()
        for word in ("法治", "年度"):
            for group in search(demo_store, word, limit=500).groups:
                found |= {(h.record_id, h.section_id) for h in group.hits if group.kind == "report"}
        return {s for r, s in found if r == report["id"] and s is not None}

    assert report_hits()
    repository.delete(demo_store, report["id"])
    assert report_hits() == set()
    recycle.restore(demo_store, recycle.entries(demo_store)[0]["id"])
    assert report_hits() and report_hits() <= sections
    assert not index.needs_rebuild(demo_store)


def test_snippet_of_a_two_word_query_shows_both_words():
    text = "学法" + "甲" * 200 + "整改" + "乙" * 200
    shown, spans = snippet(text, fold(text), [term_pattern("学法"), term_pattern("整改")])
    assert [shown[s:e] for s, e in spans] == ["学法", "整改"]
    assert shown.count("…") == 2 and len(shown) < 140
