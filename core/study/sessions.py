"""Save, read, list and total study sessions (学法记录); filtering, sorting and totals run in SQL.

The list page shows 100,000 sessions, so `list_page` returns one page of flat rows and `totals`
counts sessions, 人次 and 学时 for the same filter without touching the attendance table
(each session keeps its attended / on-leave counts and its laws' names, refreshed on every save).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date

from core import recycle
from core.db import Store
from core.errors import RuleViolation
from core.limits import enforce
from core.study import laws as law_catalogue
from core.study.schema import LIMITS

FORMS = ("党组理论学习中心组学习", "集中学法", "会前学法", "专题讲座", "网络培训", "知识竞赛", "学法考试",
         "普法宣传活动", "旁听庭审")
EXAM_FORM = "学法考试"
ATTENDED, ON_LEAVE = "attended", "on_leave"
_TIME = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")

# column key → the SQL terms the list sorts by (the list page sorts on every column). Ties go by date, time
# and id, all in the column's direction, so pages never overlap. Each key leads an index (core.study.schema),
# so the first page of 100,000 sessions is read in index order, ascending or descending.
BY_DATE = ("s.held_on", "s.start_time", "s.id")
SORTABLE: dict[str, tuple[str, ...]] = {
    "held_on": BY_DATE, "form": ("s.form", *BY_DATE), "topic": ("s.topic", *BY_DATE),
    "laws_text": ("s.laws_text", *BY_DATE), "lecturer_name": ("s.lecturer_name", *BY_DATE),
    "person_times": ("(s.attended_count + s.outside_count)", *BY_DATE),
    "on_leave_count": ("s.on_leave_count", *BY_DATE), "hours": ("s.hours", *BY_DATE),
    "recorder": ("s.recorder", *BY_DATE), "id": ("s.id",),
}
LIST_COLUMNS = ("s.id, s.held_on, s.start_time, s.end_time, s.location, s.form, s.topic, s.lecturer_name, "
                "s.host, s.recorder, s.hours, s.outside_count, s.attended_count, s.on_leave_count, s.laws_text, "
                "s.pass_mark, (s.attended_count + s.outside_count) as person_times")


@dataclass
class Attendee:
    staff_id: int
    status: str = ATTENDED
    leave_reason: str = ""
    score: float | None = None


@dataclass
class Session:
    held_on: str
    topic: str
    form: str = "集中学法"
    start_time: str = ""
    end_time: str = ""
    location: str = ""
    law_ids: list[int] = field(default_factory=list)
    lecturer_staff_id: int | None = None
    lecturer_name: str = ""
    host: str = ""
    recorder: str = ""
    hours: float = 0.0
    outside_count: int = 0
    summary: str = ""
    pass_mark: float | None = None
    attendees: list[Attendee] = field(default_factory=list)
    attachment_ids: list[int] = field(default_factory=list)
    id: int | None = None

    @property
    def is_exam(self) -> bool:
        return self.form == EXAM_FORM


@dataclass(frozen=True, slots=True)
class SessionLine:
    """One line of the session list (`lines`): the session's own fields and its counts."""

    id: int
    held_on: str
    start_time: str
    end_time: str
    location: str
    form: str
    topic: str
    lecturer_name: str
    host: str
    recorder: str
    hours: float
    outside_count: int
    attended_count: int
    on_leave_count: int
    laws_text: str
    pass_mark: float | None
    person_times: int


@dataclass
class StudyFilter:
    year: int | None = None
    month: int | None = None
    form: str | None = None
    law_id: int | None = None
    text: str = ""
    staff_id: int | None = None  # sessions this person attended
    held_by: str = ""  # ISO date: only sessions held on or before it (planned ones left out)


@dataclass(frozen=True)
class Totals:
    sessions: int
    person_times: int
    hours: float

    def line(self) -> str:
        return f"共 {self.sessions} 次 · 参学 {self.person_times} 人次 · {format_hours(self.hours)} 学时"


def format_hours(hours: float | None) -> str:
    value = float(hours or 0)
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


