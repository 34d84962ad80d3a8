"""Demo 整改事项 for the demo bureau: about 20 items in every state, dated relative to `today`.

Some are overdue, some due within the week, some 长期坚持; sources are mixed, and three come from the
shortcomings (存在的不足) of last year's annual report.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from core.db import Store
from core.rectification import items
from core.rectification.rules import CLOSED, COMPLETED, IN_PROGRESS, NOT_STARTED, TransitionRequest

CLERK = "李文静"
APPROVER = "王建国"

# (source, problem, measures, department, leader, state, deadline in days from today or "standing")
# state: status, with "overdue" / "soon" marking open items meant to be late or due within the week.
DEMO_ITEMS = [
    ("督察反馈", "行政规范性文件合法性审核机制落实不到位，个别文件未经合法性审核即印发。",
     ["修订《规范性文件管理办法》，明确合法性审核为印发前必经程序", "对近三年印发的规范性文件开展全面清理"],
     "办公室", "陈丽华", CLOSED, -60),
    ("督察反馈", "重大行政决策程序不规范，专家论证和风险评估环节缺失。",
     ["制定重大行政决策事项目录并向社会公布", "建立决策风险评估和专家论证工作规则"],
     "办公室", "王建国", IN_PROGRESS + ":overdue", -12),
    ("督察反馈", "行政执法案卷评查发现部分案卷文书填写不规范、证据链不完整。",
     ["组织执法人员开展文书规范化培训", "每季度开展一次案卷交叉评查"],
     "审批协调科", "刘志强", COMPLETED, -5),
    ("年度报告自查", "法治宣传教育形式较为单一，以会代学现象仍然存在。",
     ["推行“案例+现场”学法模式", "每季度组织一次旁听庭审或专题讲座"],
     "办公室", "陈丽华", IN_PROGRESS + ":soon", 4),
    ("年度报告自查", "领导干部学法用法制度落实不够严格，部分人员年度学法学时未达标。",
     ["建立学法学时季度通报制度", "将学法情况纳入年度考核"],
     "办公室", "王建国", IN_PROGRESS, "standing"),
    ("年度报告自查", "行政执法“三项制度”落实不够到位，执法全过程记录存在短板。",
     ["配齐执法记录仪并制定使用管理规定", "完善重大执法决定法制审核清单"],
     "审批协调科", "刘志强", NOT_STARTED + ":soon", 6),
    ("审计", "政务服务大厅收费项目公示不及时，个别收费标准未同步更新。",
     ["全面核对收费项目及标准", "建立收费公示动态更新机制"],
     "政务服务科", "刘志强", CLOSED, -90),
    ("审计", "政务信息化项目验收资料归档不完整。",
     ["补齐项目验收资料并归档", "制定信息化项目档案管理细则"],
     "数据资源科", "赵敏", COMPLETED, -20),
    ("上级通报", "部分政务服务事项实际办理时间超过承诺时限。",
     ["逐项梳理超时事项原因", "对超时办件实行周通报"],
     "政务服务科", "陈丽华", IN_PROGRESS + ":overdue", -25),
    ("上级通报", "“好差评”差评整改回访率未达到100%。",
     ["建立差评工单台账，逐件回访", "将回访情况纳入窗口考核"],
     "政务服务科", "陈丽华", CLOSED, -40),
    ("巡察", "数据安全管理制度不健全，数据分级分类工作滞后。",
     ["制定数据分级分类管理办法", "开展数据安全风险评估"],
     "数据资源科", "赵敏", IN_PROGRESS, 45),
    ("巡察", "公务用车使用登记不规范。",
     ["规范公务用车派车单和使用登记", "每月公示用车情况"],
     "办公室", "王建国", CLOSED, -100),
    ("群众反映", "12345热线转办工单回复不及时，个别工单超期办结。",
     ["实行工单限时办结和超期预警", "每周通报工单办理情况"],
     "政务服务科", "陈丽华", IN_PROGRESS + ":soon", 2),
    ("群众反映", "不动产登记窗口排队时间长，群众反映强烈。",
     ["增设综合受理窗口", "推行预约办理和延时服务"],
     "审批协调科", "刘志强", COMPLETED, -10),
    ("自查自纠", "公共数据开放目录更新滞后，部分数据集长期未更新。",
     ["梳理开放数据集并明确更新频率", "建立数据更新督办机制"],
     "数据资源科", "赵敏", NOT_STARTED + ":overdue", -3),
    ("自查自纠", "政府信息公开栏目部分内容更新不及时。",
     ["明确各栏目责任科室和更新时限", "每月开展一次栏目巡检"],
     "办公室", "陈丽华", CLOSED, -30),
    ("自查自纠", "法律顾问参与重大合同审查的比例偏低。",
     ["明确合同合法性审查范围", "法律顾问列席局务会议"],
     "办公室", "王建国", IN_PROGRESS, "standing"),
    ("上级通报", "电子证照归集率低于全市平均水平。",
     ["制定电子证照归集工作方案", "对接各审批系统实现自动归集"],
     "数据资源科", "赵敏", NOT_STARTED, 60),
    ("其他", "行政复议决定书履行情况跟踪不及时。",
     ["建立复议决定履行台账", "按月跟踪履行情况"],
     "审批协调科", "刘志强", IN_PROGRESS, 20),
    ("自查自纠", "窗口工作人员政策解读能力不足，一次性告知不到位。",
     ["编制常见事项办事指南问答", "开展窗口业务轮训"],
     "政务服务科", "陈丽华", IN_PROGRESS + ":overdue", -40),
]

PROGRESS_TEXTS = [
    "召开专题会议研究整改工作，明确责任分工和时间节点。",
    "已完成问题梳理，形成整改工作方案。",
    "起草相关制度初稿，征求各科室意见。",
    "组织开展专题培训一次，参训 {n} 人次。",
    "完成阶段性自查，发现的问题已逐项整改。",
]


def _staff_by_department(store: Store) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in store.query("select id, name, department from staff where active = 1 order by id"):
        out.setdefault(row["department"], []).append(row)
    return out


def fill(store: Store, rng: random.Random, today: date) -> None:
    """Write the demo items (inside the demo's transaction)."""
    staff = _staff_by_department(store)
    for source, problem, measures, department, leader, state, due in DEMO_ITEMS:
        status = state.split(":")[0]
        people = staff.get(department) or [None]
        owner = rng.choice(people[1:] or people)
        standing = due == "standing"
        created = today - timedelta(days=rng.randint(70, 150))
        fields = {"source": source, "problem": problem, "measures": measures, "department": department,
                  "leader": leader, "owner_staff_id": owner["id"] if owner else None, "standing": standing,
                  "deadline": None if standing else today + timedelta(days=due),
                  "goal": "问题整改到位，建立长效机制。",
                  "source_doc": _source_doc(source, today),
                  "source_date": created - timedelta(days=rng.randint(5, 20))}
        item_id = items.create(store, fields, year=created.year, by=CLERK, today=created)
        _advance(store, rng, item_id, status, created, today, due)


def _source_doc(source: str, today: date) -> str:
    return {
        "督察反馈": f"市法治政府建设督察反馈意见（{today.year}年）",
        "年度报告自查": f"{today.year - 1}年度法治政府建设年度报告",
        "审计": f"区审计局审计报告（{today.year}年第3号）",
        "上级通报": "市政务服务数据管理局工作通报",
        "巡察": "区委第二巡察组反馈意见",
        "群众反映": "12345政务服务便民热线工单",
    }.get(source, "")


def _advance(store: Store, rng: random.Random, item_id: int, status: str, created: date, today: date,
             due) -> None:
    if status == NOT_STARTED:
        return
    started = created + timedelta(days=rng.randint(3, 10))
    items.transition(store, item_id, TransitionRequest(IN_PROGRESS, on_date=started), by=CLERK, today=today)
    done_on = today - timedelta(days=rng.randint(3, 15)) if status in (COMPLETED, CLOSED) else today
    for n in range(rng.randint(1, 3)):
        on = min(started + timedelta(days=10 + 15 * n + rng.randint(0, 5)), done_on)
        text = PROGRESS_TEXTS[(item_id + n) % len(PROGRESS_TEXTS)].format(n=rng.randint(15, 26))
        items.add_progress(store, item_id, text, on_date=on, by=CLERK, today=today)
    if status == IN_PROGRESS:
        return
    items.transition(store, item_id, TransitionRequest(COMPLETED, on_date=done_on, completion="各项整改措施已落实，形成长效机制。"),
                     by=CLERK, today=today)
    if status == CLOSED:
        no_evidence = "" if item_id % 2 else "整改成果已在局门户网站公开，无单独书面材料。"
        if not no_evidence:
            items.add_evidence(store, item_id, attachment_id=_evidence(store, item_id))
        items.transition(store, item_id, TransitionRequest(CLOSED, on_date=min(done_on + timedelta(days=2), today),
                                                           approver=APPROVER, no_evidence_reason=no_evidence),
                         by=CLERK, today=today)


def _evidence(store: Store, item_id: int) -> int:
    from core import attachments

    text = f"整改佐证材料（事项 {item_id}）：会议纪要、制度文件印发通知。".encode()
    return attachments.add_bytes(store, text, f"整改佐证材料-{item_id}.txt")
