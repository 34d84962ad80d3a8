"""整改事项 API: create (numbering), edit, change status by the rules, append progress, link evidence, list.

Lists are filtered and sorted in SQL so 20,000 items open fast; "today" is always a parameter (defaulting
to the real date) so 逾期/临期 can be tested at their boundaries. The progress log is append-only: this
module offers no way to edit or delete a log entry.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from core import attachments, recycle, settings
from core.db import Store, os_user
from core.errors import RecordNotFound, RuleViolation
from core.rectification import rules
from core.rectification.rules import CLOSED, COMPLETED, IN_PROGRESS, NOT_STARTED, STATUSES, TransitionRequest

TABLE = "rectification"
EDITABLE = ("source", "source_doc", "source_date", "problem", "goal", "measures", "leader", "department",
            "owner_staff_id", "owner_name", "deadline", "standing")
REPORT_SOURCE = "年度报告自查"


@dataclass
class ItemFilter:
    status: str | None = None
    source: str | None = None
    department: str | None = None
    owner_staff_id: int | None = None
    year: int | None = None
    overdue_only: bool = False
    due_soon_only: bool = False
    text: str = ""


# -- helpers ----------------------------------------------------------------------------------------
def due_soon_days(store: Store) -> int:
    try:
        return max(0, int(settings.get(store, "rectification.due_soon_days")))
    except (TypeError, ValueError):
        return rules.DEFAULT_DUE_SOON_DAYS


def _today(store: Store, today: date | None) -> date:
    return today or store.clock.today()


def _iso(value: date | str | None, today: date) -> str:
    return (rules.to_date(value) or today).isoformat()


def next_number(store: Store, year: int) -> str:
    """The next free ZG-YYYY-NNN; the per-year counter only ever goes up, so numbers are never reused."""
    with store.transaction():
        while True:
            # fetch all rows so the RETURNING statement finishes before the next one runs
            seq = store.query(
                "insert into rectification_counter (year, last) values (?, 1) "
                "on conflict(year) do update set last = last + 1 returning last", [year])[0]["last"]
            number = rules.format_number(year, seq)
            if not store.scalar("select 1 from rectification where number = ?", [number]):
                return number


def reserve_number(store: Store, number: str) -> bool:
    """Take an existing ZG-YYYY-NNN (from an imported ledger) if free; the counter moves past it."""
    parsed = rules.parse_number(number)
    if not parsed or store.scalar("select 1 from rectification where number = ?", [number]):
        return False
    year, seq = parsed
    store.conn.execute(
        "insert into rectification_counter (year, last) values (?, ?) "
        "on conflict(year) do update set last = max(last, excluded.last)", [year, seq])
    return True


def _check_owner(store: Store, data: dict) -> None:
    owner = data.get("owner_staff_id")
    if owner in ("", 0):
        data["owner_staff_id"] = owner = None
    if owner is not None and not store.scalar("select 1 from staff where id = ?", [owner]):
        raise RuleViolation("所选责任人不在人员名单中，请在“人员”中添加后再选择。")
    if owner is not None:
        data["owner_name"] = ""  # the roster holds the name; free text only for people not on it


def _to_row(data: dict) -> dict:
    row = {k: data[k] for k in EDITABLE if k in data}
    if "measures" in row:
        row["measures"] = json.dumps(row["measures"], ensure_ascii=False)
    return row


def _append_log(store: Store, item_id: int, kind: str, text: str, on_date: str, by: str | None,
                from_status: str | None = None, to_status: str | None = None, reason: str = "") -> int:
    return store.insert("rectification_log", {
        "item_id": item_id, "on_date": on_date, "at": store.clock.stamp(), "kind": kind, "text": text,
        "by_whom": (by or "").strip() or os_user(), "from_status": from_status, "to_status": to_status,
        "reason": reason}, action="整改事项记录" if kind == "status" else "整改进展")


# -- writes -----------------------------------------------------------------------------------------
def create(store: Store, fields: dict, *, year: int | None = None, by: str | None = None,
           today: date | None = None) -> int:
    """A new item (未启动) with the next number of `year` (default this year); returns its id."""
    today = _today(store, today)
    data = rules.clean_item({"source": "自查自纠", "measures": [], **fields})
    if "problem" not in data:
        raise RuleViolation("请填写问题描述。")
    _check_owner(store, data)
    year = int(year or today.year)
    with store.transaction():
        row = _to_row(data)
        stamp = store.clock.stamp()
        row.update(number=next_number(store, year), year=year, status=NOT_STARTED, created_at=stamp,
                   updated_at=stamp)
        for key in ("report_id", "report_section_id"):
            if fields.get(key) is not None:
                row[key] = fields[key]
        item_id = store.insert(TABLE, row, action="新增整改事项")
        _append_log(store, item_id, "status", "登记整改事项", today.isoformat(), by, None, NOT_STARTED)
    return item_id


def update(store: Store, item_id: int, fields: dict) -> None:
    """Edit the item's fields (not its number or status: those follow the rules)."""
    data = rules.clean_item({k: v for k, v in fields.items() if k in EDITABLE})
    if "owner_staff_id" in data:
        _check_owner(store, data)
    row = _to_row(data)
    current = store.get(TABLE, item_id)
    changes = {k: v for k, v in row.items() if current.get(k) != v}
    if changes:
        changes["updated_at"] = store.clock.stamp()
        store.update(TABLE, item_id, changes, action="修改整改事项")