# -- validation -------------------------------------------------------------------------------------
def check(session: Session) -> Session:
    """A cleaned copy of the session, or RuleViolation saying what to fix."""
    s = Session(**{**asdict(session), "attendees": [Attendee(**asdict(a)) for a in session.attendees]})
    try:
        date.fromisoformat(s.held_on)
    except (TypeError, ValueError):
        raise RuleViolation("请填写学习日期（例如 2026-05-16）。") from None
    s.topic = " ".join(s.topic.split())
    s.form = s.form.strip()
    if not s.topic:
        raise RuleViolation("请填写学习主题。")
    if not s.form:
        raise RuleViolation("请选择或填写学习形式。")
    enforce(LIMITS, {"topic": s.topic, "form": s.form, "lecturer": s.lecturer_name, "host": s.host,
                     "recorder": s.recorder, "location": s.location, "summary": s.summary, "hours": s.hours,
                     "outside": s.outside_count})
    for a in s.attendees:
        enforce(LIMITS, {"leave_reason": a.leave_reason})
    s.start_time = _clock(s.start_time, "开始时间")
    s.end_time = _clock(s.end_time, "结束时间")
    if s.start_time and s.end_time and s.end_time <= s.start_time:
        raise RuleViolation("结束时间应晚于开始时间。")
    if not 0 <= float(s.hours) <= 24:
        raise RuleViolation("学时应在 0 到 24 之间。")
    if int(s.outside_count) < 0:
        raise RuleViolation("外单位参加人数不能为负数。")
    seen: set[int] = set()
    for a in s.attendees:
        if a.staff_id in seen:
            raise RuleViolation("同一人员在参学名单中出现了两次，请检查。")
        seen.add(a.staff_id)
        if a.status not in (ATTENDED, ON_LEAVE):
            raise RuleViolation(f"参学状态“{a.status}”无效。")
        if a.status == ON_LEAVE:
            a.score = None
        if a.score is not None and not 0 <= float(a.score) <= 1000:
            raise RuleViolation("考试成绩应在 0 到 1000 之间。")
    if not s.is_exam:
        s.pass_mark = None
        for a in s.attendees:
            a.score = None
    s.lecturer_name = s.lecturer_name.strip()
    return s


def _clock(value: str, label: str) -> str:
    value = str(value or "").strip().replace("：", ":")
    if not value:
        return ""
    if not _TIME.match(value):
        raise RuleViolation(f"{label}“{value}”格式不对，请写成 09:30 这样的时:分。")
    return value.zfill(5)


def row_for(store: Store, s: Session, law_names: list[str] | None = None,
            counts: tuple[int, int] | None = None) -> dict:
    """The study_session row (with its kept counts and law names) for a checked session; an import that
    knows the laws' names and the (attended, on leave) counts passes them (no query, no attendee objects)."""
    names = law_catalogue.names_of(store, s.law_ids) if law_names is None else law_names
    attended, on_leave = counts if counts is not None else (sum(a.status == ATTENDED for a in s.attendees),
                                                             sum(a.status == ON_LEAVE for a in s.attendees))
    lecturer = s.lecturer_name
    if s.lecturer_staff_id is not None and not lecturer:
        lecturer = store.scalar("select name from staff where id = ?", [s.lecturer_staff_id]) or ""
    return {
        "held_on": s.held_on, "start_time": s.start_time, "end_time": s.end_time, "location": s.location.strip(),
        "form": s.form, "topic": s.topic, "lecturer_staff_id": s.lecturer_staff_id, "lecturer_name": lecturer,
        "host": s.host.strip(), "recorder": s.recorder.strip(), "hours": float(s.hours),
        "outside_count": int(s.outside_count), "summary": s.summary.strip(), "pass_mark": s.pass_mark,
        "attended_count": attended, "on_leave_count": on_leave,
        "laws_text": law_catalogue.display(names),
        "search_text": search_text(s.topic, law_catalogue.display(names), lecturer, s.location, s.form, s.host,
                                   s.recorder),
    }


def search_text(*parts: str) -> str:
    """What the list's text filter searches, in one column (unit separator between fields)."""
    return "\x1f".join(p.strip() for p in parts if p and p.strip())


# -- writing ----------------------------------------------------------------------------------------
def save(store: Store, session: Session) -> int:
    """Insert (id None) or update a session with its laws, attendees and attachments; one transaction."""
    s = check(session)
    with store.transaction():
        row = row_for(store, s)
        row["updated_at"] = store.clock.stamp()
        if s.id is None:
            row["created_at"] = row["updated_at"]
            session_id = store.insert("study_session", row, action="新增学法记录")
            before = None
        else:
            before = _children(store, s.id)
            store.update("study_session", s.id, row, action="修改学法记录")
            session_id = s.id
        write_children(store, session_id, s)
        store.audit("保存学法记录的法规、参学人员和附件", "study_session", session_id, before,
                    _children(store, session_id))
    return session_id


