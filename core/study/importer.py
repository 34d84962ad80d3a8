"""Import an existing Excel 学法台账: header under title rows, columns by name, names matched to the roster.

`preview(store, path)` reads and checks everything and writes nothing; `commit(store, preview)`
writes every accepted session, its attendance and laws in one transaction with one audit row.
Rows it cannot take are rejected with their Excel row number; names not on the roster and laws not
in the catalogue are reported as warnings (the names are left out, the laws are added on import).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core import tabular
from core.db import Store
from core.errors import RuleViolation
from core.staff import roster
from core.study import laws as law_catalogue
from core.study import sessions
from core.study.sessions import ATTENDED, ON_LEAVE, Attendee, Session

COLUMNS = {
    "held_on": ("日期", "学习日期", "活动日期", "学习时间", "时间"),
    "time_range": ("起止时间", "时间段", "具体时间"),
    "form": ("学习形式", "形式", "学习方式", "方式"),
    "topic": ("学习主题", "主题", "题目", "学习题目"),
    "laws": ("学习内容", "法律法规", "学习法规", "学习篇目", "学习文件"),
    "lecturer": ("主讲人", "授课人", "主讲", "领学人"),
    "host": ("主持人",),
    "recorder": ("记录人", "记录"),
    "location": ("地点", "学习地点"),
    "hours": ("学时", "时长", "学习时长", "课时"),
    "attendees": ("参学人员", "参加人员", "参学人", "出席人员", "参会人员"),
    "on_leave": ("请假人员", "缺席人员", "请假"),
    "outside": ("外单位人数", "外单位人员"),
    "summary": ("内容摘要", "学习内容摘要", "主要内容", "学习情况"),
}
REQUIRED = ("held_on", "topic")
_REASON = re.compile(r"^(.+?)\s*[（(]([^（）()]*)[）)]\s*$")
_TOTAL_WORDS = ("合计", "小计", "总计")


@dataclass
class ImportedSession:
    row: int
    held_on: date
    topic: str
    form: str
    start_time: str = ""
    end_time: str = ""
    location: str = ""
    laws: list[str] = field(default_factory=list)
    lecturer: str = ""
    host: str = ""
    recorder: str = ""
    hours: float = 0.0
    outside_count: int = 0
    summary: str = ""
    attendee_ids: list[int] = field(default_factory=list)
    on_leave: list[tuple[int, str]] = field(default_factory=list)  # (staff id, reason)


PREVIEW_COLUMNS = [
    ("日期", lambda s: s.held_on), ("学习形式", lambda s: s.form), ("学习主题", lambda s: s.topic),
    ("法律法规", lambda s: law_catalogue.display(s.laws)), ("主讲人", lambda s: s.lecturer),
    ("参学", lambda s: len(s.attendee_ids)), ("请假", lambda s: len(s.on_leave)),
    ("学时", lambda s: sessions.format_hours(s.hours)),
]


class _Context:
    """Roster and catalogue lookups for one import, plus the names and laws nobody knows."""

    def __init__(self, store: Store) -> None:
        self.staff = roster.by_name(store)
        self.laws = law_catalogue.lookup_table(store)
        self.unknown_names: dict[str, list[int]] = {}
        self.new_laws: dict[str, None] = {}
        self.existing = {(r["held_on"], r["topic"]) for r in store.query("select held_on, topic from study_session")}
        self.seen: dict[tuple[str, str], int] = {}

    def staff_id(self, name: str, row: int) -> int | None:
        people = self.staff.get(name)
        if not people:
            self.unknown_names.setdefault(name, []).append(row)
            return None
        return people[0]["id"]  # active first: by_name orders so


def preview(store: Store, path: Path | str) -> tabular.ImportPreview[ImportedSession]:
    """What importing the ledger would do; writes nothing."""
    sheet = tabular.read_rows(path)
    header = tabular.find_header(sheet, COLUMNS, required=REQUIRED)
    ctx = _Context(store)
    result = tabular.collect(sheet, header, lambda rec: _parse(rec, ctx))
    for name, rows in ctx.unknown_names.items():
        where = "、".join(f"第 {r} 行" for r in rows)
        result.warn(f"花名册中没有“{name}”（{where}），导入时不计入其学时。请先在“人员”中添加此人，再重新导入。")
    if ctx.new_laws:
        result.warn("法规目录中没有" + "".join(f"《{n}》" for n in ctx.new_laws) + "，导入时将加入目录。")
    result.sort()
    return result


def _parse(rec: tabular.Record, ctx: _Context) -> ImportedSession | None:
    if any(tabular.one_line(v).replace(" ", "") in _TOTAL_WORDS for v in rec.values[:3]):
        return None
    held_on = rec.date("held_on")
    topic = " ".join(rec.line("topic").split())
    if not topic:
        raise ValueError(f"“{rec.label('topic')}”为空")
    key = (held_on.isoformat(), topic)
    if key in ctx.existing:
        raise ValueError(f"数据库中已有 {held_on.isoformat()}“{topic}”的学法记录，未重复导入")
    if key in ctx.seen:
        raise ValueError(f"与第 {ctx.seen[key]} 行重复（日期和主题相同）")
    item = ImportedSession(row=rec.number, held_on=held_on, topic=topic, form=rec.line("form") or "集中学法")
    _times(rec, item)
    item.location = rec.line("location")
    item.lecturer, item.host, item.recorder = rec.line("lecturer"), rec.line("host"), rec.line("recorder")
    item.hours = rec.number_value("hours", required=False) or 0.0
    if not 0 <= item.hours <= 24:
        raise ValueError(f"“{rec.label('hours')}”应在 0 到 24 之间：{rec.line('hours')}")
    item.outside_count = int(rec.number_value("outside", required=False) or 0)
    item.summary = rec.text("summary")
    item.laws = _laws(rec.text("laws"), ctx)
    _people(rec, item, ctx)
    ctx.seen[key] = rec.number
    return item


def _times(rec: tabular.Record, item: ImportedSession) -> None:
    if rec.header.has("time_range") and rec.line("time_range"):
        start, end = tabular.parse_time_range(rec.value("time_range"))
        item.start_time, item.end_time = start.strftime("%H:%M"), end.strftime("%H:%M")


def _laws(text: str, ctx: _Context) -> list[str]:
    names = []
    for name in law_catalogue.split_names(text):
        if law_catalogue.resolve(None, name, ctx.laws) is None:  # type: ignore[arg-type]
            ctx.new_laws.setdefault(name)
        names.append(name)
    return list(dict.fromkeys(names))


def _people(rec: tabular.Record, item: ImportedSession, ctx: _Context) -> None:
    leave_ids: set[int] = set()
    for entry in tabular.split_names(rec.text("on_leave")):
        m = _REASON.match(entry)
        name, reason = (m.group(1), m.group(2)) if m else (entry, "")
        if name in ("无", "没有", "—", "-"):
            continue
        staff_id = ctx.staff_id(name, rec.number)
        if staff_id is not None and staff_id not in leave_ids:
            leave_ids.add(staff_id)
            item.on_leave.append((staff_id, reason.strip()))
    for entry in tabular.split_names(rec.text("attendees")):
        m = _REASON.match(entry)
        staff_id = ctx.staff_id(m.group(1) if m else entry, rec.number)
        if staff_id is not None and staff_id not in leave_ids and staff_id not in item.attendee_ids:
            item.attendee_ids.append(staff_id)


def to_session(store: Store, item: ImportedSession, law_ids: list[int]) -> Session:
    staff = roster.by_name(store).get(item.lecturer) if item.lecturer else None
    return Session(
        held_on=item.held_on.isoformat(), topic=item.topic, form=item.form, start_time=item.start_time,
        end_time=item.end_time, location=item.location, law_ids=law_ids,
        lecturer_staff_id=staff[0]["id"] if staff else None, lecturer_name=item.lecturer, host=item.host,
        recorder=item.recorder, hours=item.hours, outside_count=item.outside_count, summary=item.summary,
        attendees=[Attendee(i, ATTENDED) for i in item.attendee_ids]
        + [Attendee(i, ON_LEAVE, reason) for i, reason in item.on_leave])


def commit(store: Store, result: tabular.ImportPreview[ImportedSession]) -> list[int]:
    """Write every accepted session at once (one transaction, one audit row); returns the new ids."""
    if not result.accepted:
        raise RuleViolation("没有可以导入的学法记录。请按提示改正文件后重新导入。")
    with store.transaction():
        checked = []
        for item in result.accepted:
            law_ids = [law_catalogue.find_or_add(store, name) for name in item.laws]
            try:
                checked.append(sessions.check(to_session(store, item, law_ids)))
            except RuleViolation as exc:
                raise RuleViolation(f"第 {item.row} 行：{exc.message}") from None
        rows = []
        for s in checked:
            row = sessions.row_for(store, s)
            row["created_at"] = row["updated_at"] = sessions.now_text()
            rows.append(row)
        ids = tabular.insert_rows(store, "study_session", rows, action="导入学法台账", file=result.file)
        for session_id, s in zip(ids, checked):
            sessions.write_children(store, session_id, s)
    return ids


def describe(item: ImportedSession) -> dict:
    """One imported row for `import study --json`."""
    return {"held_on": item.held_on.isoformat(), "topic": item.topic, "form": item.form,
            "laws": item.laws, "attendees": len(item.attendee_ids), "on_leave": len(item.on_leave),
            "hours": item.hours}
