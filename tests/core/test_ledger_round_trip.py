"""The ledgers the app writes import back into a fresh database with the same records: the 学法台账
(sessions, attendees, leave with reasons, hours, exam scores) and the 整改台账 (items with measures, log, status)."""
from __future__ import annotations

import pytest

from core.db import open_store
from core.rectification import export_xlsx as rect_xlsx
from core.rectification import importer as rect_importer
from core.rectification import items
from core.staff import roster
from core.study import export_xlsx as study_xlsx
from core.study import importer as study_importer
from core.study import laws, sessions

YEAR = 2026  # the demo's year (tests/conftest.py TODAY)


@pytest.fixture
def fresh(tmp_path, clock, demo_store):
    """An empty database with the demo's roster (the ledger names people; the roster says who they are)."""
    store = open_store(tmp_path / "fresh.db", clock=clock)
    for p in demo_store.query("select * from staff order by id"):
        roster.add(store, p["name"], p["department"], p["position"], bool(p["is_leader"]))
    yield store
    store.close()


def _sessions(store) -> list[tuple]:
    """Every held session as comparable values, people by name."""
    names = {p["id"]: p["name"] for p in store.query("select id, name from staff")}
    out = []
    for row in sessions.list_sessions(store, study_xlsx.held_filter(store, YEAR)):
        s = sessions.get(store, row["id"])
        people = sorted((names[a.staff_id], a.status, a.leave_reason, a.score) for a in s.attendees)
        out.append((s.held_on, s.topic, s.form, s.lecturer_name, s.recorder, s.hours,
                    tuple(laws.names_of(store, s.law_ids)), tuple(people)))
    return sorted(out)


def test_study_ledger_round_trip(demo_store, fresh, tmp_path):
    path = tmp_path / "学法台账.xlsx"
    written = study_xlsx.write_ledger(demo_store, YEAR, path)
    preview = study_importer.preview(fresh, path)
    assert not preview.rejected, preview.rejected[:3]
    assert not [w for w in preview.warnings if "花名册中没有" in w]
    study_importer.commit(fresh, preview)
    before, after = _sessions(demo_store), _sessions(fresh)
    assert len(after) == written
    assert any(p[1] == "on_leave" and p[2] for s in before for p in s[7])  # leave with reasons is tested
    assert any(p[3] is not None for s in before for p in s[7])  # and exam scores
    assert after == before


def _items(store) -> list[tuple]:
    out = []
    for row in items.list_items(store, items.ItemFilter(year=YEAR)):
        item = items.get(store, row["id"])
        out.append((item["number"], item["source"], item["problem"], tuple(item["measures"]), item["leader"],
                    item["department"], item["owner"], item["deadline"], bool(item["standing"]), item["status"],
                    item["completed_on"], item["closed_on"],
                    tuple(e["text"] for e in items.log(store, row["id"]) if e["kind"] == "progress")))
    return sorted(out)


def test_rectification_ledger_round_trip(demo_store, fresh, tmp_path):
    path = tmp_path / "整改台账.xlsx"
    rect_xlsx.export_xlsx(demo_store, path, year=YEAR)
    preview = rect_importer.preview_import(fresh, path)
    assert not preview.rejected, preview.rejected[:3]
    rect_importer.commit_import(fresh, preview)
    before, after = _items(demo_store), _items(fresh)
    assert len(after) == len(before) > 0
    assert {i[9] for i in before} >= {"整改中", "已完成"}
    for old, new in zip(before, after):
        assert new == old