def write_children(store: Store, session_id: int, s: Session) -> None:
    conn = store.conn
    for table in ("study_session_law", "study_attendance", "study_session_attachment"):
        conn.execute(f"delete from {table} where session_id = ?", [session_id])
    conn.executemany("insert into study_session_law (session_id, law_id, position) values (?,?,?)",
                     [(session_id, law_id, i) for i, law_id in enumerate(dict.fromkeys(s.law_ids))])
    conn.executemany(
        "insert into study_attendance (session_id, staff_id, status, leave_reason, score) values (?,?,?,?,?)",
        [(session_id, a.staff_id, a.status, a.leave_reason.strip() if a.status == ON_LEAVE else "", a.score)
         for a in s.attendees])
    conn.executemany(
        "insert into study_session_attachment (session_id, attachment_id, position) values (?,?,?)",
        [(session_id, att, i) for i, att in enumerate(dict.fromkeys(s.attachment_ids))])


def _children(store: Store, session_id: int) -> dict:
    return {
        "laws": [r["law_id"] for r in store.query(
            "select law_id from study_session_law where session_id = ? order by position", [session_id])],
        "attendees": store.query(
            "select staff_id, status, leave_reason, score from study_attendance where session_id = ? "
            "order by staff_id", [session_id]),
        "attachments": [r["attachment_id"] for r in store.query(
            "select attachment_id from study_session_attachment where session_id = ? order by position",
            [session_id])],
    }


def delete(store: Store, session_id: int) -> int:
    """To the recycle bin, with attendance, laws and attachment links; returns the bin entry id."""
    row = store.get("study_session", session_id)
    return recycle.delete(store, "study_session", session_id, f"学法记录 {row['held_on']} {row['topic']}")


# -- reading ----------------------------------------------------------------------------------------
def get(store: Store, session_id: int) -> Session:
    row = store.get("study_session", session_id)
    children = _children(store, session_id)
    return Session(
        id=row["id"], held_on=row["held_on"], topic=row["topic"], form=row["form"],
        start_time=row["start_time"], end_time=row["end_time"], location=row["location"],
        law_ids=children["laws"], lecturer_staff_id=row["lecturer_staff_id"], lecturer_name=row["lecturer_name"],
        host=row["host"], recorder=row["recorder"], hours=row["hours"], outside_count=row["outside_count"],
        summary=row["summary"], pass_mark=row["pass_mark"],
        attendees=[Attendee(**a) for a in children["attendees"]], attachment_ids=children["attachments"],
    )


def find_duplicate(store: Store, held_on: str, topic: str, exclude_id: int | None = None) -> dict | None:
    """Another session on the same day with the same topic (the clerk is warned before saving it twice)."""
    rows = store.query(
        "select id, held_on, topic, form from study_session where held_on = ? and topic = ? and id is not ? "
        "order by id limit 1", [held_on, " ".join(str(topic).split()), exclude_id])
    return rows[0] if rows else None


# a link filter matching more sessions than this is checked row by row along the date order (EXISTS);
# fewer are looked up by id (IN) — whichever reaches the first page of rows sooner
_DENSE_LINKS = 2000


def _linked(store: Store | None, table: str, column: str, value: int, extra: str = "") -> str:
    if store is not None and store.scalar(
            f"select count(*) from (select 1 from {table} where {column} = ?{extra} limit {_DENSE_LINKS})",
            [value]) >= _DENSE_LINKS:
        return f"exists (select 1 from {table} l where l.session_id = s.id and l.{column} = ?{extra})"
    return f"s.id in (select session_id from {table} where {column} = ?{extra})"


def _where(flt: StudyFilter, store: Store | None = None) -> tuple[str, list]:
    """SQL conditions for a filter; pass `store` when the rows are wanted in order (the list page)."""
    where, params = [], []
    if flt.year:
        if flt.month:
            where.append("s.held_on >= ? and s.held_on < ?")
            nxt = (flt.year + 1, 1) if flt.month == 12 else (flt.year, flt.month + 1)
            params += [f"{flt.year:04d}-{flt.month:02d}-01", f"{nxt[0]:04d}-{nxt[1]:02d}-01"]
        else:
            where.append("s.held_on >= ? and s.held_on < ?")
            params += [f"{flt.year:04d}-01-01", f"{flt.year + 1:04d}-01-01"]
    elif flt.month:
        where.append("substr(s.held_on, 6, 2) = ?")
        params.append(f"{flt.month:02d}")
    if flt.held_by:
        where.append("s.held_on <= ?")
        params.append(flt.held_by)
    if flt.form:
        where.append("s.form = ?")
        params.append(flt.form)
    if flt.law_id:
        where.append(_linked(store, "study_session_law", "law_id", flt.law_id))
        params.append(flt.law_id)
    if flt.staff_id:
        where.append(_linked(store, "study_attendance", "staff_id", flt.staff_id, " and status = 'attended'"))
        params.append(flt.staff_id)
    for word in flt.text.split():
        where.append("instr(s.search_text, ?)")
        params.append(word)
    return (" where " + " and ".join(where)) if where else "", params


