"""Synthetic exchange packages written through the app's own writer (tests and the 汇总 benchmark).

`records(...)` makes a unit's year of records in the exact shape `core.district.collect` produces; `package(...)`
signs and writes them with `core.district.writer.write_package`, so the bytes are what a real unit would send.
Deterministic: the same seed gives the same records (UUIDs included).
"""
from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from pathlib import Path

from core.district import writer
from core.district.keys import Signer

FORMS = ("集中学法", "会前学法", "专题讲座", "网络培训", "党组理论学习中心组学习")
STATUSES = ("未启动", "整改中", "已完成", "已销号")


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def records(year: int, *, sessions: int, items: int, staff: int = 25, seed: int = 1,
            report_status: str = "已报送", submitted_on: str | None = None) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    people = [_uuid(rng) for _ in range(staff)]
    hours = dict.fromkeys(people, 0.0)
    attended = dict.fromkeys(people, 0)
    session_rows = []
    start = date(year, 1, 1)
    for i in range(sessions):
        held = start + timedelta(days=i * 365 // max(sessions, 1))
        length = rng.choice((0.5, 1.0, 2.0, 3.0))
        present = [p for p in people if rng.random() > 0.1]
        for p in present:
            hours[p] += length
            attended[p] += 1
        session_rows.append({
            "uuid": _uuid(rng), "held_on": held.isoformat(), "start_time": "09:00", "end_time": "11:00",
            "form": rng.choice(FORMS), "topic": f"学习《行政复议法》第{i + 1}讲", "location": "三楼会议室",
            "lecturer": "张某", "host": "李某", "recorder": "王某", "hours": length,
            "attended_count": len(present), "on_leave_count": staff - len(present), "outside_count": 0,
            "laws_text": "行政复议法", "summary": "学习行政复议法有关条款。",
            "attendees": [[p, "attended" if p in present else "on_leave"] for p in people],
            "attachments": [],
        })
    staff_rows = [{
        "uuid": p, "name": f"干部{n + 1}", "department": "办公室", "position": "科员", "is_leader": n < 3,
        "active": True, "left_on": None, "sessions": attended[p], "hours": hours[p],
        "on_leave": sessions - attended[p], "minimum": 40.0,
        "reached": hours[p] >= 40,
    } for n, p in enumerate(people)]
    item_rows = [_item(rng, year, n) for n in range(items)]
    report = {
        "uuid": _uuid(rng), "year": year, "title": f"{year}年度法治政府建设情况报告", "status": report_status,
        "status_dates": {report_status: submitted_on} if submitted_on else {}, "issued_on": None, "unit": "",
        "recipient": "区委、区政府", "opening": ["现将有关情况报告如下："], "signature": "", "contact": "",
        "sections": [{"level": 1, "number": "一、", "heading": "主要举措和成效", "kind": "achievements",
                      "body": ["扎实推进法治政府建设。"], "children": []}],
    }
    return {"staff": staff_rows, "sessions": session_rows, "items": item_rows, "report": [report]}


def _item(rng: random.Random, year: int, n: int) -> dict:
    status = rng.choice(STATUSES)
    deadline = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
    done = status in ("已完成", "已销号")
    return {
        "uuid": _uuid(rng), "number": f"ZG-{year}-{n + 1:03d}", "year": year, "source": "自查自纠",
        "source_doc": "", "problem": f"第{n + 1}个问题：制度执行不到位。", "goal": "", "measures": ["完善制度"],
        "leader": "王某", "department": "办公室", "owner": "李某", "deadline": deadline.isoformat(),
        "standing": False, "status": status, "completed_on": deadline.isoformat() if done else None,
        "completion": "已整改。" if done else "", "closed_on": deadline.isoformat() if status == "已销号" else None,
        "closed_by": "王某" if status == "已销号" else "", "log": [], "evidence": [],
    }


def package(path: Path, name: str, year: int, signer: Signer, *, created: str | None = None,
            **kwargs) -> writer.Written:
    return writer.write_package(
        path, unit={"name": name, "short_name": "", "credit_code": ""}, year=year,
        created=created or f"{year + 1}-02-20T09:00:00", signer=signer, schema="0610_district",
        records=records(year, **kwargs))
