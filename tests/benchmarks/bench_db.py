"""Builders of the synthetic benchmark database, one function per feature.

    import bench_db
    bench_db.build(path, sessions=100_000, attendance=1_000_000, seed=2026)   # staff + 学法记录

Rows are written with `executemany` inside one transaction and without per-row audit (the data is
synthetic): each builder leaves ONE audit row saying what it generated. Other features add their own
`build_<feature>(path, …)` here and `build` keeps writing only the shared base (staff) and study data.
"""
from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core import unit
from core.clock import SYSTEM_CLOCK
from core.db import Store, open_store

now_text = SYSTEM_CLOCK.stamp  # core.db.now_text became the store's clock

DEPARTMENTS = ("局领导", "办公室", "政策法规科", "政务服务科", "数据资源科", "审批协调科", "信息技术科", "督查科")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志文晓东海燕雪梅俊鹏飞宇婷雨桐思远佳颖凯冰"
LEAVE_REASONS = ("出差", "病假", "年休假", "参加上级培训", "值守政务服务大厅", "外出办理公务", "事假")
LOCATIONS = ("局三楼会议室", "区政务服务中心五楼培训室", "局一楼报告厅", "线上")


def _fresh(path: Path | str) -> Store:
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return open_store(path)


def build(path: Path | str, sessions: int = 100_000, attendance: int = 1_000_000, seed: int = 2026,
          staff: int = 120, years: int = 10) -> Path:
    """A new database at `path`: the unit, `staff` people in 8 科室 and the 学法记录 of the last `years`
    years (see `build_study`)."""
    store = _fresh(path)
    try:
        rng = random.Random(seed)
        unit.save(store, unit.UnitProfile(full_name="基准测试区政务服务数据管理局", short_name="基准局"))
        build_staff(store, rng, staff)
        build_study(store, rng, sessions, attendance, years)
        store.conn.execute("pragma wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    return Path(path)


def build_staff(store: Store, rng: random.Random, count: int) -> list[int]:
    rows, seen = [], set()
    while len(rows) < count:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name in seen:
            continue
        seen.add(name)
        dept = DEPARTMENTS[len(rows) % len(DEPARTMENTS)]
        leader = dept == "局领导" or len(rows) % 9 == 1
        rows.append((name, dept, "科长" if leader else "科员", int(leader), 1, "", now_text()))
    with store.transaction():
        store.conn.executemany(
            "insert into staff (name, department, position, is_leader, active, initials, created_at) "
            "values (?,?,?,?,?,?,?)", rows)
        store.audit("生成基准测试人员", "staff", None, None, {"count": count})
    return [r[0] for r in store.conn.execute("select id from staff order by id")]


def build_study(store: Store, rng: random.Random, sessions: int = 100_000, attendance: int = 1_000_000,
                years: int = 10) -> None:
    """`sessions` study sessions spread evenly over the last `years` years (so one year holds
    sessions/years of them), with `attendance` attendance rows (about 8 % on leave, exams scored)."""
    from core.study.demo import TOPICS
    from core.study.sessions import search_text

    staff_ids = [r[0] for r in store.conn.execute("select id from staff order by id")]
    law_ids = {r[1]: r[0] for r in store.conn.execute("select id, short_name from study_law")}
    per_session = max(1, attendance // max(sessions, 1))
    extra = attendance - per_session * sessions  # spread so the total is exact
    last_year = date.today().year - 1
    per_year = -(-sessions // years)  # exactly this many in each full year (the export measures one)
    now = now_text()
    session_rows, law_rows, att_rows = [], [], []
    for sid in range(1, sessions + 1):
        topic = TOPICS[rng.randrange(len(TOPICS))]
        year = last_year - years + 1 + (sid - 1) // per_year
        days = (date(year + 1, 1, 1) - date(year, 1, 1)).days
        held_on = date(year, 1, 1) + timedelta(days=((sid - 1) % per_year) * days // per_year)
        count = min(len(staff_ids), per_session + (1 if sid <= extra else 0))
        people = rng.sample(staff_ids, count)
        on_leave = [p for p in people if rng.random() < 0.08]
        exam = topic.form == "学法考试"
        for p in people:
            if p in on_leave:
                att_rows.append((sid, p, "on_leave", rng.choice(LEAVE_REASONS), None))
            else:
                att_rows.append((sid, p, "attended", "", float(rng.randint(50, 100)) if exam else None))
        ids = [law_ids[n] for n in topic.laws if n in law_ids]
        law_rows += [(sid, lid, i) for i, lid in enumerate(ids)]
        title, laws_text, location = f"{topic.topic}（第{sid}期）", "".join(f"《{n}》" for n in topic.laws), \
            rng.choice(LOCATIONS)
        session_rows.append((
            sid, held_on.isoformat(), "09:00", "11:00", location, topic.form, title, topic.lecturer, "主持人",
            "记录人", topic.hours, 0, topic.summary, 60.0 if exam else None, count - len(on_leave), len(on_leave),
            laws_text, search_text(title, laws_text, topic.lecturer, location, topic.form, "主持人", "记录人"), now, now))
    with store.transaction():
        store.conn.executemany(
            "insert into study_session (id, held_on, start_time, end_time, location, form, topic, lecturer_name, "
            "host, recorder, hours, outside_count, summary, pass_mark, attended_count, on_leave_count, laws_text, "
            "search_text, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", session_rows)
        store.conn.executemany("insert into study_session_law (session_id, law_id, position) values (?,?,?)",
                               law_rows)
        store.conn.executemany(
            "insert into study_attendance (session_id, staff_id, status, leave_reason, score) values (?,?,?,?,?)",
            att_rows)
        store.audit("生成基准测试学法记录", "study_session", None, None,
                    {"sessions": sessions, "attendance": len(att_rows)})
    store.conn.execute("analyze")


def build_reports(path: Path | str, reports: int = 200, seed: int = 2026) -> None:
    """`reports` annual reports added to the database at `path`: the shared samples (one kept in Traditional
    characters, as clerks paste them) parsed and stored the way the importer does, over the last 20 years."""
    import copy

    from core.reports import parse, repository

    samples = sorted((ROOT.parent / "shared" / "samples").glob("*.txt"))
    parsed = [parse.parse_file(p, convert_traditional=(i != 0)).report for i, p in enumerate(samples)]
    rng = random.Random(seed)
    first_year = date.today().year - 20
    store = open_store(path)
    try:
        with store.transaction():
            for i in range(reports):
                report = copy.deepcopy(parsed[i % len(parsed)])
                report.year = first_year + rng.randrange(20)
                report.title = f"{report.title or '法治政府建设年度报告'}（第{i + 1}份）"
                repository.import_report(store, report)
            store.audit("生成基准测试年度报告", "report", None, None, {"count": reports})
        store.conn.execute("pragma wal_checkpoint(TRUNCATE)")
    finally:
        store.close()


RECTIFICATION_PROBLEMS = (
    "行政规范性文件合法性审核机制落实不到位", "重大行政决策程序不规范，风险评估环节缺失", "行政执法案卷文书填写不规范",
    "法治宣传教育形式较为单一", "领导干部学法学时未全部达标", "政务服务事项办理超过承诺时限", "数据安全管理制度不健全",
    "12345热线工单回复不及时", "公共数据开放目录更新滞后", "政府信息公开栏目更新不及时", "电子证照归集率偏低",
    "行政复议决定履行跟踪不及时",
)
RECTIFICATION_MEASURES = ("修订相关制度并印发执行", "开展专题培训", "建立台账逐项销号", "每月通报工作进展",
                          "开展案卷交叉评查", "建立长效机制")
RECTIFICATION_PROGRESS = ("召开专题会议研究整改", "形成整改工作方案", "起草制度初稿并征求意见", "组织专题培训一次",
                          "完成阶段性自查", "整改措施已基本落实")


def build_rectification(path: Path | str, items: int = 20_000, progress: int = 100_000, seed: int = 2026,
                        years: int = 5) -> None:
    """`items` 整改事项 over the last `years` years in every status (about a fifth overdue, some 长期坚持),
    with `progress` progress entries spread over them, added to the database at `path` (staff built if absent)."""
    import json

    from core.rectification.rules import CLOSED, COMPLETED, IN_PROGRESS, NOT_STARTED, SOURCES, format_number

    rng = random.Random(seed)
    today = date.today()
    store = open_store(path)
    try:
        if not store.scalar("select count(*) from staff"):
            build_staff(store, rng, 120)
        staff = store.query("select id, department from staff where department != '局领导' order by id")
        leaders = [r["name"] for r in store.query("select name from staff where department = '局领导'")] or ["局长"]
        first_year = today.year - years + 1
        per_year = -(-items // years)
        now = now_text()
        item_rows, log_rows, counters = [], [], {}
        statuses = (NOT_STARTED,) * 2 + (IN_PROGRESS,) * 4 + (COMPLETED,) * 2 + (CLOSED,) * 3
        for n in range(items):
            year = first_year + n // per_year
            counters[year] = counters.get(year, 0) + 1
            status = rng.choice(statuses)
            owner = rng.choice(staff)
            standing = rng.random() < 0.05
            deadline = None if standing else (today + timedelta(days=rng.randint(-400, 200))).isoformat()
            done = status in (COMPLETED, CLOSED)
            completed_on = (today - timedelta(days=rng.randint(1, 300))).isoformat() if done else None
            measures = json.dumps(rng.sample(RECTIFICATION_MEASURES, 2), ensure_ascii=False)
            item_rows.append((
                n + 1, format_number(year, counters[year]), year, rng.choice(SOURCES), "",
                f"{RECTIFICATION_PROBLEMS[n % len(RECTIFICATION_PROBLEMS)]}（第{n + 1}项）", measures,
                rng.choice(leaders), owner["department"], owner["id"], deadline, int(standing), status, completed_on,
                "整改措施已落实" if done else "", completed_on if status == CLOSED else None,
                rng.choice(leaders) if status == CLOSED else "", "基准数据" if status == CLOSED else "", now, now))
        for k in range(progress):
            item_id = k % items + 1
            log_rows.append((item_id, (today - timedelta(days=rng.randint(1, 400))).isoformat(), now, "progress",
                             RECTIFICATION_PROGRESS[k % len(RECTIFICATION_PROGRESS)], "基准测试"))
        with store.transaction():
            store.conn.executemany(
                "insert into rectification (id, number, year, source, source_doc, problem, measures, leader, department, "
                "owner_staff_id, deadline, standing, status, completed_on, completion, closed_on, closed_by, "
                "no_evidence_reason, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", item_rows)
            store.conn.executemany(
                "insert into rectification_log (item_id, on_date, at, kind, text, by_whom) values (?,?,?,?,?,?)",
                log_rows)
            store.conn.executemany(
                "insert into rectification_counter (year, last) values (?, ?) "
                "on conflict(year) do update set last = max(last, excluded.last)", list(counters.items()))
            store.audit("生成基准测试整改事项", "rectification", None, None, {"items": items, "progress": progress})
        store.conn.execute("analyze")
        store.conn.execute("pragma wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
