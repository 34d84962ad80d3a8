"""Realistic demo data: a district bureau with 25 staff in 5 科室, plus each feature's own records."""
from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from datetime import date

from core import features, settings, unit
from core.db import Store
from core.errors import RuleViolation
from core.staff import roster

DEMO_UNIT = unit.UnitProfile(
    full_name="青山区政务服务数据管理局",
    short_name="区政数局",
    recipient="区委、区政府",
    contact_person="李文静",
    contact_phone="0791-86661234",
    min_study_hours=40,
)

# (科室, [(姓名, 职务, 领导干部)])
DEMO_STAFF = [
    ("局领导", [("王建国", "党组书记、局长", True), ("陈丽华", "党组成员、副局长", True),
              ("刘志强", "党组成员、副局长", True), ("赵敏", "四级调研员", True)]),
    ("办公室", [("李文静", "主任", True), ("张伟", "副主任", False), ("孙晓燕", "科员", False),
              ("周磊", "科员", False), ("吴婷", "办事员", False)]),
    ("政务服务科", [("郑海涛", "科长", True), ("冯雪梅", "副科长", False), ("何俊", "科员", False),
                ("许娜", "科员", False), ("高鹏", "科员", False)]),
    ("数据资源科", [("林峰", "科长", True), ("马晓东", "副科长", False), ("罗佳", "科员", False),
                ("梁思远", "科员", False), ("宋雨桐", "科员", False)]),
    ("审批协调科", [("唐明", "科长", True), ("韩冰", "副科长", False), ("曹颖", "科员", False),
                ("邓凯", "科员", False), ("彭静", "科员", False), ("蒋涛", "科员", False)]),
]

def is_empty(store: Store) -> bool:
    """No record of any kind (none in the 回收站 either): only then do the pages offer the demo, so it never
    mixes with a clerk's own records."""
    tables = [f.table for f in features.features() if f.table] + ["recycle_bin"]
    return not any(store.scalar(f"select exists(select 1 from [{table}])") for table in tables)


def fill(store: Store, unit_name: str | None = None, today: date | None = None, seed: int | None = None,
         progress: Callable[..., None] | None = None) -> None:
    """Write the demo bureau into an empty database (refuses one that already has staff).

    Under another unit's name (`demo --unit`, several departments for 汇总) the figures differ too: the
    seed then follows the name unless given. `progress(done, total, text)` hears each step (and may raise
    `Cancelled`: nothing is written then)."""
    if store.scalar("select count(*) from staff"):
        raise RuleViolation("数据库中已有人员数据，示例数据只能载入到空数据库。请用 --db 指定一个新文件。")
    today = today or store.clock.today()
    if seed is None:
        seed = zlib.crc32(unit_name.encode("utf-8")) if unit_name else 2026
    rng = random.Random(seed)
    profile = unit.UnitProfile(**{**DEMO_UNIT.__dict__})
    if unit_name:
        profile.full_name, profile.short_name = unit_name, ""
    steps = [f for f in features.features() if f.demo]  # in registration order: reports link 整改事项
    tell = progress or (lambda *_args: None)
    with store.transaction():
        tell(0, len(steps) + 1, "正在写入示例人员…")
        unit.save(store, profile)
        for department, people in DEMO_STAFF:
            for name, position, leader in people:
                roster.add(store, name, department, position, leader)
        left = roster.add(store, "黄志明", "政务服务科", "科员")
        roster.mark_left(store, left, f"{today.year - 1}-09-30")
        for done, feature in enumerate(steps, 1):
            tell(done, len(steps) + 1, f"正在写入示例{feature.label}…")
            features.load(feature.demo).fill(store, rng, today)
        settings.put(store, "app.first_start_done", True)


def register_cli(cli) -> None:
    parser = cli.command("demo", "向数据库写入示例数据（一个约 25 人、5 个科室的局）")
    parser.add_argument("--unit", default=None, help="单位全称（默认：青山区政务服务数据管理局）")
    parser.add_argument("--seed", type=int, default=None, help="随机种子（默认随单位名称而定）")
    parser.set_defaults(run=_run)


def _run(args) -> int:
    from core.cli import store_for

    with store_for(args) as store:
        fill(store, args.unit, seed=args.seed)
        count = store.scalar("select count(*) from staff")
        print(f"已写入示例数据：{count} 名人员。数据库：{store.path}")
    return 0
