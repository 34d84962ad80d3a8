"""Demo reports: last year's report, published, and this year's draft from the template with some parts written."""
from __future__ import annotations

import random
from datetime import date

from core import unit
from core.db import Store
from core.features import present
from core.reports import figures, repository, template
from core.reports.model import Report, Section


def fill(store: Store, rng: random.Random, today: date) -> None:
    profile = unit.load(store)
    last = _last_year(store, profile, rng, today)
    repository.save(store, last, keep_version=True, note="定稿")
    _walk_status(store, last, today)
    _link_self_check_items(store, last)
    repository.save(store, _this_year(store, profile, rng, today), keep_version=True, note="由模板新建")


def _link_self_check_items(store: Store, report: Report) -> None:
    """The rectification demo's 年度报告自查 items came from this report's 存在的不足: link them to it."""
    for module in present(("core.rectification.items",)):
        section = next((s for s in report.sections if s.kind == "shortcomings"), None)
        rows = module.list_items(store, module.ItemFilter(source="年度报告自查"))
        ids = [r["id"] for r in rows if r.get("report_id") is None]
        if ids and section is not None:
            module.link_report(store, ids, report.id, section.id)


def _walk_status(store: Store, report: Report, today: date) -> None:
    steps = (("已定稿", date(report.year + 1, 2, 10)), ("已报送", date(report.year + 1, 2, 26)),
             ("已公开", date(report.year + 1, 3, 20)))
    for status, on in steps:
        if on > today:
            return
        repository.set_status(store, report.id, status, on)  # type: ignore[arg-type]


def _last_year(store: Store, profile: unit.UnitProfile, rng: random.Random, today: date) -> Report:
    year = today.year - 1
    report = template.new_report(profile, year)
    short = profile.display_short or "我局"
    cases = rng.randint(168000, 236000)
    online = rng.randint(960, 995) / 10
    report.opening = [(
        f"{year}年，{short}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
        f"在区委、区政府的坚强领导下，认真落实《法治政府建设实施纲要（2021—2025年）》和全区法治政府建设工作要点，"
        f"扎实推进政务服务和数据管理领域依法行政。现将{year}年度法治政府建设情况报告如下：")
    ]
    headings = template.part_headings(year)
    achievements = Section(headings["achievements"], 1, [], "achievements", children=[
        Section("深入学习贯彻习近平法治思想，压实法治建设责任。", 2, [
            ("局党组把学习贯彻习近平法治思想作为首要政治任务，年初召开党组会议专题研究法治政府建设工作，"
            "制定年度工作要点和责任清单，明确各科室法治建设任务。"),
            figures.study_paragraph(store, year),
        ]),
        Section("深化“放管服”改革，优化法治化营商环境。", 2, [
            (f"一是持续推进政务服务事项标准化，全区依申请政务服务事项网上可办率达{online}%。"
            f"二是深化“高效办成一件事”改革，上线新生儿出生、企业开办等主题服务18项。"
            f"三是推行告知承诺制，全年办理政务服务事项{cases}件，群众满意率保持在99%以上。"),
        ]),
        Section("规范行政权力运行，提升依法行政水平。", 2, [], children=[
            Section("严格落实重大行政决策程序。", 3, [
                "对《青山区公共数据资源开发利用实施办法》等重大事项，严格履行公众参与、专家论证、合法性审查和集体讨论决定程序。"]),
            Section("加强行政规范性文件管理。", 3, [
                "全年制发行政规范性文件2件，均经合法性审核并按规定报备，清理涉及营商环境的文件13件。"]),
        ]),
        Section("加强数据安全和个人信息保护。", 2, [
            ("落实《中华人民共和国数据安全法》《中华人民共和国个人信息保护法》，完善政务数据分类分级管理制度，"
            "开展数据安全专项检查2次，整改风险隐患9个。")]),
    ])
    shortcomings = Section(headings["shortcomings"], 1, [
        ("对照法治政府建设要求，我局工作仍存在一些不足：一是个别干部运用法治思维推动工作的能力还不强，学法用法结合不够紧密；"
        "二是政务数据共享的制度规范还不够健全，部分部门数据更新不及时；三是行政规范性文件后评估工作开展不够深入。"
        "究其原因，主要是学法形式还比较单一，制度建设和督促检查的力度还需加强。")], "shortcomings")
    leader = Section(headings["leader_duties"], 1, [
        ("局党组书记、局长切实履行推进法治建设第一责任人职责，全年主持召开党组会议专题研究法治建设4次，"
        "带头讲授法治专题课1次，在年度述职中专门报告履行推进法治建设第一责任人职责情况，"
        "对法治建设重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办。")], "leader_duties")
    plan = Section(headings["next_year_plan"], 1, [], "next_year_plan", children=[
        Section("持续抓好干部学法用法。", 2, [f"完善领导干部学法制度，{year + 1}年组织集中学法不少于12次，确保每名干部年度学法不少于40学时。"]),
        Section("深化政务服务改革。", 2, ["推进“高效办成一件事”扩面增效，提升网上办、掌上办、就近办水平。"]),
        Section("健全数据管理制度。", 2, ["出台政务数据共享管理细则，建立数据质量通报机制。"]),
    ])
    other = Section(headings["other"], 1, ["无。"], "other")
    report.sections = [achievements, shortcomings, leader, plan, other]
    report.issued_on = date(year + 1, 1, 20)
    return report


def _this_year(store: Store, profile: unit.UnitProfile, rng: random.Random, today: date) -> Report:
    report = template.new_report(profile, today.year)
    first = report.sections[0]
    first.body = []
    first.children = [
        Section("深入学习贯彻习近平法治思想。", 2, [figures.study_paragraph(store, today.year)]),
        Section("推进整改落实。", 2, [figures.rectification_paragraph(store, today.year, today)]),
    ]
    report.sections[4].body = ["无。"]
    return report
