"""核稿 checks: each code on a small report built for it, with the section named and the text shown."""
from __future__ import annotations

from datetime import date

import pytest

from core.reports import checks, parse, punctuation, template
from core.reports.model import Report, Section
from core.unit import UnitProfile


def _report(**parts) -> Report:
    sections = [Section(f"{2024}年度主要举措和成效", 1, parts.get("achievements", ["做了工作。"]), "achievements"),
                Section("存在的不足和原因", 1, ["一是……"], "shortcomings"),
                Section("第一责任人职责履行情况", 1, ["履职。"], "leader_duties"),
                Section(parts.get("plan_heading", "2025年度主要安排"), 1, parts.get("plan", ["继续。"]), "next_year_plan"),
                Section("其他需要报告的情况", 1, ["无。"], "other")]
    return Report(id=1, year=2024, title=parts.get("title", "某局2024年度法治政府建设情况报告"), unit="某局",
                  recipient="区委、区政府", opening=[], sections=sections, signature="某局",
                  issued_on=parts.get("issued_on", date(2025, 1, 8)),
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


# -- what is missing or wrong around the sections (issue 10) ---------------------------------------
def test_missing_title_recipient_signature_and_date():
    report = _report(title="", issued_on=None)
    report.signature, report.recipient = "", ""
    found = checks.check(report, date(2025, 1, 10))
    assert [f.code for f in found][:3] == ["missing_title", "missing_signature", "missing_date"]
    assert "missing_recipient" not in [f.code for f in found]  # the unit profile names no 主送
    with_profile = checks.check(report, date(2025, 1, 10), expected_recipient="区委、区政府")
    recipient = next(f for f in with_profile if f.code == "missing_recipient")
    assert recipient.section == "主送" and recipient.text == "区委、区政府"


@pytest.mark.parametrize("issued_on, flagged", [
    (date(2024, 10, 31), True), (date(2024, 11, 1), False), (date(2025, 3, 31), False), (date(2025, 4, 1), True),
    (date(2023, 1, 20), True),
])
def test_date_out_of_the_reporting_window(issued_on, flagged):
    found = [f for f in checks.check(_report(issued_on=issued_on), date(2025, 1, 10)) if f.code == "date_out_of_window"]
    assert bool(found) == flagged
    if found:
        assert found[0].section == "落款" and "2024年11月1日至2025年3月31日" in found[0].message


def test_ascii_punctuation_one_finding_per_paragraph():
    report = _report(achievements=["学习《纲要(2021-2025年)》,开展培训:共3次;参训100%,效果好.",
                                   "会议于9:30召开，共1,000人参加，网址www.gov.cn，增长1.5倍。"])
    found = [f for f in checks.check(report, date(2025, 1, 10)) if f.code == "ascii_punctuation"]
    assert len(found) == 1 and "7 处" in found[0].message and found[0].section.startswith("一、")


def test_fullwidth_fix_changes_what_the_check_reports():
    text = "学习《纲要(2021-2025年)》,开展培训:共3次;参训100%,效果好."
    fixed, count = punctuation.to_fullwidth(text)
    assert fixed == "学习《纲要（2021-2025年）》，开展培训：共3次；参训100%，效果好。" and count == 7
    untouched = "会议于9:30召开，共1,000人，网址www.gov.cn，增长1.5倍，粤省事APP。"
    assert punctuation.to_fullwidth(untouched) == (untouched, 0)
    report = _report(achievements=[text])
    report.title, report.contact = "某局2024年度报告(初稿)", "(联系人:张三)"
    assert punctuation.fix_report(report) == 7 + 2 + 3
    assert not [f for f in checks.check(report, date(2025, 1, 10)) if f.code == "ascii_punctuation"]
    assert report.contact == "（联系人：张三）"


@pytest.mark.parametrize("text, mark", [
    ("由【请填写单位名称】负责。", "【请填写单位名称】"), ("XX局牵头办理。", "XX"), ("于2024年X月X日召开。", "X"),
    ("全年召开会议*次。", "*"), ("（单位全称）2024年度报告", "（单位全称）"),
])
def test_placeholders_left_in(text, mark):
    found = [f for f in checks.check(_report(achievements=[text]), date(2025, 1, 10)) if f.code == "placeholder"]
    assert len(found) == 1 and mark in found[0].message


def test_template_hints_are_not_also_placeholders():
    report = template.new_report(UnitProfile(full_name="某局", recipient="区委、区政府"), 2025)
    assert not [f for f in checks.check(report, date(2026, 1, 5)) if f.code == "placeholder"]
    ok = _report(achievements=["分辨率1024×768，X光机2台，《××条例》之外无占位。"])
    found = [f for f in checks.check(ok, date(2025, 1, 10)) if f.code == "placeholder"]
    assert len(found) == 1 and "“××”" in found[0].message


def test_before_export_lists_what_should_not_go_out():
    report = _report(title="", achievements=["做了工作,成效明显。"])
    codes = {f.code for f in checks.before_export(checks.check(report, date(2025, 1, 10)))}
    assert codes == {"missing_title", "ascii_punctuation"}
    assert checks.before_export(checks.check(_report(), date(2025, 1, 10))) == []
