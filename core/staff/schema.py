"""Staff table."""
from __future__ import annotations

from core.limits import Text, declare
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


# The longest text of each field of a person (checked on import, listed in its preview).
LIMITS = declare(Text("name", "姓名", 40), Text("department", "科室", 50), Text("position", "职务", 50),
                 Text("note", "备注", 500))
