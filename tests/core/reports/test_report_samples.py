"""Acceptance on ../shared/samples: outlines, kinds, title/落款, checks, and the docx round trip."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from core.docmeta import DocInfo
from core.reports import checks, model, parse
from core.reports.export_docx import export_docx

SAMPLES = ("report-2023-district-data-bureau.txt", "report-2020-wujiang-traditional.txt", "report-2024-qingyuan.txt")


def _parse(samples_dir, name):
    return parse.parse_file(samples_dir / name)


def test_district_data_bureau_outline(samples_dir):
    report = _parse(samples_dir, SAMPLES[0]).report
    assert len(report.sections) == 5
    assert [len(s.children) for s in report.sections] == [3, 0, 0, 0, 0]
    third = report.sections[0].children[2]
    assert len(third.children) == 2 and all(c.level == 3 for c in third.children)
    fourth = [s for s in model.walk(report) if s.level == 4]
    assert len(fourth) == 6 and [len(c.children) for c in third.children] == [3, 3]
    assert {s.kind for s in report.sections} == set(model.KINDS)
    assert report.sections[3].kind == "other"  # 有关意见建议
    # 「二是…」 lines under a level-4 section are paragraphs, not headings
    assert third.children[0].children[2].body[1].startswith("二是“四个延伸”")
    assert report.year == 2023 and not report.import_findings


def test_wujiang_traditional_converted(samples_dir):
    parsed = _parse(samples_dir, SAMPLES[1])
    report = parsed.report
    assert parsed.traditional and parsed.converted
    assert report.title == "韶关市武江区政务服务数据管理局2020年法治政府建设年度报告"
    assert len(report.sections) == 5 and {s.kind for s in report.sections} == set(model.KINDS)
    assert [len(s.children) for s in report.sections] == [6, 3, 0, 4, 0]
    assert report.signature == "韶关市武江区政务服务数据管理局"
    assert report.issued_on == date(2021, 1, 19)
    assert report.sections[4].body == ["无。"]
    assert report.sections[0].children[0].heading == "深入学习宣传《民法典》。"
    assert report.sections[0].children[0].body[0].startswith("一是把《民法典》作为行政决策")
    assert report.year == 2020 and report.unit == "韶关市武江区政务服务数据管理局"


def test_wujiang_kept_traditional_on_request(samples_dir):
    parsed = parse.parse_file(samples_dir / SAMPLES[1], convert_traditional=False)
    assert parsed.traditional and not parsed.converted
    assert parsed.report.title.startswith("韶關市")
    assert parsed.report.signature == "韶關市武江區政務服務數據管理局"


def test_qingyuan_outline_and_check(samples_dir):
    report = _parse(samples_dir, SAMPLES[2]).report
    assert len(report.sections) == 4
    assert [len(s.children) for s in report.sections] == [0, 4, 0, 2]
    found = checks.check(report, date(2025, 2, 1))
    spaces = [f for f in found if f.code == "stray_space"]
    assert any("《中华人民共和国行政 复议法》" in f.text for f in spaces)
    assert spaces[0].section.startswith("一、")
    missing = [f for f in found if f.code == "missing_part"]
    assert [f.text for f in missing] == ["其他需要报告的情况"]


@pytest.mark.parametrize("name", SAMPLES)
def test_docx_round_trip(samples_dir, tmp_path, name):
    first = _parse(samples_dir, name).report
    out = tmp_path / "r.docx"
    export_docx(first, out, info=DocInfo(first.signature, first.title, datetime(2026, 11, 21, 9, 0)))
    again = parse.parse_file(out).report
    a, b = model.to_json(first), model.to_json(again)
    assert b["sections"] == a["sections"]
    assert model.plain_text(again) == model.plain_text(first)
    assert (again.title, again.recipient, again.signature, again.issued_on, again.opening) == \
        (first.title, first.recipient, first.signature, first.issued_on, first.opening)