def transition(store: Store, item_id: int, request: TransitionRequest, *, by: str | None = None,
               today: date | None = None) -> dict:
    """Change the status if the rules allow (else RuleViolation saying what is missing); logs the change."""
    today = _today(store, today)
    with store.transaction():
        item = store.get(TABLE, item_id)
        changes = rules.check_transition(item, request, evidence_count(store, item_id), today)
        changes["updated_at"] = store.clock.stamp()
        store.update(TABLE, item_id, changes, action=f"整改事项改为{request.to_status}")
        text, on_date = _status_text(request, changes), (request.on_date or today).isoformat()
        _append_log(store, item_id, "status", text, on_date, by, item["status"], request.to_status,
                    request.reason.strip())
        return store.get(TABLE, item_id)


def _status_text(request: TransitionRequest, changes: dict) -> str:
    if request.to_status == COMPLETED:
        return f"整改完成：{changes['completion']}"
    if request.to_status == CLOSED:
        text = f"销号，审批人：{changes['closed_by']}"
        if changes.get("no_evidence_reason"):
            text += f"；无佐证材料的原因：{changes['no_evidence_reason']}"
        return text
    if request.reason.strip():
        return f"重新打开：{request.reason.strip()}"
    return "开始整改"


def add_progress(store: Store, item_id: int, text: str, *, on_date: date | str | None = None,
                 by: str | None = None, today: date | None = None) -> int:
    """Append a progress entry (进展) to the item's log; returns the entry id."""
    today = _today(store, today)
    text = (text or "").strip()
    if not text:
        raise RuleViolation("请填写进展内容。")
    when = rules.to_date(on_date) or today
    if when > today:
        raise RuleViolation(f"进展日期 {when.isoformat()} 晚于今天，请填写已经发生的进展。")
    with store.transaction():
        store.get(TABLE, item_id)
        entry = _append_log(store, item_id, "progress", text, when.isoformat(), by)
        store.conn.execute("update rectification set updated_at = ? where id = ?", [store.clock.stamp(), item_id])
        store.notify(TABLE, item_id, "update")
    return entry


def add_evidence(store: Store, item_id: int, path: Path | str | None = None, *, attachment_id: int | None = None,
                 name: str | None = None) -> int:
    """Attach a file (or an existing attachment) as 佐证材料; returns the attachment id."""
    store.get(TABLE, item_id)
    with store.transaction():
        if attachment_id is None:
            if path is None:
                raise RuleViolation("请选择佐证材料文件。")
            attachment_id = attachments.add_file(store, path, name)
        if store.scalar("select 1 from rectification_evidence where item_id = ? and attachment_id = ?",
                        [item_id, attachment_id]):
            return attachment_id
        store.insert("rectification_evidence", {"item_id": item_id, "attachment_id": attachment_id,
                                                "added_at": store.clock.stamp()}, action="添加佐证材料")
    return attachment_id


def remove_evidence(store: Store, item_id: int, attachment_id: int) -> None:
    """Unlink a piece of evidence; refused when it is what a 销号 rests on."""
    with store.transaction():
        item = store.get(TABLE, item_id)
        link = store.scalar("select id from rectification_evidence where item_id = ? and attachment_id = ?",
                            [item_id, attachment_id])
        if link is None:
            raise RecordNotFound("该佐证材料已不在此事项中。")
        if item["status"] == CLOSED and evidence_count(store, item_id) == 1 and not item["no_evidence_reason"]:
            raise RuleViolation("该事项已销号，这是它唯一的佐证材料，不能移除。如确需移除，请先“重新打开”事项。")
        store.delete_row("rectification_evidence", link, action="移除佐证材料")


