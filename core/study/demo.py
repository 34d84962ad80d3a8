"""Demo 学法记录 for the demo bureau: last year and this year up to today, about two sessions a month.

Topics follow what bureaus really studied (习近平法治思想, the 2023 行政复议法 revision, the 2024
保守国家秘密法 revision, 优化营商环境条例, 政务数据共享条例 …); a few people miss many sessions so the
per-person statistics show some below the 40-hour minimum.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from core.db import Store
from core.study import laws, sessions
from core.study.sessions import ON_LEAVE, Attendee, Session


@dataclass(frozen=True)
class Topic:
    form: str
    topic: str
    laws: tuple[str, ...]
    hours: float
    lecturer: str  # a roster name, or an outside lecturer as written on the form
    summary: str
    since: date = date(2000, 1, 1)
    month: int | None = None  # only in this month (宪法日, 民法典宣传月, exams)


TOPICS = (
    Topic("党组理论学习中心组学习", "深入学习习近平法治思想", ("习近平法治思想",), 3.0, "王建国",
          "集体学习《习近平法治思想学习纲要》相关章节，围绕“坚持在法治轨道上推进政务服务改革”交流研讨。"),
    Topic("专题讲座", "新修订《行政复议法》专题讲座", ("行政复议法",), 3.0, "区司法局 行政复议科 刘某",
          "讲解2023年修订的行政复议法在受理范围、复议前置、调解和解等方面的变化，结合政务服务领域案例分析。",
          since=date(2023, 9, 1)),
    Topic("集中学法", "学习《民法典》合同编与政府采购合同管理", ("民法典",), 3.0, "律师 张某",
          "结合本局政府采购和服务外包合同，学习民法典合同编关于要约承诺、违约责任的规定。"),
    Topic("会前学法", "会前学法：《优化营商环境条例》", ("优化营商环境条例",), 0.5, "郑海涛",
          "局务会前学习条例第四章政务服务有关条款，对照“高效办成一件事”查找差距。"),
    Topic("会前学法", "会前学法：新修订《保守国家秘密法》", ("保守国家秘密法",), 0.5, "李文静",
          "学习2024年修订的保守国家秘密法关于网络信息、数据保密管理的新要求。", since=date(2024, 5, 1)),
    Topic("集中学法", "学习《数据安全法》《个人信息保护法》", ("数据安全法", "个人信息保护法"), 3.0, "林峰",
          "围绕政务数据分类分级、个人信息处理规则开展学习，部署数据安全自查。"),
    Topic("集中学法", "学习《政府信息公开条例》", ("政府信息公开条例",), 2.5, "张伟",
          "学习依申请公开的办理程序和答复时限，通报上年度政府信息公开工作年度报告情况。"),
    Topic("专题讲座", "《行政许可法》与审批服务规范化", ("行政许可法", "电子签名法"), 3.0, "唐明",
          "讲解行政许可的设定、实施程序和电子证照、电子签名的法律效力。"),
    Topic("集中学法", "学习《公职人员政务处分法》", ("公职人员政务处分法",), 2.5, "陈丽华",
          "学习政务处分的种类和适用情形，开展警示教育。"),
    Topic("党组理论学习中心组学习", "学习新修订《中国共产党纪律处分条例》", ("中国共产党纪律处分条例",), 3.0, "王建国",
          "逐章学习2023年修订的纪律处分条例，交流党纪学习教育体会。", since=date(2024, 4, 1)),
    Topic("网络培训", "国家工作人员学法用法网络培训", ("宪法", "行政处罚法"), 4.0, "网络课程",
          "通过学法用法网络平台完成宪法、行政处罚法等课程的在线学习。"),
    Topic("集中学法", "学习《网络安全法》", ("网络安全法",), 2.5, "马晓东",
          "学习网络运营者安全保护义务，结合政务外网安全检查开展讨论，对查出的问题限期整改。"),
    Topic("集中学法", "学习《政务数据共享条例》", ("政务数据共享条例",), 3.0, "林峰",
          "学习条例关于共享目录、共享申请和安全管理的规定，研究本区政务数据共享工作。",
          since=date(2025, 7, 1)),
    Topic("专题讲座", "学习贯彻《民营经济促进法》", ("民营经济促进法", "优化营商环境条例"), 3.0, "区发改委 王某",
          "解读民营经济促进法，部署涉企服务事项梳理。", since=date(2025, 6, 1)),
    Topic("旁听庭审", "旁听行政诉讼案件庭审", ("行政诉讼法",), 3.0, "区人民法院",
          "组织旁听一起政府信息公开行政诉讼案件庭审，庭后与审判员座谈。"),
    Topic("知识竞赛", "“宪法在身边”知识竞赛", ("宪法",), 2.0, "李文静",
          "以科室为单位组队参加宪法知识竞赛，审批协调科获一等奖。", month=12),
    Topic("集中学法", "“12·4”国家宪法日集中学习宪法", ("宪法",), 1.5, "王建国",
          "集体诵读宪法序言，学习宪法关于国家机构的规定，开展宪法宣誓。", month=12),
    Topic("普法宣传活动", "“美好生活·民法典相伴”宣传月活动", ("民法典",), 2.0, "李文静",
          "在区政务服务中心大厅设立普法宣传台，发放宣传资料，解答群众咨询。", month=5),
    Topic("学法考试", "年度学法考试", ("习近平法治思想", "宪法", "民法典", "行政复议法"), 1.5, "李文静",
          "组织全体干部参加年度学法考试，闭卷，满分100分，60分合格。", month=11),
    Topic("学法考试", "上半年学法测试", ("行政许可法", "行政处罚法", "政府信息公开条例"), 1.0, "李文静",
          "组织上半年学法测试，满分100分，60分合格。", month=6),
)
LOCATIONS = ("局三楼会议室", "局三楼会议室", "区政务服务中心五楼培训室", "局一楼报告厅")
LEAVE_REASONS = ("出差", "病假", "年休假", "参加上级培训", "值守政务服务大厅", "外出办理公务", "事假")
LOW_ATTENDANCE = ("高鹏", "宋雨桐", "蒋涛")  # often away: the statistics show them below the minimum


def fill(store: Store, rng: random.Random, today: date) -> None:
    staff = store.query("select * from staff order by id")
    by_name = {s["name"]: s for s in staff}
    table = laws.lookup_table(store)
    recent: list[Topic] = []
    for held_on in _session_days(rng, today):
        topic = _pick_topic(rng, held_on, recent)
        recent = [topic, *recent][:8]
        sessions.save(store, _session(store, rng, topic, held_on, staff, by_name, table))
    planned = today + timedelta(days=(7 - today.weekday()) % 7 + 3)  # next week's Thursday
    sessions.save(store, Session(
        held_on=planned.isoformat(), topic="学习《行政处罚法》典型案例（计划）", form="集中学法",
        start_time="15:00", end_time="17:00", location="局三楼会议室", hours=2.0,
        law_ids=[table["行政处罚法"]], lecturer_name="律师 张某", host="陈丽华", recorder="孙晓燕",
        summary="计划中的学习，签到表可提前打印。"))


def _session_days(rng: random.Random, today: date) -> list[date]:
    days = []
    for year in (today.year - 1, today.year):
        for month in range(1, 13):
            for first, last in ((3, 14), (16, 27)):
                day = date(year, month, rng.randint(first, last))
                while day.weekday() >= 5:
                    day -= timedelta(days=1)
                if day <= today:
                    days.append(day)
    return days


def _pick_topic(rng: random.Random, held_on: date, recent: list[Topic]) -> Topic:
    """A seasonal topic in its month (宪法日, 宣传月, exams), else one not used in the last few sessions."""
    seasonal = [t for t in TOPICS if t.month == held_on.month and held_on.day > 14 and held_on >= t.since]
    if seasonal:
        return rng.choice(seasonal)
    usable = [t for t in TOPICS if t.month is None and held_on >= t.since]
    fresh = [t for t in usable if t not in recent]
    return rng.choice(fresh or usable)


def _session(store: Store, rng: random.Random, topic: Topic, held_on: date, staff: list[dict],
             by_name: dict[str, dict], table: dict[str, int]) -> Session:
    leaders_only = topic.form == "党组理论学习中心组学习"
    start = "08:30" if topic.form == "会前学法" else rng.choice(("09:00", "14:30", "15:00"))
    hh, mm = map(int, start.split(":"))
    end_minutes = hh * 60 + mm + int(topic.hours * 60)
    lecturer = by_name.get(topic.lecturer)
    session = Session(
        held_on=held_on.isoformat(), topic=topic.topic, form=topic.form, start_time=start,
        end_time=f"{end_minutes // 60:02d}:{end_minutes % 60:02d}",
        location="区人民法院第三审判庭" if topic.form == "旁听庭审" else (
            "线上" if topic.form == "网络培训" else rng.choice(LOCATIONS)),
        law_ids=[table[laws.normalize(n)] for n in topic.laws],
        lecturer_staff_id=lecturer["id"] if lecturer else None,
        lecturer_name="" if lecturer else topic.lecturer,
        host="王建国" if leaders_only else rng.choice(("陈丽华", "李文静")),
        recorder=rng.choice(("孙晓燕", "周磊")), hours=topic.hours,
        outside_count=rng.choice((0, 0, 0, 2, 3)) if topic.form in ("专题讲座", "普法宣传活动") else 0,
        summary=topic.summary, pass_mark=60.0 if topic.form == "学法考试" else None,
    )
    for person in staff:
        if not _on_roster(person, held_on) or (leaders_only and not person["is_leader"]):
            continue
        away = 0.45 if person["name"] in LOW_ATTENDANCE else 0.07
        if rng.random() < away:
            session.attendees.append(Attendee(person["id"], ON_LEAVE, rng.choice(LEAVE_REASONS)))
        elif rng.random() > 0.01:
            score = None
            if session.is_exam:
                score = float(min(100, max(48, round(rng.gauss(82, 11)))))
            session.attendees.append(Attendee(person["id"], score=score))
    return session


def _on_roster(person: dict, day: date) -> bool:
    return bool(person["active"]) or bool(person["left_on"] and day.isoformat() <= person["left_on"])
