"""整改事项 API on a real database: numbering, transitions with the log, evidence, filters, counts, bin."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from core import recycle, settings
from core.db import os_user
from core.errors import RecordNotFound, RuleViolation
from core.rectification import items
from core.rectification.items import ItemFilter
from core.rectification.rules import CLOSED, COMPLETED, IN_PROGRESS, NOT_STARTED, TransitionRequest
from core.staff import roster

TODAY = date(2026, 11, 21)


def _new(store, problem="制度不健全", by=None, **fields):
    return items.create(store, {"problem": problem, **fields}, today=TODAY, by=by)


def test_create_assigns_numbers_never_reused(store):
    first, second = _new(store), _new(store)
    assert items.get(store, first)["number"] == "ZG-2026-001"
    assert items.get(store, second)["number"] == "ZG-2026-002"
    recycle.delete(store, "rectification", second, "x")
    recycle.empty(store)
    third = _new(store)
    assert items.get(store, third)["number"] == "ZG-2026-003"
    items.delete(store, third)
    assert items.get(store, _new(store))["number"] == "ZG-2026-004"
    other_year = items.create(store, {"problem": "p"}, year=2025, today=TODAY)
    assert items.get(store, other_year)["number"] == "ZG-2025-001"
    numbers = [r["number"] for r in store.query("select number from rectification")]
    assert len(numbers) == len(set(numbers))


def test_reserved_imported_number_moves_counter(store):
    with store.transaction():
        assert items.reserve_number(store, "ZG-2026-010")
    assert items.get(store, _new(store))["number"] == "ZG-2026-011"
    assert not items.reserve_number(store, "ZG-2026-011")  # taken
    assert not items.reserve_number(store, "整改-1")


def test_create_logs_and_validates(store):
    item_id = _new(store, measures=["修订制度", "开展培训"], deadline="2026-12-31", by="李文静")
    item = items.get(store, item_id)
    assert item["status"] == NOT_STARTED and item["measures"] == ["修订制度", "开展培训"]
    log = items.log(store, item_id)
    assert [(e["kind"], e["to_status"], e["by_whom"]) for e in log] == [("status", NOT_STARTED, "李文静")]
    with pytest.raises(RuleViolation, match="问题描述"):
        items.create(store, {"source": "审计"}, today=TODAY)
    with pytest.raises(RuleViolation, match="人员名单"):
        items.create(store, {"problem": "p", "owner_staff_id": 999}, today=TODAY)
    assert store.scalar("select count(*) from audit_log where action = '新增整改事项'") == 1


def test_full_lifecycle_with_log(store, tmp_path):
    owner = roster.add(store, "郑海涛", "政务服务科", "科长", True)
    item_id = _new(store, owner_staff_id=owner, department="政务服务科", deadline="2026-12-01")
    assert items.get(store, item_id)["owner"] == "郑海涛"
    items.transition(store, item_id, TransitionRequest(IN_PROGRESS), by="李文静", today=TODAY)
    items.add_progress(store, item_id, "已起草制度", on_date="2026-11-10", by="李文静", today=TODAY)
    items.add_progress(store, item_id, "已印发", today=TODAY, by="李文静")
    items.transition(store, item_id, TransitionRequest(COMPLETED, on_date=TODAY, completion="制度已印发"),
                     today=TODAY, by="李文静")
    with pytest.raises(RuleViolation, match="佐证材料"):
        items.transition(store, item_id, TransitionRequest(CLOSED, approver="王建国"), today=TODAY)
    evidence_file = tmp_path / "制度.pdf"
    evidence_file.write_bytes(b"%PDF-1.4 fake")
    att = items.add_evidence(store, item_id, evidence_file)
    assert [e["name"] for e in items.evidence(store, item_id)] == ["制度.pdf"]
    closed = items.transition(store, item_id, TransitionRequest(CLOSED, approver="王建国"), today=TODAY, by="李文静")
    assert closed["status"] == CLOSED and closed["closed_by"] == "王建国" and closed["closed_on"] == "2026-11-21"
    with pytest.raises(RuleViolation, match="唯一的佐证材料"):
        items.remove_evidence(store, item_id, att)
    with pytest.raises(RuleViolation, match="原因"):
        items.transition(store, item_id, TransitionRequest(IN_PROGRESS), today=TODAY)
    items.transition(store, item_id, TransitionRequest(IN_PROGRESS, reason="复查反弹"), today=TODAY, by="李文静")
    log = items.log(store, item_id)
    assert [(e["kind"], e["from_status"], e["to_status"]) for e in log] == [
        ("status", None, NOT_STARTED), ("status", NOT_STARTED, IN_PROGRESS), ("progress", None, None),
        ("progress", None, None), ("status", IN_PROGRESS, COMPLETED), ("status", COMPLETED, CLOSED),
        ("status", CLOSED, IN_PROGRESS)]
    assert log[2]["on_date"] == "2026-11-10" and log[2]["text"] == "已起草制度"
    assert log[-1]["reason"] == "复查反弹" and all(e["by_whom"] == "李文静" for e in log[1:])
    assert log[0]["by_whom"] == os_user()  # nobody named: the OS user
    assert "王建国" in log[5]["text"]
    item = items.get(store, item_id)
    assert item["status"] == IN_PROGRESS and item["closed_on"] is None
    items.remove_evidence(store, item_id, att)  # open again: evidence may go
    assert items.evidence(store, item_id) == []


def test_refused_transition_changes_nothing(store):
    item_id = _new(store)
    before = store.scalar("select count(*) from rectification_log")
    with pytest.raises(RuleViolation, match="请先“开始整改”"):
        items.transition(store, item_id, TransitionRequest(COMPLETED, on_date=TODAY, completion="x"), today=TODAY)
    assert items.get(store, item_id)["status"] == NOT_STARTED
    assert store.scalar("select count(*) from rectification_log") == before


def test_progress_rules(store):
    item_id = _new(store)
    with pytest.raises(RuleViolation, match="进展内容"):
        items.add_progress(store, item_id, "  ", today=TODAY)
    with pytest.raises(RuleViolation, match="晚于今天"):
        items.add_progress(store, item_id, "x", on_date=TODAY + timedelta(days=1), today=TODAY)
    with pytest.raises(RecordNotFound):
        items.add_progress(store, 999, "x", today=TODAY)


def _scenario(store):
    """Items around the deadline boundaries, in several states and departments."""
    a = roster.add(store, "甲", "办公室")
    b = roster.add(store, "乙", "数据资源科")
    ids = {
        "yesterday": _new(store, "p1", deadline=TODAY - timedelta(days=1), department="办公室", owner_staff_id=a),
        "today": _new(store, "p2", deadline=TODAY, department="办公室", owner_staff_id=a, source="审计"),
        "tomorrow": _new(store, "p3", deadline=TODAY + timedelta(days=1), department="数据资源科", owner_staff_id=b),
        "later": _new(store, "p4", deadline=TODAY + timedelta(days=30), department="数据资源科", source="审计"),
        "standing": _new(store, "p5", standing=True, department="办公室"),
        "done_late": _new(store, "p6", deadline=TODAY - timedelta(days=10), department="办公室"),
        "old_year": items.create(store, {"problem": "p7", "deadline": "2025-06-30"}, year=2025, today=TODAY),
    }
    items.transition(store, ids["done_late"], TransitionRequest(IN_PROGRESS), today=TODAY)
    items.transition(store, ids["done_late"], TransitionRequest(COMPLETED, on_date=TODAY, completion="完成"),
                     today=TODAY)
    return ids


def test_list_filters_and_sort(store):
    ids = _scenario(store)
    rows = items.list_items(store, today=TODAY)
    assert [r["id"] for r in rows] == [ids["old_year"], ids["done_late"], ids["yesterday"], ids["today"],
                                       ids["tomorrow"], ids["later"], ids["standing"]]
    overdue = items.list_items(store, ItemFilter(overdue_only=True), today=TODAY)
    assert {r["id"] for r in overdue} == {ids["yesterday"], ids["old_year"]}
    soon = items.list_items(store, ItemFilter(due_soon_only=True), today=TODAY)
    assert {r["id"] for r in soon} == {ids["today"], ids["tomorrow"]}
    assert {r["id"] for r in items.list_items(store, ItemFilter(year=2025), today=TODAY)} == {ids["old_year"]}
    assert {r["id"] for r in items.list_items(store, ItemFilter(source="审计"), today=TODAY)} == {
        ids["today"], ids["later"]}
    office = items.list_items(store, ItemFilter(department="办公室", status=NOT_STARTED), today=TODAY)
    assert {r["id"] for r in office} == {ids["yesterday"], ids["today"], ids["standing"]}
    owner = items.get(store, ids["tomorrow"])["owner_staff_id"]
    assert [r["id"] for r in items.list_items(store, ItemFilter(owner_staff_id=owner), today=TODAY)] == [
        ids["tomorrow"]]
    assert [r["id"] for r in items.list_items(store, ItemFilter(text="p3"), today=TODAY)] == [ids["tomorrow"]]
    flags = {r["id"]: (r["overdue"], r["due_soon"]) for r in rows}
    assert flags[ids["yesterday"]] == (1, 0) and flags[ids["today"]] == (0, 1) and flags[ids["standing"]] == (0, 0)


def test_counts_follow_scope_and_setting(store):
    _scenario(store)
    counts = items.counts(store, today=TODAY)
    assert counts == {"total": 7, NOT_STARTED: 6, IN_PROGRESS: 0, COMPLETED: 1, CLOSED: 0, "逾期": 2, "临期": 2}
    assert items.counts(store, ItemFilter(year=2026, status=COMPLETED), today=TODAY)["total"] == 6
    settings.put(store, "rectification.due_soon_days", 40)
    assert items.counts(store, today=TODAY)["临期"] == 3


def test_delete_goes_to_bin_with_log_and_evidence(store, tmp_path):
    item_id = _new(store)
    items.add_progress(store, item_id, "进展", today=TODAY)
    f = tmp_path / "a.jpg"
    f.write_bytes(b"jpg")
    items.add_evidence(store, item_id, f)
    bin_id = items.delete(store, item_id)
    assert store.scalar("select count(*) from rectification_log") == 0
    assert store.scalar("select count(*) from rectification_evidence") == 0
    recycle.restore(store, bin_id)
    assert len(items.log(store, item_id)) == 2 and len(items.evidence(store, item_id)) == 1


def test_staff_used_as_owner_cannot_be_deleted(store):
    owner = roster.add(store, "甲", "办公室")
    _new(store, owner_staff_id=owner)
    with pytest.raises(RuleViolation, match="仍被其他记录引用"):
        recycle.delete(store, "staff", owner, "甲")


def test_create_from_report(store):
    ids = items.create_from_report(store, report_id=42, section_id=7, problems=["执法监督不够有力", " ", "普法形式单一"],
                                   year=2026, today=TODAY)
    assert len(ids) == 2
    rows = [items.get(store, i) for i in ids]
    assert [r["problem"] for r in rows] == ["执法监督不够有力", "普法形式单一"]
    assert all(r["source"] == "年度报告自查" and r["report_id"] == 42 and r["report_section_id"] == 7 for r in rows)
    assert [r["number"] for r in rows] == ["ZG-2026-001", "ZG-2026-002"]
    with pytest.raises(RuleViolation, match="没有可转为整改事项的问题"):
        items.create_from_report(store, 42, None, ["  "], 2026)


def test_update_edits_fields_not_status(store):
    item_id = _new(store)
    items.update(store, item_id, {"problem": "新描述", "measures": ["一", "二"], "status": CLOSED,
                                  "standing": True})
    item = items.get(store, item_id)
    assert item["problem"] == "新描述" and item["measures"] == ["一", "二"] and item["status"] == NOT_STARTED
    assert item["standing"] == 1 and item["deadline"] is None


def test_list_ids_and_rows_by_id_agree_with_list_items(store):
    _scenario(store)
    full = items.list_items(store, today=TODAY)
    assert items.list_ids(store, today=TODAY) == [r["id"] for r in full]
    flt = ItemFilter(overdue_only=True)
    assert items.list_ids(store, flt, today=TODAY) == [r["id"] for r in items.list_items(store, flt, today=TODAY)]
    by_id = {r["id"]: r for r in items.rows_by_id(store, [r["id"] for r in full], today=TODAY)}
    assert [by_id[r["id"]] for r in full] == full
    for sort in items.SORTS:
        ids = items.list_ids(store, today=TODAY, sort=sort)
        assert sorted(ids) == sorted(r["id"] for r in full)
        assert items.list_ids(store, today=TODAY, sort=sort, descending=True) != ids or sort == "last_progress"
    numbers = [items.get(store, i)["number"] for i in items.list_ids(store, today=TODAY, sort="number")]
    assert numbers == sorted(numbers, key=lambda n: (len(n), n))
    with pytest.raises(ValueError):
        items.list_ids(store, sort="drop table")


def test_list_items_limit(store):
    ids = _scenario(store)
    first_two = items.list_items(store, today=TODAY, limit=2)
    assert [r["id"] for r in first_two] == [ids["old_year"], ids["done_late"]]
