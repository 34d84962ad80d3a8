"""Import an existing Excel 学法台账: header under title rows, columns by name, names matched to the roster.

`preview(store, path)` reads and makes every check (the field limits of `core.study.schema.LIMITS` too)
and writes nothing; `commit(store, preview)` writes every accepted session, its attendance and laws in one
transaction with one audit row holding them.
Rows it cannot take are rejected with their Excel row number; names not on the roster and laws not
in the catalogue are reported as warnings (the names are left out, the laws are added on import).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core import dates, limits, tabular
from core.db import Store
from core.errors import RuleViolation
from core.staff import roster
from core.study import laws as law_catalogue
from core.study import sessions
from core.study.schema import LIMITS
from core.study.sessions import ATTENDED, ON_LEAVE, Session

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
    "attendee_count": ("参学人数", "参加人数", "参会人数"),  # not read: claimed so 参学人员 never takes it
    "outside": ("外单位人数", "外单位人员"),
    "summary": ("内容摘要", "学习内容摘要", "主要内容", "学习情况"),
    "pass_mark": ("合格分数线", "及格分数线", "合格线", "及格线"),  # of an exam (学法考试) only
}
REQUIRED = ("held_on", "topic")
_REASON = re.compile(r"^(.+?)\s*[（(]([^（）()]*)[）)]\s*$")
_TOTAL_WORDS = ("合计", "小计", "总计")  # each has 计: see `_is_total`
_ONE_TIME = re.compile(r"^([-—–~～至到]?)\s*([^-—–~～至到]+)$")  # what the app's ledger writes without an end or start
_SCORE = re.compile(r"^(\d{1,4}(?:\.\d+)?)\s*分?$")  # an attendee's exam score, as the app's ledger writes it


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
    pass_mark: float | None = None
    attendee_ids: list[int] = field(default_factory=list)
    on_leave: list[tuple[int, str]] = field(default_factory=list)  # (staff id, reason)
    scores: dict[int, float] = field(default_factory=dict)  # staff id → exam score: 「张三（92分）」


PREVIEW_COLUMNS = [
    ("日期", lambda s: s.held_on), ("学习形式", lambda s: s.form), ("学习主题", lambda s: s.topic),
    ("法律法规", lambda s: law_catalogue.display(s.laws)), ("主讲人", lambda s: s.lecturer),
    ("参学", lambda s: len(s.attendee_ids)), ("请假", lambda s: len(s.on_leave)),
    ("学时", lambda s: sessions.format_hours(s.hours)),
]


class _Context:
    """Roster and catalogue lookups for one import, plus the names and laws nobody knows."""

    def __init__(self, store: Store) -> None:
        self.existing = _Existing(store)
        self.staff = roster.by_name(store)
        self.laws = law_catalogue.lookup_table(store)
        self.unknown_names: dict[str, list[int]] = {}
        self.new_laws: dict[str, None] = {}
        self.seen: dict[tuple[str, str], int] = {}

    def staff_id(self, name: str, row: int) -> int | None:
        people = self.staff.get(name)
        if not people:
            self.unknown_names.setdefault(name, []).append(row)
            return None
        return people[0]["id"]  # active first: by_name orders so


class _Existing:
    """The sessions already in the database, by (date, topic): the days that have any are read once, and a
    day's topics on the first row of that day (an old ledger mostly brings days the database has none of)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.days = {r[0] for r in store.conn.execute("select distinct held_on from study_session")}
        self.topics: dict[str, set[str]] = {}

    def has(self, held_on: str, topic: str) -> bool:
        if held_on not in self.days:
            return False
        if held_on not in self.topics:
            self.topics[held_on] = {r[0] for r in self.store.conn.execute(
                "select topic from study_session where held_on = ?", [held_on])}
        return topic in self.topics[held_on]


def preview(store: Store, path: Path | str) -> tabular.ImportPreview[ImportedSession]:
    """What importing the ledger would do, after every check the import makes; writes nothing."""
    sheet = tabular.read_rows(path)
    header = tabular.find_header(sheet, COLUMNS, required=REQUIRED)
    ctx = _Context(store)
    result = tabular.collect(sheet, header, lambda rec: _parse(rec, ctx))
    result.limits = limits.describe(LIMITS)
    if ctx.unknown_names:
        names = [f"“{name}”（{tabular.rows_text(rows, 3)}）" for name, rows in ctx.unknown_names.items()]
        result.warn(f"花名册中没有{tabular.listing(names, '人')}，导入时不计入其学时。"
                    "请先在“人员”中添加这些人，再重新导入。")
    if ctx.new_laws:
        result.warn(f"法规目录中没有{tabular.listing([f'《{n}》' for n in ctx.new_laws], '部')}，导入时将加入目录。")
    result.sort()
    return result


