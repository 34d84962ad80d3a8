"""Report model and outline edits: numbering from position, levels kept valid, kinds guessed."""
from __future__ import annotations

import pytest

from core.errors import RuleViolation
from core.reports import model, outline
from core.reports.model import Report, Section


def _report() -> Report:
    one = Section("主要举措和成效", 1, ["正文"], kind="achievements",
                  children=[Section("深入学习", 2, ["甲"]), Section("依法决策", 2, ["乙"])])
    two = Section("存在的不足和原因", 1, ["一是……"], kind="shortcomings")
    return Report(id=None, year=2025, title="T", unit="U", recipient="区委、区政府", opening=[], sections=[one, two],
                  signature="U", issued_on=None, contact="")


def test_number_for_each_form():
    assert model.number_for(1, 0) == "一、"
    assert model.number_for(1, 9) == "十、"
    assert model.number_for(1, 11) == "十二、"
    assert model.number_for(2, 0) == "（一）"
    assert model.number_for(3, 1) == "2."
    assert model.number_for(4, 0) == "（1）"
    assert model.parse_chinese_number("十二") == 12
    assert model.parse_chinese_number("二十") == 20


def test_numbered_depth_and_skipped_level():
    report = _report()
    report.sections[1].children = [Section("甲", 3), Section("乙", 3)]
    rows = [(s.heading, n, d) for s, n, d in model.numbered(report)]
    assert rows == [("主要举措和成效", "一、", 1), ("深入学习", "（一）", 2), ("依法决策", "（二）", 2),
                    ("存在的不足和原因", "二、", 1), ("甲", "1.", 2), ("乙", "2.", 2)]


def test_guess_kind_from_heading_words():
    assert model.guess_kind("2023年法治政府建设主要工作及成效") == "achievements"
    assert model.guess_kind("存在主要问题") == "shortcomings"
    assert model.guess_kind("主要负责人履行职责情况") == "leader_duties"
    assert model.guess_kind("有关意见建议") == "other"
    assert model.guess_kind("2024年工作安排") == "next_year_plan"
    assert model.guess_kind("下一步计划") == "next_year_plan"
    assert model.guess_kind("其他需要报告的情况") == "other"
    assert model.guess_kind("2020年度党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设的有关情况") == "leader_duties"
    assert model.guess_kind("政务公开") is None


def test_json_shape_has_numbers_and_no_numbers_in_headings():
    data = model.to_json(_report())
    first = data["sections"][0]
    assert first["number"] == "一、" and first["heading"] == "主要举措和成效"
    assert first["children"][1]["number"] == "（二）"
    assert set(data) >= {"id", "title", "year", "unit", "recipient", "issued_on", "sections", "dropped"}


def test_dict_round_trip_keeps_uids():
    report = _report()
    again = model.from_dict(model.to_dict(report))
    assert [s.uid for s in model.walk(again)] == [s.uid for s in model.walk(report)]


def test_add_child_move_and_renumber():
    report = _report()
    first = report.sections[0]
    uid = outline.add_section(report, first.uid, "新章节", as_child=True)
    assert model.number_of(report, uid) == "（三）"
    outline.move_up(report, uid)
    outline.move_up(report, uid)
    assert model.number_of(report, uid) == "（一）"
    assert model.number_of(report, first.children[1].uid) == "（二）"
    with pytest.raises(RuleViolation):
        outline.move_up(report, uid)


def test_add_sibling_after_and_at_end():
    report = _report()
    uid = outline.add_section(report, report.sections[0].uid, "领导干部履行第一责任人职责")
    assert report.sections[1].uid == uid and report.sections[1].kind == "leader_duties"
    end = outline.add_section(report, None)
    assert report.sections[-1].uid == end and model.number_of(report, end) == "四、"


def test_indent_outdent_keep_levels_valid():
    report = _report()
    second = report.sections[0].children[1]
    outline.indent(report, second.uid)
    assert model.parent_of(report, second.uid) is report.sections[0].children[0]
    assert second.level == 3 and model.number_of(report, second.uid) == "1."
    outline.outdent(report, second.uid)
    assert second.level == 2 and model.number_of(report, second.uid) == "（二）"
    with pytest.raises(RuleViolation):
        outline.outdent(report, report.sections[0].uid)
    with pytest.raises(RuleViolation):
        outline.indent(report, report.sections[0].uid)


def test_indent_beyond_level_four_is_refused_without_change():
    report = _report()
    a = report.sections[0].children[0]
    a.children = [Section("x", 3, children=[Section("y", 4)])]
    b = report.sections[0].children[1]
    b.children = [Section("z", 3, children=[Section("w", 4)])]
    with pytest.raises(RuleViolation):
        outline.indent(report, b.uid)
    assert b in report.sections[0].children and b.level == 2


def test_move_to_drag_and_drop():
    report = _report()
    child = report.sections[0].children[0]
    outline.move_to(report, child.uid, report.sections[1].uid, 0)
    assert report.sections[1].children == [child] and child.level == 2
    outline.move_to(report, child.uid, None, 0)
    assert report.sections[0] is child and child.level == 1
    with pytest.raises(RuleViolation):
        outline.move_to(report, report.sections[1].uid, report.sections[1].uid, 0)
    # moving down within the same parent counts the target row before the move
    top = [s.uid for s in report.sections]
    outline.move_to(report, top[0], None, 2)
    assert [s.uid for s in report.sections] == [top[1], top[0], top[2]]


def test_delete_section():
    report = _report()
    uid = report.sections[0].children[0].uid
    outline.delete_section(report, uid)
    assert model.find(report, uid) is None
    assert model.number_of(report, report.sections[0].children[0].uid) == "（一）"
