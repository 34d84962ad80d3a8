"""Tables of 整改事项: items, their append-only progress log, evidence links and the yearly number counter.

`report_id` / `report_section_id` are plain columns on purpose: the report tables come from a later
migration (04xx), and an item must outlive the report that produced it.
"""
from __future__ import annotations

from core.limits import Text, declare
from core.migrate import migration


@migration("0300_rectification")
def create_rectification(db) -> None:
    # One row per year; never decremented, so a number once given is never given again (even after
    # the item is deleted and the recycle bin emptied).
    db.execute(
        """create table rectification_counter (
            year integer primary key,
            last integer not null
        )"""
    )
    db.execute(
        """create table rectification (
            id integer primary key autoincrement,
            number text not null unique,
            year integer not null,
            source text not null default '自查自纠',
            source_doc text not null default '',
            source_date text,
            problem text not null,
            goal text not null default '',
            measures text not null default '[]',
            leader text not null default '',
            department text not null default '',
            owner_staff_id integer references staff(id),
            owner_name text not null default '',
            deadline text,
            standing integer not null default 0,
            status text not null default '未启动',
            completed_on text,
            completion text not null default '',
            closed_on text,
            closed_by text not null default '',
            no_evidence_reason text not null default '',
            report_id integer,
            report_section_id integer,
            created_at text not null,
            updated_at text not null
        )"""
    )
    db.execute("create index rectification_deadline on rectification(deadline, number)")
    db.execute("create index rectification_status_deadline on rectification(status, deadline)")
    db.execute("create index rectification_year on rectification(year)")
    db.execute("create index rectification_department on rectification(department)")
    db.execute("create index rectification_owner on rectification(owner_staff_id)")
    db.execute("create index rectification_report on rectification(report_id)")
    db.execute(
        """create table rectification_log (
            id integer primary key autoincrement,
            item_id integer not null references rectification(id) on delete cascade,
            on_date text not null,
            at text not null,
            kind text not null,
            text text not null default '',
            by_whom text not null,
            from_status text,
            to_status text,
            reason text not null default ''
        )"""
    )
    db.execute("create index rectification_log_item on rectification_log(item_id, id)")
    db.execute(
        """create table rectification_evidence (
            id integer primary key autoincrement,
            item_id integer not null references rectification(id) on delete cascade,
            attachment_id integer not null references attachment(id),
            added_at text not null,
            unique (item_id, attachment_id)
        )"""
    )
    db.execute("create index rectification_evidence_attachment on rectification_evidence(attachment_id)")


@migration("0301_rectification_source_index")
def index_source(db) -> None:
    # The page lists the sources in use for its filter on every refresh.
    db.execute("create index rectification_source on rectification(source)")


# The longest text of each field of an 整改事项 (checked on import, listed in its preview).
LIMITS = declare(
    Text("number", "编号", 30), Text("problem", "问题描述", 2000), Text("source_doc", "来源文件", 200),
    Text("goal", "整改目标", 2000), Text("measures", "整改措施", 5000), Text("leader", "责任领导", 50),
    Text("department", "责任科室", 50), Text("owner", "责任人", 50), Text("progress", "整改进展", 5000),
    Text("completion", "完成情况", 2000), Text("approver", "审批人", 50), Text("no_evidence_reason", "无佐证材料原因", 2000),
)
