"""Figures from the ledgers, shortcomings → rectification items, demo reports (on the demo database)."""
from __future__ import annotations

from datetime import date

from core.reports import figures, repository, shortcomings
from core.reports.model import Report, Section
from core.study import sessions
from core.study.sessions import StudyFilter


def test_study_paragraph_matches_ledger(demo_store):
    totals = sessions.totals(demo_store, StudyFilter(year=2025))
    text = figures.study_paragraph(demo_store, 2025)
    assert f"共组织学法活动{totals.sessions}次" in text
    assert f"参学{totals.person_times}人次" in text
    assert f"累计{sessions.format_hours(totals.hours)}学时" in text
    assert "学法考试" in text and "合格率" in text and "《" in text


def test_study_paragraph_for_empty_year(store):
    assert "暂无学法记录" in figures.study_paragraph(store, 2019)


def test_rectification_paragraph(demo_store):
    from core.rectification import items

    counts = items.counts(demo_store, items.ItemFilter(year=2026), today=date(2026, 11, 21))
    text = figures.rectification_paragraph(demo_store, 2026, date(2026, 11, 21))
    assert f"共梳理整改事项{counts['total']}项" in text
    done = counts["已完成"] + counts["已销号"]
    assert f"已完成整改{done}项（其中已销号{counts['已销号']}项）" in text
    assert "整改完成率" in text


def _with_shortcomings(body=None, children=None) -> Report:
    part = Section("存在的不足和原因", 1, body or [], "shortcomings", children=children or [])
    return Report(id=None, year=2025, title="T", unit="U", recipient="", opening=[], sections=[part],
                  signature="", issued_on=None, contact="")


def test_propose_items_split_on_ordinals():
    report = _with_shortcomings(["主要表现在：一是学法形式单一；二是考核不严。究其原因，是重视不够。"])
    assert shortcomings.propose_items(report) == ["学法形式单一。", "考核不严。"]


def test_propose_items_numbered_paragraphs_and_children():
    numbered = _with_shortcomings(["1.制度不健全。2.培训不足。"])
    assert shortcomings.propose_items(numbered) == ["制度不健全。", "培训不足。"]
    plain = _with_shortcomings(["数据共享不畅。", "宣传不够。", "无。"])
    assert shortcomings.propose_items(plain) == ["数据共享不畅。", "宣传不够。"]
    nested = _with_shortcomings(children=[Section("承接能力有待加强。", 2, ["培训不到位。"])])
    assert shortcomings.propose_items(nested) == ["承接能力有待加强：培训不到位。"]


def test_create_items_link_back(demo_store):
    report = repository.load(demo_store, repository.list_reports(demo_store)[-1]["id"])
    problems = shortcomings.propose_items(report)
    assert len(problems) == 3
    ids = shortcomings.create_items(demo_store, report, problems[:2])
    rows = demo_store.query(
        f"select source, report_id, report_section_id, problem from rectification where id in ({ids[0]}, {ids[1]})")
    part = next(s for s in report.sections if s.kind == "shortcomings")
    assert {(r["source"], r["report_id"], r["report_section_id"]) for r in rows} == {("年度报告自查", report.id, part.id)}
    assert rows[0]["problem"] == problems[0]


def test_demo_reports(demo_store):
    listed = repository.list_reports(demo_store)
    assert [(r["year"], r["status"]) for r in listed] == [(2026, "草稿"), (2025, "已公开")]
    published = repository.load(demo_store, listed[1]["id"])
    assert published.title == "青山区政务服务数据管理局2025年度法治政府建设情况报告"
    assert set(published.status_dates) == {"已定稿", "已报送", "已公开"}
    assert published.issued_on == date(2026, 1, 20) and len(published.sections) == 5
    draft = repository.load(demo_store, listed[0]["id"])
    assert "学法活动" in draft.sections[0].children[0].body[0]
