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

from core import unit  # noqa: E402
from core.db import Store, now_text, open_store  # noqa: E402

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
          staff: int = 120) -> Path:
    """A new database at `path`: the unit, `staff` people in 8 科室 and the 学法记录 (see `build_study`)."""
    store = _fresh(path)
    try:
        rng = random.Random(seed)
        unit.save(store, unit.UnitProfile(full_name="基准测试区政务服务数据管理局", short_name="基准局"))
        build_staff(store, rng, staff)
        build_study(store, rng, sessions, attendance)
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
        session_rows.append((
            sid, held_on.isoformat(), "09:00", "11:00", rng.choice(LOCATIONS), topic.form, f"{topic.topic}（第{sid}期）",
            topic.lecturer, "主持人", "记录人", topic.hours, 0, topic.summary, 60.0 if exam else None,
            count - len(on_leave), len(on_leave), "".join(f"《{n}》" for n in topic.laws), now, now))
    with store.transaction():
        store.conn.executemany(
            "insert into study_session (id, held_on, start_time, end_time, location, form, topic, lecturer_name, "
            "host, recorder, hours, outside_count, summary, pass_mark, attended_count, on_leave_count, laws_text, "
            "created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", session_rows)
        store.conn.executemany("insert into study_session_law (session_id, law_id, position) values (?,?,?)",
                               law_rows)
        store.conn.executemany(
            "insert into study_attendance (session_id, staff_id, status, leave_reason, score) values (?,?,?,?,?)",
            att_rows)
        store.audit("生成基准测试学法记录", "study_session", None, None,
                    {"sessions": sessions, "attendance": len(att_rows)})
    store.conn.execute("analyze")
