"""Tables every feature relies on: settings, unit profile, audit log, recycle bin, attachments."""
from __future__ import annotations

from core.migrate import migration


@migration("0001_base")
def create_base(db) -> None:
    db.execute(
        """create table settings (
            key text primary key,
            value text
        )"""
    )
    db.execute(
        """create table audit_log (
            id integer primary key autoincrement,
            at text not null,
            os_user text not null,
            action text not null,
            table_name text,
            record_id integer,
            before text,
            after text
        )"""
    )
    db.execute("create index audit_log_record on audit_log(table_name, record_id)")
    db.execute(
        """create table recycle_bin (
            id integer primary key autoincrement,
            deleted_at text not null,
            os_user text not null,
            table_name text not null,
            record_id integer not null,
            label text not null,
            payload text not null
        )"""
    )
    db.execute(
        """create table attachment (
            id integer primary key autoincrement,
            sha256 text not null,
            name text not null,
            size integer not null,
            mime text,
            added_at text not null
        )"""
    )
    db.execute("create index attachment_sha on attachment(sha256)")
