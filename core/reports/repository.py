"""Storing reports: one report row, one row per section (ids stable across saves), versions, drafts, status.

Every write is one transaction with an audit row. `save` updates sections in place, inserts new ones and
deletes removed ones, so a section keeps its database id (the search index and rectification items use it).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from core import recycle, unit
from core.db import Store, os_user
from core.errors import RecordNotFound, RuleViolation
from core.reports import model, template
from core.reports.model import Report, Section

_REPORT_FIELDS = ("year", "title", "unit", "recipient", "opening", "signature", "issued_on", "contact",
                  "status", "status_dates", "dropped", "import_findings")


def _report_row(report: Report) -> dict[str, Any]:
    return {
        "year": report.year, "title": report.title, "unit": report.unit, "recipient": report.recipient,
        "opening": _dumps(report.opening), "signature": report.signature,
        "issued_on": report.issued_on.isoformat() if report.issued_on else None, "contact": report.contact,
        "status": report.status, "status_dates": _dumps(report.status_dates), "dropped": _dumps(report.dropped),
        "import_findings": _dumps(report.import_findings),
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def label(report_row: dict) -> str:
    return report_row.get("title") or f"{report_row.get('year')}年度报告"


# -- reading ---------------------------------------------------------------------------------------
def load(store: Store, report_id: int) -> Report:
    rows = store.query("select * from report where id = ?", [report_id])
    if not rows:
        raise RecordNotFound(f"找不到年度报告 #{report_id}，它可能已被删除到回收站。")
    row = rows[0]
    report = Report(
        id=row["id"], year=row["year"], title=row["title"], unit=row["unit"], recipient=row["recipient"],
        opening=json.loads(row["opening"]), sections=[], signature=row["signature"],
        issued_on=date.fromisoformat(row["issued_on"]) if row["issued_on"] else None, contact=row["contact"],
        status=row["status"], status_dates=json.loads(row["status_dates"]), dropped=json.loads(row["dropped"]),
        import_findings=json.loads(row["import_findings"]),
    )
    report.sections = _load_sections(store, report_id)
    return report


def _load_sections(store: Store, report_id: int) -> list[Section]:
    rows = store.query(
        "select id, parent_id, level, heading, body, kind, uid from report_section where report_id = ? "
        "order by parent_id is not null, parent_id, position", [report_id])
    by_id: dict[int, Section] = {}
    top: list[Section] = []
    pending: list[tuple[int | None, Section]] = []
    for r in rows:
        section = Section(heading=r["heading"], level=r["level"], body=json.loads(r["body"]), kind=r["kind"],
                          children=[], id=r["id"], uid=r["uid"])
        by_id[r["id"]] = section
        pending.append((r["parent_id"], section))
    for parent_id, section in pending:  # rows come ordered by position within each parent
        parent = by_id.get(parent_id) if parent_id is not None else None
        (parent.children if parent else top).append(section)
    return top


@dataclass(frozen=True, slots=True)
class Listed:
    """One report of the list (`listed`)."""

    id: int
    year: int
    title: str
    unit: str
    status: str
    issued_on: str | None
    updated_at: str | None


def listed(store: Store) -> list[Listed]:
    """`list_reports` as typed records."""
    return [Listed(**row) for row in list_reports(store)]


def list_reports(store: Store) -> list[dict]:
    """id, year, title, status, updated_at (newest year first)."""
    return store.query(
        "select id, year, title, unit, status, issued_on, updated_at from report order by year desc, id desc")


# -- writing ---------------------------------------------------------------------------------------
def create_from_template(store: Store, year: int) -> int:
    """A new report for `year` from the five-part template; returns its id."""
    report = template.new_report(unit.load(store), year)
    with store.transaction():
        save(store, report, keep_version=True, note="由模板新建")
    return report.id  # type: ignore[return-value]


def import_report(store: Store, parsed: Any) -> int:
    """Store a parsed report (a `parse.ParsedReport` or a `Report`); the first version notes its source file."""
    report: Report = getattr(parsed, "report", parsed)
    source = getattr(parsed, "source", "")
    report.id = None
    for section in model.walk(report):
        section.id = None
    with store.transaction():
        save(store, report, keep_version=True, note=f"导入自 {source}" if source else "导入")
        if source:
            store.conn.execute("update report set source_file = ? where id = ?", [source, report.id])
    return report.id  # type: ignore[return-value]


def save(store: Store, report: Report, *, keep_version: bool = False, note: str = "") -> None:
    """Write the report and its sections; with keep_version also keep a snapshot (Ctrl+S)."""
    if report.status not in model.STATUSES:
        raise RuleViolation(f"报告状态“{report.status}”无效。")
    if not report.year:
        raise RuleViolation("请填写报告年度。")
    with store.transaction():
        if report.id is None:
            row = {**_report_row(report), "created_at": store.clock.stamp(), "updated_at": store.clock.stamp()}
            report.id = store.insert("report", row, action="新建年度报告")
            changed = True
        else:
            changed = _update_report_row(store, report)
        changed = _save_sections(store, report) or changed
        if changed:
            store.conn.execute("update report set updated_at = ? where id = ?", [store.clock.stamp(), report.id])
        if keep_version:
            _add_version(store, report, note)
        if store.conn.execute("delete from report_draft where report_id = ?", [report.id]).rowcount:
            store.notify("report_draft")  # no id: drafts are not searched


def _update_report_row(store: Store, report: Report) -> bool:
    current = store.get("report", report.id)  # type: ignore[arg-type]
    new = _report_row(report)
    changes = {k: v for k, v in new.items() if current.get(k) != v}
    store.update("report", report.id, changes, action="保存年度报告")  # type: ignore[arg-type]
    return bool(changes)


def _section_rows(report: Report) -> list[tuple[Section, int | None, int]]:
    """(section, parent section's position in this list or None, position among siblings), parents first."""
    out: list[tuple[Section, int | None, int]] = []

    def visit(sections: list[Section], parent_index: int | None) -> None:
        for position, section in enumerate(sections):
            out.append((section, parent_index, position))
            visit(section.children, len(out) - 1)

    visit(report.sections, None)
    return out


def _save_sections(store: Store, report: Report) -> bool:
    existing = {r["id"]: r for r in store.query(
        "select id, parent_id, position, level, heading, body, kind, uid from report_section where report_id = ?",
        [report.id])}
    rows = _section_rows(report)
    kept: set[int] = set()
    events: list[tuple[int, str]] = []
    for section, parent_index, position in rows:
        parent_id = rows[parent_index][0].id if parent_index is not None else None
        values = {"parent_id": parent_id, "position": position, "level": section.level,
                  "heading": section.heading, "body": _dumps(section.body), "kind": section.kind,
                  "uid": section.uid}
        old = existing.get(section.id) if section.id is not None else None
        if old is None:
            cols = ["report_id", *values]
            section.id = store.conn.execute(
                f"insert into report_section ({', '.join(cols)}) values ({', '.join('?' * len(cols))})",
                [report.id, *values.values()]).lastrowid
            events.append((section.id, "insert"))
        elif any(old[k] != v for k, v in values.items()):
            sets = ", ".join(f"{k} = ?" for k in values)
            store.conn.execute(f"update report_section set {sets} where id = ?", [*values.values(), section.id])
            events.append((section.id, "update"))
        kept.add(section.id)
    removed = [sid for sid in existing if sid not in kept]
    for sid in removed:
        store.conn.execute("delete from report_section where id = ?", [sid])
        events.append((sid, "delete"))
    if events:
        counts = {kind: sum(1 for _, k in events if k == kind) for kind in ("insert", "update", "delete")}
        store.audit("保存年度报告章节", "report", report.id, None,
                    {"新增章节": counts["insert"], "修改章节": counts["update"], "删除章节": counts["delete"]})
        for sid, kind in events:
            store.notify("report_section", sid, kind)
        store.notify("report", report.id, "update")  # type: ignore[arg-type]
    return bool(events)


def delete(store: Store, report_id: int) -> None:
    """To the recycle bin, with its sections, versions and draft."""
    row = store.get("report", report_id)
    recycle.delete(store, "report", report_id, label(row))


# -- versions --------------------------------------------------------------------------------------
def _add_version(store: Store, report: Report, note: str) -> int:
    version_id = store.conn.execute(
        "insert into report_version (report_id, saved_at, os_user, note, snapshot) values (?,?,?,?,?)",
        [report.id, store.clock.stamp(), os_user(), note, _dumps(model.to_dict(report))]).lastrowid
    store.audit("保留年度报告版本", "report_version", version_id, None, {"report_id": report.id, "note": note})
    store.notify("report_version", kind="insert")
    return version_id


def versions(store: Store, report_id: int) -> list[dict]:
    """id, saved_at, note, os_user — newest first."""
    return store.query(
        "select id, saved_at, note, os_user from report_version where report_id = ? order by id desc", [report_id])


def load_version(store: Store, version_id: int) -> Report:
    rows = store.query("select report_id, snapshot from report_version where id = ?", [version_id])
    if not rows:
        raise RecordNotFound("找不到这个历史版本。")
    report = model.from_dict(json.loads(rows[0]["snapshot"]))
    report.id = rows[0]["report_id"]
    return report


def restore_version(store: Store, report_id: int, version_id: int) -> None:
    """Make an old version current again (the current text is kept as a version first)."""
    old = load_version(store, version_id)
    if old.id != report_id:
        raise RuleViolation("这个版本不属于该报告。")
    current = load(store, report_id)
    saved_at = store.scalar("select saved_at from report_version where id = ?", [version_id])
    with store.transaction():
        _add_version(store, current, "恢复旧版本前的内容")
        old.status, old.status_dates = current.status, current.status_dates
        save(store, old, keep_version=True, note=f"恢复到 {saved_at} 的版本")


# -- status ----------------------------------------------------------------------------------------
def set_status(store: Store, report_id: int, status: str, on: date) -> None:
    """草稿 → 已定稿 → 已报送 → 已公开, one step at a time; back to 草稿 from any (the UI asks first)."""
    if status not in model.STATUSES:
        raise RuleViolation(f"报告状态“{status}”无效，应为：{'、'.join(model.STATUSES)}。")
    row = store.get("report", report_id)
    current = row["status"]
    if status == current:
        return
    step_ok = model.STATUSES.index(status) == model.STATUSES.index(current) + 1
    if not (step_ok or status == "草稿"):
        raise RuleViolation(f"报告状态只能依次推进（草稿→已定稿→已报送→已公开），不能从“{current}”改为“{status}”。")
    dates = json.loads(row["status_dates"])
    dates[status] = on.isoformat()
    store.update("report", report_id, {"status": status, "status_dates": _dumps(dates),
                                       "updated_at": store.clock.stamp()}, action=f"年度报告状态改为{status}")


# -- crash-recovery drafts -------------------------------------------------------------------------
def save_draft(store: Store, report: Report) -> None:
    """Keep the editor's unsaved state so it can be offered back after a crash."""
    if report.id is None:
        raise RuleViolation("报告尚未保存，无法保存草稿。")
    with store.transaction():
        store.conn.execute(
            "insert into report_draft (report_id, saved_at, snapshot) values (?,?,?) on conflict(report_id) "
            "do update set saved_at = excluded.saved_at, snapshot = excluded.snapshot",
            [report.id, store.clock.stamp(), _dumps(model.to_dict(report))])
        store.audit("自动保存年度报告草稿", "report_draft", report.id, None, None)
        store.notify("report_draft")


def pending_draft(store: Store, report_id: int) -> Report | None:
    """The unsaved editor state left by a crash, when it differs from what is saved."""
    raw = store.scalar("select snapshot from report_draft where report_id = ?", [report_id])
    if raw is None:
        return None
    draft = model.from_dict(json.loads(raw))
    draft.id = report_id
    if model.to_dict(draft) == model.to_dict(load(store, report_id)):
        return None
    return draft


def draft_saved_at(store: Store, report_id: int) -> str | None:
    """When the pending draft was autosaved (ISO time), or None."""
    return store.scalar("select saved_at from report_draft where report_id = ?", [report_id])


def discard_draft(store: Store, report_id: int) -> None:
    with store.transaction():
        if store.conn.execute("delete from report_draft where report_id = ?", [report_id]).rowcount:
            store.audit("丢弃年度报告草稿", "report_draft", report_id, None, None)
            store.notify("report_draft", kind="delete")
