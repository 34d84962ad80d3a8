"""Report storage: template, stable section ids, versions, status, drafts, recycle bin."""
from __future__ import annotations

from datetime import date

import pytest

from core import recycle, unit
from core.errors import RecordNotFound, RuleViolation
from core.reports import model, outline, repository


@pytest.fixture
def unit_store(store):
    unit.save(store, unit.UnitProfile(full_name="青山区政务服务数据管理局", short_name="区政数局",
                                      recipient="区委、区政府", contact_person="李文静", contact_phone="0791-86661234"))
    return store


def test_create_from_template(unit_store):
    report_id = repository.create_from_template(unit_store, 2025)
    report = repository.load(unit_store, report_id)
    assert report.title == "青山区政务服务数据管理局2025年度法治政府建设情况报告"
    assert report.recipient == "区委、区政府"
    assert [s.kind for s in report.sections] == list(model.KINDS)
    assert "2026年度" in report.sections[3].heading
    assert all(s.body and s.body[0].startswith("【请填写") for s in report.sections)
    assert report.contact == "（联系人：李文静，联系电话：0791-86661234）"
    assert len(repository.versions(unit_store, report_id)) == 1
    assert repository.list_reports(unit_store)[0]["title"] == report.title


def test_section_ids_stable_across_saves(unit_store):
    report_id = repository.create_from_template(unit_store, 2025)
    report = repository.load(unit_store, report_id)
    ids = [s.id for s in report.sections]
    new_uid = outline.add_section(report, report.sections[0].uid, "深入学习习近平法治思想", as_child=True)
    outline.move_down(report, report.sections[0].uid)
    outline.delete_section(report, report.sections[-1].uid)
    repository.save(unit_store, report)
    again = repository.load(unit_store, report_id)
    assert [s.id for s in again.sections] == [ids[1], ids[0], ids[2], ids[3]]
    child = again.sections[1].children[0]
    assert child.uid == new_uid and child.id is not None and child.level == 2
    assert unit_store.scalar("select count(*) from report_section where report_id = ?", [report_id]) == 5
    assert unit_store.scalar("select count(*) from report_section where id = ?", [ids[4]]) == 0


def test_unchanged_save_writes_no_audit(unit_store):
    report_id = repository.create_from_template(unit_store, 2025)
    report = repository.load(unit_store, report_id)
    before = unit_store.scalar("select count(*) from audit_log")
    repository.save(unit_store, report)
    assert unit_store.scalar("select count(*) from audit_log") == before


def test_versions_and_restore(unit_store):
    report_id = repository.create_from_template(unit_store, 2025)
    report = repository.load(unit_store, report_id)
    report.sections[4].body = ["无。"]
    repository.save(unit_store, report, keep_version=True, note="第二稿")
    report.sections[4].body = ["有一件事。"]
    repository.save(unit_store, report)
    listed = repository.versions(unit_store, report_id)
    assert [v["note"] for v in listed] == ["第二稿", "由模板新建"]
    assert repository.load_version(unit_store, listed[0]["id"]).sections[4].body == ["无。"]
    repository.restore_version(unit_store, report_id, listed[0]["id"])
    assert repository.load(unit_store, report_id).sections[4].body == ["无。"]
    assert len(repository.versions(unit_store, report_id)) == 4


def test_status_steps(unit_store):
    report_id = repository.create_from_template(unit_store, 2025)
    with pytest.raises(RuleViolation):
        repository.set_status(unit_store, report_id, "已公开", date(2026, 2, 1))
    repository.set_status(unit_store, report_id, "已定稿", date(2026, 2, 1))
    repository.set_status(unit_store, report_id, "已报送", date(2026, 2, 20))
    report = repository.load(unit_store, report_id)
    assert report.status == "已报送" and report.status_dates == {"已定稿": "2026-02-01", "已报送": "2026-02-20"}
    repository.set_status(unit_store, report_id, "草稿", date(2026, 2, 21))
    assert repository.load(unit_store, report_id).status == "草稿"


def test_draft_recovery(unit_store):
    report_id = repository.create_from_template(unit_store, 2025)
    report = repository.load(unit_store, report_id)
    assert repository.pending_draft(unit_store, report_id) is None
    report.title = "改过的标题"
    repository.save_draft(unit_store, report)
    draft = repository.pending_draft(unit_store, report_id)
    assert draft is not None and draft.title == "改过的标题"
    assert [s.uid for s in draft.sections] == [s.uid for s in report.sections]
    repository.discard_draft(unit_store, report_id)
    assert repository.pending_draft(unit_store, report_id) is None
    repository.save_draft(unit_store, report)
    repository.save(unit_store, report)
    assert repository.pending_draft(unit_store, report_id) is None


def test_delete_to_bin_and_restore(unit_store):
    report_id = repository.create_from_template(unit_store, 2025)
    report = repository.load(unit_store, report_id)
    outline.add_section(report, report.sections[0].uid, "子节", as_child=True)
    repository.save(unit_store, report, keep_version=True)
    repository.delete(unit_store, report_id)
    with pytest.raises(RecordNotFound):
        repository.load(unit_store, report_id)
    assert unit_store.scalar("select count(*) from report_section") == 0
    recycle.restore(unit_store, recycle.entries(unit_store)[0]["id"])
    again = repository.load(unit_store, report_id)
    assert model.to_dict(again) == model.to_dict(report)


def test_compare_two_saved_versions(unit_store):
    from core.reports import compare

    report_id = repository.create_from_template(unit_store, 2025)
    report = repository.load(unit_store, report_id)
    report.sections[4].body = ["无。"]
    repository.save(unit_store, report, keep_version=True, note="一稿")
    report.sections[4].body = ["无。", "另有一事。"]
    report.sections[0].body = ["全年组织学法12次。"]
    outline.move_down(report, report.sections[0].uid)
    repository.save(unit_store, report, keep_version=True, note="二稿")
    second, first = repository.versions(unit_store, report_id)[:2]
    rows = compare.compare(repository.load_version(unit_store, first["id"]),
                           repository.load_version(unit_store, second["id"]))
    changed = compare.changed_only(rows)
    assert [(r.change, r.new) for r in changed if r.new and "学法12次" in r.new] == [("changed", "全年组织学法12次。")]
    assert ("added", "另有一事。") in [(r.change, r.new) for r in changed]
    headings = [r for r in changed if r.section_uid == report.sections[1].uid and r.old and r.old.startswith("一、")]
    assert headings and headings[0].new.startswith("二、")  # renumbered by the move, matched by uid