def delete(store: Store, item_id: int) -> int:
    """Move the item (with its log and evidence links) to the recycle bin; returns the bin entry id."""
    item = store.get(TABLE, item_id)
    return recycle.delete(store, TABLE, item_id, f"整改事项 {item['number']} {item['problem'][:30]}")


def create_from_report(store: Store, report_id: int, section_id: int | None, problems: list[str], year: int,
                       source: str = REPORT_SOURCE, *, by: str | None = None, today: date | None = None,
                       shared: dict | None = None, report_year: int | None = None) -> list[int]:
    """One item per problem of a report's 存在的不足 section, numbered under `year`, linked back to the report;
    `shared` holds what every item gets (责任科室, 整改时限…). Returns the ids."""
    texts = [" ".join(str(p).split()) for p in problems if str(p).strip()]
    if not texts:
        raise RuleViolation("没有可转为整改事项的问题，请先在报告“存在的不足”部分写明问题。")
    source_doc = f"{report_year if report_year is not None else year - 1}年度法治政府建设年度报告"
    ids = []
    with store.transaction():
        for text in texts:
            ids.append(create(store, {"source_doc": source_doc, **(shared or {}), "problem": text, "source": source,
                                      "report_id": report_id, "report_section_id": section_id},
                              year=year, by=by, today=today))
    return ids


def link_report(store: Store, item_ids: list[int], report_id: int, section_id: int | None) -> None:
    """Link existing items back to the report (and its 存在的不足 section) they came from."""
    with store.transaction():
        for item_id in item_ids:
            store.update(TABLE, item_id, {"report_id": report_id, "report_section_id": section_id},
                         action="关联年度报告")


# -- reads ------------------------------------------------------------------------------------------
def evidence_count(store: Store, item_id: int) -> int:
    return store.scalar("select count(*) from rectification_evidence where item_id = ?", [item_id])


def get(store: Store, item_id: int) -> dict:
    """The item with measures as a list and the owner's name."""
    rows = store.query(
        "select r.*, coalesce(s.name, r.owner_name) as owner from rectification r "
        "left join staff s on s.id = r.owner_staff_id where r.id = ?", [item_id])
    if not rows:
        raise RecordNotFound(f"找不到整改事项 #{item_id}，它可能已被删除到回收站。")
    item = rows[0]
    item["measures"] = json.loads(item["measures"] or "[]")
    return item


def log(store: Store, item_id: int) -> list[dict]:
    """The progress log, oldest first."""
    return store.query("select * from rectification_log where item_id = ? order by id", [item_id])


def evidence(store: Store, item_id: int) -> list[dict]:
    return store.query(
        "select a.id, a.name, a.size, a.mime, e.added_at from rectification_evidence e "
        "join attachment a on a.id = e.attachment_id where e.item_id = ? order by e.id", [item_id])


def _flag_sql(today: date, days: int) -> tuple[str, str, list]:
    open_ = f"r.standing = 0 and r.deadline is not null and r.status in ('{NOT_STARTED}', '{IN_PROGRESS}')"
    overdue = f"({open_} and r.deadline < ?)"
    due_soon = f"({open_} and r.deadline between ? and ?)"
    return overdue, due_soon, [today.isoformat(), today.isoformat(), (today + timedelta(days=days)).isoformat()]


def _where(flt: ItemFilter, today: date, days: int, with_flags: bool = True) -> tuple[str, list]:
    overdue, due_soon, _ = _flag_sql(today, days)
    where, params = [], []
    for column, value in (("r.source", flt.source), ("r.department", flt.department),
                          ("r.owner_staff_id", flt.owner_staff_id), ("r.year", flt.year)):
        if value not in (None, ""):
            where.append(f"{column} = ?")
            params.append(value)
    text = flt.text.strip()
    if text:
        where.append("(r.problem like ? or r.number like ? or r.measures like ?)")
        params += [f"%{text}%"] * 3
    if with_flags:
        if flt.status:
            where.append("r.status = ?")
            params.append(flt.status)
        if flt.overdue_only:
            where.append(overdue)
            params.append(today.isoformat())
        if flt.due_soon_only:
            where.append(due_soon)
            params += [today.isoformat(), (today + timedelta(days=days)).isoformat()]
    return (" where " + " and ".join(where)) if where else "", params