def _parse(rec: tabular.Record, ctx: _Context) -> ImportedSession | None:
    if any(_is_total(v) for v in rec.values[:3]):
        return None
    held_on = rec.date("held_on")
    topic = rec.line("topic", LIMITS["topic"])
    if not topic:
        raise ValueError(f"“{rec.label('topic')}”为空")
    key = (held_on.isoformat(), topic)
    if ctx.existing.has(*key):
        raise ValueError(f"数据库中已有 {held_on.isoformat()}“{topic}”的学法记录，未重复导入")
    if key in ctx.seen:
        raise ValueError(f"与第 {ctx.seen[key]} 行重复（日期和主题相同）")
    item = ImportedSession(row=rec.number, held_on=held_on, topic=topic,
                           form=rec.line("form", LIMITS["form"]) or "集中学法")
    _times(rec, item)
    item.location = rec.line("location", LIMITS["location"])
    item.lecturer, item.host, item.recorder = (rec.line(f, LIMITS[f]) for f in ("lecturer", "host", "recorder"))
    item.hours = rec.number_value("hours", required=False, limit=LIMITS["hours"]) or 0.0
    item.outside_count = int(rec.number_value("outside", required=False, limit=LIMITS["outside"]) or 0)
    item.summary = rec.text("summary", LIMITS["summary"])
    if item.form == sessions.EXAM_FORM:  # as `sessions.check` keeps it
        item.pass_mark = rec.number_value("pass_mark", required=False, limit=LIMITS["pass_mark"])
    laws = [LIMITS["laws"].check(name) for name in law_catalogue.split_names(rec.text("laws"))]
    leave = [_with_reason(e) for e in tabular.split_names(rec.text("on_leave", LIMITS["on_leave"]))]
    attending = [_with_reason(e) for e in tabular.split_names(rec.text("attendees", LIMITS["attendees"]))]
    for _name, reason in leave:
        LIMITS["leave_reason"].check(reason)
    # every check passed: only now are the row's laws and names noted for the warnings
    item.laws = _laws(laws, ctx)
    _people(rec.number, item, leave, attending, ctx)
    ctx.seen[key] = rec.number
    return item


def _is_total(value: object) -> bool:
    """A 合计 / 小计 / 总计 cell (only text can say so: the cheap test first, every row takes it)."""
    return isinstance(value, str) and "计" in value and "".join(tabular.one_line(value).split()) in _TOTAL_WORDS


def _times(rec: tabular.Record, item: ImportedSession) -> None:
    """起止时间: a range (9:00-11:30), or one time, a start (9:00) or, after a dash, an end (-11:30)."""
    text = rec.line("time_range") if rec.header.has("time_range") else ""
    if not text:
        return
    single = _ONE_TIME.match(text)
    if single and (at := dates.parse_time(single.group(2))):
        setattr(item, "end_time" if single.group(1) else "start_time", dates.format_time(at))
        return
    start, end = tabular.parse_time_range(text)
    item.start_time, item.end_time = dates.format_time(start), dates.format_time(end)


def _with_reason(entry: str) -> tuple[str, str]:
    """赵五（出差） → (赵五, 出差)."""
    m = _REASON.match(entry)
    return (m.group(1), m.group(2).strip()) if m else (entry, "")


def _laws(names: list[str], ctx: _Context) -> list[str]:
    for name in names:
        if law_catalogue.resolve(None, name, ctx.laws) is None:  # type: ignore[arg-type]
            ctx.new_laws.setdefault(name)
    return list(dict.fromkeys(names))


def _people(row: int, item: ImportedSession, leave: list[tuple[str, str]], attending: list[tuple[str, str]],
            ctx: _Context) -> None:
    leave_ids: set[int] = set()
    for name, reason in leave:
        if name in ("无", "没有", "—", "-"):
            continue
        staff_id = ctx.staff_id(name, row)
        if staff_id is not None and staff_id not in leave_ids:
            leave_ids.add(staff_id)
            item.on_leave.append((staff_id, reason))
    for name, note in attending:
        staff_id = ctx.staff_id(name, row)
        if staff_id is not None and staff_id not in leave_ids and staff_id not in item.attendee_ids:
            item.attendee_ids.append(staff_id)
            score = _SCORE.match(note)
            if score:
                item.scores[staff_id] = float(score.group(1))


