"""Tables of 汇总: stable UUIDs on the unit's own records, and the received units' data kept apart.

`0600_exchange_uuids` adds a `uuid` column to the records a package carries (people, sessions, items,
reports). It is filled when a package is first made (`core.district.collect.assign_uuids`), not by a trigger:
the other features' writes stay as they are, and a record keeps the UUID it was sent under for good.

`0610_district` holds what other units sent. Nothing here is edited: a newer package of a unit and year
replaces the older one's rows, whose package row stays as history (`current = 0`, `replaced_by`). Triggers
refuse every UPDATE of received records, so no code path (or SQL tool) can quietly change what a unit
reported; corrections arrive as a newer package.
"""
from __future__ import annotations

from core.migrate import migration

OWN_TABLES = ("staff", "study_session", "rectification", "report")
RECEIVED_TABLES = ("district_staff", "district_session", "district_item", "district_report")


@migration("0600_exchange_uuids")
def add_record_uuids(db) -> None:
    # Additive only: a nullable column and a unique index (NULLs do not collide), no row rewritten.
    for table in OWN_TABLES:
        db.execute(f"alter table [{table}] add column uuid text")
        db.execute(f"create unique index [{table}_uuid] on [{table}](uuid)")


@migration("0610_district")
def create_district(db) -> None:
    db.execute(
        """create table district_unit (
            id integer primary key autoincrement,
            name text not null unique,
            short_name text not null default '',
            credit_code text not null default '',
            public_key text not null,
            fingerprint text not null,
            pinned_at text not null,
            key_history text not null default '[]'
        )"""
    )
    db.execute(
        """create table district_package (
            id integer primary key autoincrement,
            unit_id integer not null references district_unit(id),
            year integer not null,
            created text not null,
            format_version integer not null,
            app_version text not null default '',
            schema text not null default '',
            fingerprint text not null,
            sha256 text not null,
            file_name text not null default '',
            imported_at text not null,
            current integer not null default 1,
            replaced_at text,
            replaced_by integer references district_package(id),
            counts text not null default '{}'
        )"""
    )
    # one current package per unit and year; replaced ones stay as history
    db.execute("create unique index district_package_current on district_package(unit_id, year) where current = 1")
    db.execute("create index district_package_year on district_package(year, current, unit_id)")
    db.execute(
        """create table district_staff (
            package_id integer not null references district_package(id) on delete cascade,
            uuid text not null,
            name text not null,
            department text not null default '',
            position text not null default '',
            is_leader integer not null default 0,
            active integer not null default 1,
            left_on text,
            sessions integer not null default 0,
            hours real not null default 0,
            on_leave integer not null default 0,
            minimum real not null default 0,
            reached integer not null default 0,
            primary key (package_id, uuid)
        ) without rowid"""
    )
    db.execute(
        """create table district_session (
            id integer primary key autoincrement,
            package_id integer not null references district_package(id) on delete cascade,
            uuid text not null,
            held_on text not null,
            start_time text not null default '',
            end_time text not null default '',
            form text not null default '',
            topic text not null default '',
            location text not null default '',
            lecturer text not null default '',
            host text not null default '',
            recorder text not null default '',
            hours real not null default 0,
            attended_count integer not null default 0,
            on_leave_count integer not null default 0,
            outside_count integer not null default 0,
            laws_text text not null default '',
            summary text not null default '',
            attendees text not null default '[]',
            attachments text not null default '[]',
            unique (package_id, uuid)
        )"""
    )
    # covering the district view's sums: 120,000 sessions are totalled from the index alone
    db.execute("create index district_session_totals on district_session"
               "(package_id, attended_count, outside_count, hours)")
    db.execute(
        """create table district_item (
            id integer primary key autoincrement,
            package_id integer not null references district_package(id) on delete cascade,
            uuid text not null,
            number text not null default '',
            year integer not null,
            source text not null default '',
            source_doc text not null default '',
            problem text not null default '',
            goal text not null default '',
            measures text not null default '[]',
            leader text not null default '',
            department text not null default '',
            owner text not null default '',
            deadline text,
            standing integer not null default 0,
            status text not null default '',
            completed_on text,
            completion text not null default '',
            closed_on text,
            closed_by text not null default '',
            log text not null default '[]',
            evidence text not null default '[]',
            unique (package_id, uuid)
        )"""
    )
    db.execute("create index district_item_totals on district_item(package_id, status, standing, deadline)")
    db.execute(
        """create table district_report (
            id integer primary key autoincrement,
            package_id integer not null unique references district_package(id) on delete cascade,
            uuid text not null,
            year integer not null,
            title text not null default '',
            status text not null default '',
            status_dates text not null default '{}',
            issued_on text,
            content text not null default '{}'
        )"""
    )
    db.execute(
        """create table district_attachment (
            package_id integer not null references district_package(id) on delete cascade,
            attachment_id integer not null references attachment(id),
            sha256 text not null,
            primary key (package_id, sha256)
        ) without rowid"""
    )
    db.execute("create index district_attachment_attachment on district_attachment(attachment_id)")
    for table in RECEIVED_TABLES:
        db.execute(
            f"create trigger [{table}_read_only] before update on [{table}] begin "
            "select raise(abort, '其他单位报送的数据是只读的：如需更正，请对方重新导出报送包后再导入。'); end"
        )
