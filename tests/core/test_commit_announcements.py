"""`Store.on_commit`: after each outermost commit, the tables it changed; "*" for a raw write nobody named."""
from __future__ import annotations

import pytest

from core import recycle, settings
from core.db import EVERYTHING
from core.errors import RuleViolation
from core.staff import roster


@pytest.fixture
def heard(store) -> list[frozenset[str]]:
    announced: list[frozenset[str]] = []
    store.on_commit.append(announced.append)
    return announced


def test_each_write_names_its_tables(store, heard):
    staff_id = roster.add(store, "张伟", "办公室", "科员")
    settings.put(store, "backup.keep", 3)
    recycle.delete(store, "staff", staff_id, "张伟")
    assert heard == [{"staff"}, {"settings"}, {"staff", "recycle_bin"}]
    recycle.empty(store)
    assert heard[-1] == {"recycle_bin"}


def test_nested_transactions_announce_once_after_the_outermost_commit(store, heard):
    with store.transaction():
        staff_id = roster.add(store, "张伟", "办公室", "科员")
        with store.transaction():
            settings.put(store, "backup.keep", 3)
        assert heard == []  # not before the commit
        recycle.delete(store, "staff", staff_id, "张伟")
    assert heard == [{"staff", "settings", "recycle_bin"}]


def test_a_raw_write_nobody_named_announces_everything(store, heard):
    with store.transaction():
        store.conn.execute("insert into staff (name, department, created_at) values ('李娜', '办公室', '')")
    assert heard == [{EVERYTHING}]


def test_reads_and_rollbacks_announce_nothing(store, heard):
    with store.transaction():
        store.query("select * from staff")
    with pytest.raises(RuleViolation), store.transaction():
        roster.add(store, "张伟", "办公室", "科员")
        raise RuleViolation("撤销")
    assert heard == [] and store.scalar("select count(*) from staff") == 0
    roster.add(store, "李娜", "办公室", "科员")
    assert heard == [{"staff"}]  # the rolled-back write is not carried into the next commit


def test_a_notify_outside_a_transaction_is_announced_at_once(store, heard):
    store.notify("settings")
    assert heard == [{"settings"}]


def test_reconnecting_announces_everything(store, heard):
    store.reconnect()
    assert heard == [{EVERYTHING}]
    roster.add(store, "张伟", "办公室", "科员")  # the same Store object works on
    assert heard[-1] == {"staff"}
