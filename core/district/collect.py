"""The unit's own year as package records: people with their hours, sessions, 整改 items and the report.

Read through the features' own functions where they have them (per-person statistics, the report model), so a
package says what the unit's own pages say. Every record carries its UUID, given here the first time the record
is sent and never changed after (`assign_uuids`), so a unit sending again replaces, never duplicates.

What a package reports for year Y: sessions held in Y up to the day it is made (a planned session is not a
session yet), the 整改 items registered in Y, the report on Y (filed by 1 March of Y+1) and everyone on the
roster in Y with their hours in Y.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date

from core import unit
from core.db import Store
from core.district.schema import OWN_TABLES
from core.errors import RuleViolation
from core.reports import model, repository
from core.study import people, sessions


@dataclass
class Collected:
    unit: dict  # name, short_name, credit_code
    year: int
    records: dict[str, list[dict]]  # kind → records, as fmt.RECORD_CHECKS expects them
    attachments: dict[str, str] = field(default_factory=dict)  # sha256 → a name it is known by

    @property
    def counts(self) -> dict[str, int]:
        return {kind: len(rows) for kind, rows in self.records.items()}


def assign_uuids(store: Store) -> int:
    """Give every record that has none its UUID (in the caller's transaction); returns how many were given."""
    given = 0
    for table in OWN_TABLES:
        ids = [r[0] for r in store.conn.execute(f"select id from [{table}] where uuid is null")]
        store.conn.executemany(f"update [{table}] set uuid = ? where id = ?", [(str(uuid.uuid4()), i) for i in ids])
        given += len(ids)
    if given:
        store.audit(f"为报送包分配记录标识（{given} 条）", None, None, None, None)
    return given


def collect(store: Store, year: int, today: date | None = None) -> Collected:
    """Everything the unit sends for `year` (UUIDs are given inside this call's transaction)."""
    profile = unit.load(store)
    if not profile.full_name:
        raise RuleViolation("请先在“设置 → 单位信息”中填写单位全称，上级单位按单位名称汇总报送包。")
    today = today or store.clock.today()
    with store.transaction():
        assign_uuids(store)
        staff, staff_uuids = _staff(store, year)
        found = Collected(
            {"name": profile.full_name, "short_name": profile.short_name,
             "credit_code": profile.credit_code},
            year, {"staff": staff, "sessions": _sessions(store, year, today, staff_uuids),
                   "items": _items(store, year), "report": _report(store, year)})
    for rows in (found.records["sessions"], found.records["items"]):
        for row in rows:
            for f in row.get("attachments", []) + row.get("evidence", []):
                found.attachments.setdefault(f["sha256"], f["name"])
    return found


# -- people ----------------------------------------------------------------------------------------
def _staff(store: Store, year: int) -> tuple[list[dict], dict[int, str]]:
    uuids = dict(store.conn.execute("select id, uuid from staff"))
    rows = [{
        "uuid": uuids[p.staff_id], "name": p.name, "department": p.department, "position": p.position,
        "is_leader": p.is_leader, "active": p.active, "left_on": p.left_on, "sessions": p.sessions,
        "hours": p.hours, "on_leave": p.on_leave, "minimum": p.minimum, "reached": p.reached,
    } for p in people.statistics(store, year, with_exams=False)]
    return rows, uuids


# -- sessions --------------------------------------------------------------------------------------
def _sessions(store: Store, year: int, today: date, staff_uuids: dict[int, str]) -> list[dict]:
    held_by = min(today, date(year, 12, 31)).isoformat()
    listed = sessions.list_sessions(store, sessions.StudyFilter(year=year, held_by=held_by))
    start, end = people.year_bounds(year)
    bounds = [start, end, held_by]
    in_scope = "s.held_on >= ? and s.held_on < ? and s.held_on <= ?"
    extra = {r[0]: r[1:] for r in store.conn.execute(
        f"select s.id, s.uuid, s.summary from study_session s where {in_scope}", bounds)}
    attendees: dict[int, list] = {}
    for session_id, staff_id, status in store.conn.execute(
            f"select a.session_id, a.staff_id, a.status from study_attendance a join study_session s "
            f"on s.id = a.session_id where {in_scope} order by a.session_id, a.staff_id", bounds):
        attendees.setdefault(session_id, []).append([staff_uuids[staff_id], status])
    files = _files(store, "select l.session_id, a.sha256, a.name, a.size from study_session_attachment l "
                          "join attachment a on a.id = l.attachment_id join study_session s on s.id = l.session_id "
                          f"where {in_scope} order by l.session_id, l.position", bounds)
    return [{
        "uuid": extra[r["id"]][0], "held_on": r["held_on"], "start_time": r["start_time"], "end_time": r["end_time"],
        "form": r["form"], "topic": r["topic"], "location": r["location"], "lecturer": r["lecturer_name"],
        "host": r["host"], "recorder": r["recorder"], "hours": float(r["hours"]),
        "attended_count": r["attended_count"], "on_leave_count": r["on_leave_count"],
        "outside_count": r["outside_count"], "laws_text": r["laws_text"], "summary": extra[r["id"]][1],
        "attendees": attendees.get(r["id"], []), "attachments": files.get(r["id"], []),
    } for r in listed]


def _files(store: Store, sql: str, params: list) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for owner, sha, name, size in store.conn.execute(sql, params):
        out.setdefault(owner, []).append({"sha256": sha, "name": name, "size": size})
    return out


# -- 整改 items ------------------------------------------------------------------------------------
_LOG_FIELDS = ("on_date", "at", "kind", "text", "by_whom", "from_status", "to_status", "reason")


def _items(store: Store, year: int) -> list[dict]:
    rows = store.query(
        "select r.*, coalesce(s.name, r.owner_name) as owner from rectification r "
        "left join staff s on s.id = r.owner_staff_id where r.year = ? order by length(r.number), r.number", [year])
    logs: dict[int, list[dict]] = {}
    for entry in store.query(
            "select l.* from rectification_log l join rectification r on r.id = l.item_id where r.year = ? "
            "order by l.item_id, l.id", [year]):
        logs.setdefault(entry["item_id"], []).append(
            {k: entry[k] if entry[k] is not None else "" for k in _LOG_FIELDS})
    evidence = _files(store, "select e.item_id, a.sha256, a.name, a.size from rectification_evidence e "
                             "join attachment a on a.id = e.attachment_id join rectification r on r.id = e.item_id "
                             "where r.year = ? order by e.item_id, e.id", [year])
    return [{
        "uuid": r["uuid"], "number": r["number"], "year": r["year"], "source": r["source"],
        "source_doc": r["source_doc"], "problem": r["problem"], "goal": r["goal"],
        "measures": json.loads(r["measures"] or "[]"), "leader": r["leader"], "department": r["department"],
        "owner": r["owner"] or "", "deadline": r["deadline"], "standing": bool(r["standing"]), "status": r["status"],
        "completed_on": r["completed_on"], "completion": r["completion"], "closed_on": r["closed_on"],
        "closed_by": r["closed_by"], "log": logs.get(r["id"], []), "evidence": evidence.get(r["id"], []),
    } for r in rows]


# -- the report ------------------------------------------------------------------------------------
def _report(store: Store, year: int) -> list[dict]:
    """The report on `year` (the newest, when the clerk made more than one); none yet is an empty list."""
    row = store.query("select id, uuid from report where year = ? order by id desc limit 1", [year])
    if not row:
        return []
    report = repository.load(store, row[0]["id"])
    outline = model.to_json(report)
    for section in _walk(outline["sections"]):
        section.pop("id", None)
    return [{
        "uuid": row[0]["uuid"], "year": report.year, "title": report.title, "status": report.status,
        "status_dates": dict(report.status_dates), "issued_on": outline["issued_on"], "unit": report.unit,
        "recipient": report.recipient, "opening": list(report.opening), "signature": report.signature,
        "contact": report.contact, "sections": outline["sections"],
    }]


def _walk(sections: list[dict]):
    for section in sections:
        yield section
        yield from _walk(section["children"])