def list_page(store: Store, flt: StudyFilter | None = None, order_by: str = "held_on", descending: bool = True,
              limit: int | None = 200, offset: int = 0) -> list[dict]:
    """One page of list rows in the asked order (ties by date, time and id so pages never overlap)."""
    flt = flt or StudyFilter()
    where, params = _where(flt, store if limit is not None else None)
    sql = f"select {LIST_COLUMNS} from study_session s{where} order by {order_sql(order_by, descending, flt)}"
    if limit is not None:
        sql += " limit ? offset ?"
        params = [*params, limit, offset]
    return store.query(sql, params)


def order_sql(order_by: str, descending: bool, flt: StudyFilter) -> str:
    """The ORDER BY terms of `list_page`. Under a text filter (no index can find its rows) a column's index is
    kept out by a unary + on its key: walking it would read the sessions in random order, all of them when few
    match; the matches are sorted instead. The date's index follows the table's own order and stays in use."""
    terms = list(SORTABLE.get(order_by, BY_DATE))
    if flt.text.split() and terms[0] != BY_DATE[0]:
        terms[0] = f"+{terms[0]}"
    direction = " desc" if descending else ""
    return ", ".join(term + direction for term in terms)


def lines(store: Store, flt: StudyFilter | None = None, order_by: str = "held_on", descending: bool = True,
          limit: int = 200, offset: int = 0) -> list[SessionLine]:
    """`list_page` as typed records (the list page's rows)."""
    return [SessionLine(**row) for row in list_page(store, flt, order_by, descending, limit, offset)]


def list_sessions(store: Store, flt: StudyFilter | None = None) -> list[dict]:
    """Every matching session, oldest first (for exports)."""
    return list_page(store, flt, "held_on", False, None)


def session_ids(store: Store, flt: StudyFilter | None = None) -> Iterator[int]:
    """The ids of `list_sessions`, in its order, read as they are used (a year's Word export needs no more)."""
    flt = flt or StudyFilter()
    where, params = _where(flt)
    cursor = store.conn.execute(
        f"select s.id from study_session s{where} order by {order_sql('held_on', False, flt)}", params)
    return (row[0] for row in cursor)


def totals(store: Store, flt: StudyFilter | None = None) -> Totals:
    where, params = _where(flt or StudyFilter())
    row = store.conn.execute(
        "select count(*), coalesce(sum(s.attended_count + s.outside_count), 0), coalesce(sum(s.hours), 0) "
        f"from study_session s{where}", params).fetchone()
    return Totals(int(row[0]), int(row[1]), float(row[2]))


def years(store: Store) -> list[int]:
    """Years that have sessions, newest first (the year filter's choices)."""
    # two queries: SQLite answers min() or max() alone from the index, both together by a full scan
    first = store.scalar("select min(held_on) from study_session")
    last = store.scalar("select max(held_on) from study_session")
    if not first:
        return []
    return list(range(int(last[:4]), int(first[:4]) - 1, -1))


def forms(store: Store) -> list[str]:
    """The preset forms, then any other form the clerk has used."""
    used = [r[0] for r in store.conn.execute("select distinct form from study_session where form != ''")]
    return [*FORMS, *sorted(f for f in used if f not in FORMS)]


def attendance(store: Store, session_id: int) -> list[dict]:
    """Attendees and people on leave with their roster data, in roster order."""
    return store.query(
        "select a.staff_id, a.status, a.leave_reason, a.score, st.name, st.department, st.position, st.is_leader "
        "from study_attendance a join staff st on st.id = a.staff_id where a.session_id = ? "
        "order by (select min(id) from staff d where d.department = st.department), st.is_leader desc, st.id", [session_id])


def attachments(store: Store, session_id: int) -> list[dict]:
    return store.query(
        "select a.* from study_session_attachment l join attachment a on a.id = l.attachment_id "
        "where l.session_id = ? order by l.position", [session_id])
