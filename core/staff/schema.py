"""Staff table."""
from __future__ import annotations

from core.migrate import migration


@migration("0100_staff")
def create_staff(db) -> None:
    db.execute(
        """create table staff (
            id integer primary key autoincrement,
            name text not null,
            department text not null default '',
            position text not null default '',
            is_leader integer not null default 0,
            active integer not null default 1,
            left_on text,
            initials text not null default '',
            note text not null default '',
            created_at text not null
        )"""
    )
    db.execute("create index staff_department on staff(department)")
