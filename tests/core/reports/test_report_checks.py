"""核稿 checks: each code on a small report built for it, with the section named and the text shown."""
from __future__ import annotations

from datetime import date

from core.reports import checks, parse, template
from core.reports.model import Report, Section
from core.unit import UnitProfile


def _report(**parts) -> Report:
    sections = [Section(f"{2024}年度主要举措和成效", 1, parts.get("achievements", ["做了工作。"]), "achievements"),
                Section("存在的不足和原因", 1, ["一是……"], "shortcomings"),
                Section("第一责任人职责履行情况", 1, ["履职。"], "leader_duties"),
                Section(parts.get("plan_heading", "2025年度主要安排"), 1, parts.get("plan", ["继续。"]), "next_year_plan"),
                Section("其他需要报告的情况", 1, ["无。"], "other")]
    return Report(id=1, year=2024, title=parts.get("title", "某局2024年度法治政府建设情况报告"), unit="某局",
                  recipient="区委、区政府", opening=[], sections=sections, signature="某局", issued_on=None,
                  contact="（联系人：张三，联系电话：13912345678）", status=parts.get("status", "草稿"))


def _codes(report, today=date(2025, 1, 10)):
    return [f.code for f in checks.check(report, today) if f.code != "deadline"]


def test_clean_report_has_no_findings():
    assert _codes(_report()) == []


def test_missing_parts_named():
    report = _report()
    del report.sections[2]
    found = [f for f in checks.check(report, date(2025, 1, 10)) if f.code == "missing_part"]
    assert [f.text for f in found] == ["第一责任人职责履行情况"] and found[0].section == "全文"


def test_unbalanced_marks_per_paragraph():
    report = _report(achievements=["学习《民法典。", "开展“八五”普法”。", "完善制度（试行。", "正常（含网络)。"])
    found = [f for f in checks.check(report, date(2025, 1, 10)) if f.code == "unbalanced_mark"]
    assert len(found) == 3
    assert found[0].section.startswith("一、") and "《民法典" in found[0].text
    assert "”" in found[1].message


def test_stray_spaces():
    report = _report(achievements=["学习《中华人民共和国行政 复议法》。", "全年办理 2024 年度事项。", "接口 API 调用正常。"])
    found = [f for f in checks.check(report, date(2025, 1, 10)) if f.code == "stray_space"]
    assert found[0].text == "《中华人民共和国行政 复议法》"
    assert len(found) == 2 and "2024 年度" in found[1].text


def test_year_mismatch_in_plan_and_title():
    report = _report(plan_heading="2024年工作安排", title="某局2023年度法治政府建设情况报告")
    found = [f for f in checks.check(report, date(2025, 1, 10)) if f.code == "year_mismatch"]
    assert [f.section for f in found] == ["标题", "四、2024年工作安排"]
    plan_body = _report(plan=["2024年工作安排：继续加强学法。"])
    assert "year_mismatch" in _codes(plan_body)
    ok = _report(achievements=["对照《法治政府建设实施纲要（2021—2025年）》，获评2023年度先进单位。"])
    assert "year_mismatch" not in _codes(ok)


def test_template_hints_left_in():
    report = template.new_report(UnitProfile(full_name="某局", recipient="区委、区政府"), 2025)
    found = [f for f in checks.check(report, date(2026, 1, 5)) if f.code == "template_hint"]
    assert len(found) == 6 and found[0].section == "开头" and found[1].section.startswith("一、")


def test_personal_info_but_not_the_contact_line():
    report = _report(achievements=["请联系13912345678或zhang.san@example.com。",
                                   "身份证号11010519491231002X。", "编号110105194912310021不是身份证。"])
    found = [f for f in checks.check(report, date(2025, 1, 10)) if f.code == "personal_info"]
    assert [("手机" in f.message, "邮箱" in f.message, "身份证" in f.message) for f in found] == [
        (True, False, False), (False, True, False), (False, False, True)]


def test_deadlines_count_days_and_status():
    report = _report()
    found = [f for f in checks.check(report, date(2025, 2, 20)) if f.code == "deadline"]
    assert ["还有 9 天" in found[0].message, "还有 40 天" in found[1].message] == [True, True]
    late = [f.message for f in checks.check(report, date(2025, 3, 5)) if f.code == "deadline"]
    assert "已超过" in late[0] and "4 天" in late[0]
    sent = _report(status="已报送")
    assert len([f for f in checks.check(sent, date(2025, 2, 20)) if f.code == "deadline"]) == 1
    assert not [f for f in checks.check(report, date(2027, 1, 1)) if f.code == "deadline"]


def test_numbering_findings_from_import():
    parsed = parse.parse_text("一、主要举措和成效\n（一）甲\n（三）乙\n二、存在的不足\n")
    found = [f for f in checks.check(parsed.report, date(2025, 1, 1)) if f.code == "numbering"]
    assert len(found) == 1 and found[0].section == "（二）乙" and "跳号" in found[0].message
    assert found[0].text == "（三）乙"