def _session(item: ImportedSession, law_ids: list[int], staff: dict[str, list[dict]]) -> Session:
    """The session's own fields (its attendance is written from the item as it is, see `_write`)."""
    lecturer = staff.get(item.lecturer) if item.lecturer else None
    return Session(
        held_on=item.held_on.isoformat(), topic=item.topic, form=item.form, start_time=item.start_time,
        end_time=item.end_time, location=item.location, law_ids=law_ids,
        lecturer_staff_id=lecturer[0]["id"] if lecturer else None, lecturer_name=item.lecturer, host=item.host,
        recorder=item.recorder, hours=item.hours, outside_count=item.outside_count, summary=item.summary,
        pass_mark=item.pass_mark)


CHUNK = 1000  # sessions built and written at a time: memory stays flat however long the ledger
AUDIT_COLUMNS = ("id", "held_on", "form", "topic", "lecturer_name", "host", "recorder", "location", "start_time",
                 "end_time", "hours", "outside_count", "summary", "pass_mark", "law_ids", "attendee_ids", "on_leave")


@dataclass
class _Lookups:
    """What every chunk of one commit looks up: law ids and short names, the roster, the time stamp."""

    law_ids: dict[str, int]
    law_names: dict[int, str]
    staff: dict[str, list[dict]]
    stamp: str


def commit(store: Store, result: tabular.ImportPreview[ImportedSession]) -> list[int]:
    """Write every accepted session with its laws and attendance: one transaction, executemany, one audit
    row holding what was imported; returns the new ids. The preview made every check; only what changed in
    the database since (the same session saved meanwhile) can stop it here."""
    if not result.accepted:
        raise RuleViolation("没有可以导入的学法记录。请按提示改正文件后重新导入。")
    with store.transaction(), tabular.bulk_writes(store, "study_session"):
        known = _Existing(store)
        taken = [item.row for item in result.accepted if known.has(item.held_on.isoformat(), item.topic)]
        if taken:
            raise RuleViolation(f"导入前已有人录入了{tabular.rows_text(taken)}的学法记录（日期和主题相同），"
                                "未导入任何记录。请重新选择文件导入。")
        law_ids, added = law_catalogue.ids_for(store, {name for item in result.accepted for name in item.laws})
        lookups = _Lookups(law_ids, {r[0]: r[1] or r[2] for r in store.conn.execute(
            "select id, short_name, full_name from study_law")}, roster.by_name(store), store.clock.stamp())
        ids: list[int] = []
        audit: list[list] = []
        for start in range(0, len(result.accepted), CHUNK):
            ids += _write(store, result.accepted[start:start + CHUNK], lookups, audit)
        if added:
            store.notify("study_law", None, "insert")
        tabular.record_import(store, "study_session", ids, action="导入学法台账", file=result.file, content={
            "columns": AUDIT_COLUMNS, "rows": audit, "new_laws": [law["full_name"] for law in added]})
    return ids


def _write(store: Store, chunk: list[ImportedSession], lookups: _Lookups, audit: list[list]) -> list[int]:
    """Insert one chunk of sessions with their law links and attendance; their audit rows go to `audit`."""
    laws = [[lookups.law_ids[n] for n in item.laws] for item in chunk]
    rows = [{**sessions.row_for(store, _session(item, law_ids, lookups.staff),
                                [lookups.law_names[i] for i in law_ids], (len(item.attendee_ids), len(item.on_leave))),
             "created_at": lookups.stamp, "updated_at": lookups.stamp}
            for item, law_ids in zip(chunk, laws)]
    ids = tabular.insert_many(store, "study_session", rows)
    store.conn.executemany(
        "insert into study_session_law (session_id, law_id, position) values (?,?,?)",
        [(sid, law, n) for sid, law_ids in zip(ids, laws) for n, law in enumerate(law_ids)])
    store.conn.executemany(
        "insert into study_attendance (session_id, staff_id, status, leave_reason, score) values (?,?,?,?,?)",
        [row for sid, item in zip(ids, chunk) for row in _attendance(sid, item)])
    audit += [[sid, *(row[c] for c in AUDIT_COLUMNS[1:-3]), law_ids, item.attendee_ids, item.on_leave]
              for sid, row, law_ids, item in zip(ids, rows, laws, chunk)]
    return ids


def _attendance(session_id: int, item: ImportedSession) -> list[tuple]:
    """The study_attendance rows of one session: attendees (with their scores), then those on leave."""
    attended = [(session_id, staff_id, ATTENDED, "", item.scores.get(staff_id)) for staff_id in item.attendee_ids]
    return attended + [(session_id, staff_id, ON_LEAVE, reason, None) for staff_id, reason in item.on_leave]


def describe(item: ImportedSession) -> dict:
    """One imported row for `import study --json`."""
    return {"held_on": item.held_on.isoformat(), "topic": item.topic, "form": item.form,
            "laws": item.laws, "attendees": len(item.attendee_ids), "on_leave": len(item.on_leave),
            "hours": item.hours}
