"""Tables of 年度报告: the report, its sections as rows (so search finds a report by section), versions, drafts.

`report_section.parent_id` is a plain column, not a foreign key, on purpose: every section already hangs
off the report with ON DELETE CASCADE, and a second cascade path through parent_id would make the recycle
bin collect child sections twice (and restore them out of order). `repository.save` removes sections itself.
"""
from __future__ import annotations

from core.migrate import migration


@migration("0400_reports")
def create_reports(db) -> None:
    db.execute(
        """create table report (
            id integer primary key autoincrement,
            year integer not null,
            title text not null default '',
            unit text not null default '',
            recipient text not null default '',
            opening text not null default '[]',
            signature text not null default '',
            issued_on text,
            contact text not null default '',
            status text not null default '草稿',
            status_dates text not null default '{}',
            dropped text not null default '[]',
            import_findings text not null default '[]',
            source_file text not null default '',
            created_at text not null,
            updated_at text not null
        )"""
    )
    db.execute("create index report_year on report(year)")
    db.execute(
        """create table report_section (
            id integer primary key autoincrement,
            report_id integer not null references report(id) on delete cascade,
            parent_id integer,
            position integer not null,
            level integer not null,
            heading text not null default '',
            body text not null default '[]',
            kind text,
            uid text not null
        )"""
    )
    db.execute("create index report_section_report on report_section(report_id, parent_id, position)")
    db.execute(
        """create table report_version (
            id integer primary key autoincrement,
            report_id integer not null references report(id) on delete cascade,
            saved_at text not null,
            os_user text not null,
            note text not null default '',
            snapshot text not null
        )"""
    )
    db.execute("create index report_version_report on report_version(report_id, id)")
    db.execute(
        """create table report_draft (
            id integer primary key autoincrement,
            report_id integer not null unique references report(id) on delete cascade,
            saved_at text not null,
            snapshot text not null
        )"""
    )