LIST_COLUMNS = ("r.id, r.number, r.year, r.source, r.problem, r.leader, r.department, r.owner_staff_id, "
                "coalesce(s.name, r.owner_name) as owner, r.deadline, r.standing, r.status, r.completed_on, "
                "r.closed_on, r.report_id")


def list_items(store: Store, flt: ItemFilter | None = None, *, today: date | None = None,
               days: int | None = None, limit: int | None = None) -> list[dict]:
    """Items matching the filter, by deadline (长期坚持 and undated last), with overdue/due_soon flags;
    the first `limit` only when given (首页 shows ten)."""
    flt, today = flt or ItemFilter(), _today(store, today)
    days = due_soon_days(store) if days is None else days
    overdue, due_soon, flag_params = _flag_sql(today, days)
    where, params = _where(flt, today, days)
    sql = (f"select {LIST_COLUMNS}, {overdue} as overdue, {due_soon} as due_soon, "
           "(select l.text from rectification_log l where l.item_id = r.id and l.kind = 'progress' "
           " order by l.id desc limit 1) as last_progress "
           f"from rectification r left join staff s on s.id = r.owner_staff_id{where} "
           "order by r.deadline is null, r.deadline, length(r.number), r.number")
    if limit is not None:
        sql += f" limit {int(limit)}"
    return store.query(sql, flag_params + params)


# Sort keys a list can ask for (the page's header clicks); the number breaks ties so order is stable.
SORTS: dict[str, tuple[str, ...]] = {
    "number": ("length(r.number)", "r.number"),
    "status": ("case r.status " + " ".join(f"when '{st}' then {i}" for i, st in enumerate(STATUSES)) + " end",),
    "source": ("r.source",), "problem": ("r.problem",), "department": ("r.department",),
    "owner": ("coalesce(s.name, r.owner_name)",), "deadline": ("r.deadline is null", "r.deadline"),
    "last_progress": (("(select l.text from rectification_log l where l.item_id = r.id and l.kind = 'progress' "
                       "order by l.id desc limit 1)"),),
}


def list_ids(store: Store, flt: ItemFilter | None = None, *, today: date | None = None, days: int | None = None,
             sort: str = "deadline", descending: bool = False) -> list[int]:
    """Ids of the matching items in list order; the page shows 20,000 of them by fetching rows as they scroll
    into view (`rows_by_id`), so opening and filtering cost one narrow query."""
    flt, today = flt or ItemFilter(), _today(store, today)
    days = due_soon_days(store) if days is None else days
    if sort not in SORTS:
        raise ValueError(sort)
    where, params = _where(flt, today, days)
    direction = " desc" if descending else ""
    order = ", ".join(term + direction for term in SORTS[sort])
    join = " left join staff s on s.id = r.owner_staff_id" if sort == "owner" else ""
    sql = f"select r.id from rectification r{join}{where} order by {order}, length(r.number), r.number"
    return [row[0] for row in store.conn.execute(sql, params)]


@dataclass(frozen=True, slots=True)
class ItemLine:
    """One line of the item list (`lines_by_id`), with its 逾期/临期 flags and latest progress."""

    id: int
    number: str
    year: int
    source: str
    problem: str
    leader: str
    department: str
    owner_staff_id: int | None
    owner: str | None
    deadline: str | None
    standing: int
    status: str
    completed_on: str | None
    closed_on: str | None
    report_id: int | None
    overdue: int
    due_soon: int
    last_progress: str | None


def lines_by_id(store: Store, ids: list[int], *, today: date | None = None, days: int | None = None) -> list[ItemLine]:
    """`rows_by_id` as typed records (the list page's rows)."""
    return [ItemLine(**row) for row in rows_by_id(store, ids, today=today, days=days)]


def rows_by_id(store: Store, ids: list[int], *, today: date | None = None, days: int | None = None) -> list[dict]:
    """List rows (as `list_items` gives them) for these ids, in no particular order."""
    today = _today(store, today)
    days = due_soon_days(store) if days is None else days
    overdue, due_soon, flag_params = _flag_sql(today, days)
    out: list[dict] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        out += store.query(
            f"select {LIST_COLUMNS}, {overdue} as overdue, {due_soon} as due_soon, "
            "(select l.text from rectification_log l where l.item_id = r.id and l.kind = 'progress' "
            " order by l.id desc limit 1) as last_progress "
            f"from rectification r left join staff s on s.id = r.owner_staff_id "
            f"where r.id in ({', '.join('?' * len(chunk))})", flag_params + chunk)
    return out


def counts(store: Store, flt: ItemFilter | None = None, *, today: date | None = None,
           days: int | None = None) -> dict:
    """Totals by status plus 逾期 and 临期, over the filter's scope (its status/逾期/临期 choices aside).

    Three small queries rather than one pass of sums: each can use the (status, deadline) index.
    """
    flt, today = flt or ItemFilter(), _today(store, today)
    days = due_soon_days(store) if days is None else days
    overdue, due_soon, flag_params = _flag_sql(today, days)
    where, params = _where(flt, today, days, with_flags=False)
    joiner = " and " if where else " where "
    by_status = dict(store.conn.execute(f"select r.status, count(*) from rectification r{where} group by r.status",
                                        params).fetchall())
    out = {"total": sum(by_status.values()), **{s: by_status.get(s, 0) for s in STATUSES}}
    out["逾期"] = store.scalar(f"select count(*) from rectification r{where}{joiner}{overdue}",
                             params + flag_params[:1])
    out["临期"] = store.scalar(f"select count(*) from rectification r{where}{joiner}{due_soon}",
                             params + flag_params[1:])
    return out


def distinct_values(store: Store, column: str) -> list:
    """Values in use for a filter list (source, department, year)."""
    if column not in ("source", "department", "year"):
        raise ValueError(column)
    order = "desc" if column == "year" else "asc"
    return [r[column] for r in store.query(
        f"select distinct [{column}] from rectification where [{column}] != '' order by [{column}] {order}")]


def owners(store: Store) -> list[dict]:
    """Staff who own at least one item (for the owner filter)."""
    return store.query("select distinct s.id, s.name from rectification r join staff s on s.id = r.owner_staff_id "
                       "order by s.name")


# -- for exports ------------------------------------------------------------------------------------
def export_rows(store: Store, year: int | None = None, *, today: date | None = None) -> list[dict]:
    """Every item of `year` (all years if None) by number, with measures and its progress entries."""
    return list(iter_export_rows(store, year, today=today))


def iter_export_rows(store: Store, year: int | None = None, *, today: date | None = None) -> Iterator[dict]:
    """`export_rows` one item at a time: the items and, merged in step, their progress entries come from two
    queries in the same order, so an export holds one item's entries, not the year's."""
    today = _today(store, today)
    overdue, _, flag_params = _flag_sql(today, 0)
    where, params = ("where r.year = ?", [year]) if year else ("", [])
    order = "order by r.year, length(r.number), r.number"  # numbers are unique: one order for both queries
    cursor = store.conn.execute(
        f"select r.*, coalesce(s.name, r.owner_name) as owner, {overdue} as overdue "
        f"from rectification r left join staff s on s.id = r.owner_staff_id {where} {order}", flag_params[:1] + params)
    columns = [c[0] for c in cursor.description]
    entries = groupby(store.conn.execute(  # opened second: both read the same snapshot
        f"select l.item_id, l.on_date, l.text from rectification r join rectification_log l on l.item_id = r.id "
        f"{where} {'and' if year else 'where'} l.kind = 'progress' {order}, l.id", params), key=itemgetter(0))
    pending = next(entries, None)
    for values in cursor:
        row = dict(zip(columns, values))
        row["measures"] = json.loads(row["measures"] or "[]")
        if pending is not None and pending[0] == row["id"]:
            row["progress"] = [{"item_id": item_id, "on_date": on_date, "text": text}
                               for item_id, on_date, text in pending[1]]
            pending = next(entries, None)
        else:
            row["progress"] = []
        yield row


def summary(rows: list[dict]) -> dict:
    """The figures of a 整改情况报告 from export rows: total, by status, overdue and completion rate."""
    total = len(rows)
    by_status = {s: sum(1 for r in rows if r["status"] == s) for s in STATUSES}
    done = by_status[COMPLETED] + by_status[CLOSED]
    return {"total": total, **by_status, "done": done, "overdue": sum(1 for r in rows if r["overdue"]),
            "completion_rate": rules.completion_rate(total, done)}
