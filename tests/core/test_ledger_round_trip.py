"""The ledgers the app writes import back into a fresh database with the same records: every field a clerk
keeps of a 学法记录 and of an 整改事项, whether the printed ledger shows it or a column to the right of the print
area carries it (core.ledger_xlsx `printed=False`).

学法记录 (study_session, study_attendance, study_session_law): compared are held_on, start_time, end_time,
location, form, topic, the laws (by name, in order), lecturer_name, host, recorder, hours, outside_count,
pass_mark, summary, and each attendee by name with status, leave_reason and score. Not compared, being derived
or internal: id, created_at, updated_at (the import's own stamps), lecturer_staff_id (the lecturer's name looked
up in the roster), attended_count and on_leave_count (counted from the attendance), laws_text and search_text
(made from the fields above), staff ids (people are matched by name); attachments are files, which a spreadsheet
does not carry.

整改事项 (rectification, rectification_log): compared are number, year, source, source_doc, source_date,
problem, goal, measures, leader, department, owner (by name), deadline, standing, status, completion,
completed_on, closed_on, closed_by (销号审批人), no_evidence_reason, and the progress log's texts and dates. Not
compared: id, created_at, updated_at, owner_staff_id (the owner's name looked up in the roster), report_id and
report_section_id (links to the annual report an item came from, which is not in the ledger), the status
entries of the log (the history of transitions: the import writes its own, naming the file) and the evidence
files — so an item closed on evidence comes back with 无佐证材料原因 saying its evidence stayed behind.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook

from core import ledger_xlsx
from core.db import open_store
from core.rectification import export_xlsx as rect_xlsx
from core.rectification import importer as rect_importer
from core.rectification import items
from core.rectification.rules import CLOSED, COMPLETED, IN_PROGRESS, TransitionRequest
from core.staff import roster
from core.study import export_xlsx as study_xlsx
from core.study import importer as study_importer
from core.study import laws, sessions
from core.study.sessions import EXAM_FORM, ON_LEAVE

YEAR = 2026  # the demo's year (tests/conftest.py TODAY)
SESSION_FIELDS = ("held_on", "start_time", "end_time", "location", "form", "topic", "laws", "lecturer_name", "host",
                  "recorder", "hours", "outside_count", "pass_mark", "summary", "attendees")
ITEM_FIELDS = ("number", "year", "source", "source_doc", "source_date", "problem", "goal", "measures", "leader",
               "department", "owner", "deadline", "standing", "status", "completion", "completed_on", "closed_on",
               "closed_by", "no_evidence_reason", "progress")


@pytest.fixture
def fresh(tmp_path, clock, demo_store):
    """An empty database with the demo's roster (the ledger names people; the roster says who they are)."""
    store = open_store(tmp_path / "fresh.db", clock=clock)
    for p in demo_store.query("select * from staff order by id"):
        roster.add(store, p["name"], p["department"], p["position"], bool(p["is_leader"]))
    yield store
    store.close()


def _sessions(store) -> list[dict]:
    """Every held session of the year as its record fields, people by name."""
    names = {p["id"]: p["name"] for p in store.query("select id, name from staff")}
    out = []
    for row in sessions.list_sessions(store, study_xlsx.held_filter(store, YEAR)):
        s = sessions.get(store, row["id"])
        record = {f: getattr(s, f) for f in SESSION_FIELDS if hasattr(s, f)}
        record["laws"] = tuple(laws.names_of(store, s.law_ids))
        record["attendees"] = tuple(sorted((names[a.staff_id], a.status, a.leave_reason, a.score)
                                           for a in s.attendees))
        assert set(record) == set(SESSION_FIELDS)
        out.append(record)
    return sorted(out, key=lambda r: (r["held_on"], r["topic"]))


def _edge_sessions(store) -> None:
    """Times with only a start or only an end, a summary of two lines that begins like a formula, and people
    from outside (the demo's year has none)."""
    held = sessions.list_sessions(store, study_xlsx.held_filter(store, YEAR))
    for row, change in zip(held[:3], ({"start_time": "09:00", "end_time": ""}, {"start_time": "", "end_time": "11:30"},
                                      {"summary": "=集中学习两部法规\n-随后讨论：+1 条建议", "outside_count": 3})):
        s = sessions.get(store, row["id"])
        sessions.save(store, replace(s, **change))


def test_study_ledger_round_trip(demo_store, fresh, tmp_path):
    _edge_sessions(demo_store)
    path = tmp_path / "学法台账.xlsx"
    written = study_xlsx.write_ledger(demo_store, YEAR, path)
    preview = study_importer.preview(fresh, path)
    assert not preview.rejected, preview.rejected[:3]
    assert not [w for w in preview.warnings if "花名册中没有" in w]
    study_importer.commit(fresh, preview)
    before, after = _sessions(demo_store), _sessions(fresh)
    assert len(after) == written == len(before) > 0
    for name in SESSION_FIELDS:  # every field is filled somewhere, so losing it fails the test
        assert any(s[name] not in ("", 0, None, ()) for s in before), name
    people = [p for s in before for p in s["attendees"]]
    assert any(p[1] == ON_LEAVE and p[2] for p in people) and any(p[3] is not None for p in people)
    assert any(s["start_time"] and not s["end_time"] for s in before)
    assert any(s["end_time"] and not s["start_time"] for s in before)
    assert any(s["form"] == EXAM_FORM and s["pass_mark"] for s in before)
    for old, new in zip(before, after):
        assert new == old, old["held_on"]


def _items(store) -> list[dict]:
    out = []
    for row in items.list_items(store, items.ItemFilter(year=YEAR)):
        item = items.get(store, row["id"])
        record = {f: item[f] for f in ITEM_FIELDS if f in item}
        record["measures"] = tuple(item["measures"])
        record["standing"] = bool(item["standing"])
        record["progress"] = tuple((e["on_date"], e["text"]) for e in items.log(store, row["id"])
                                   if e["kind"] == "progress")
        record["evidence"] = len(items.evidence(store, row["id"]))
        assert set(record) == {*ITEM_FIELDS, "evidence"}
        out.append(record)
    return sorted(out, key=lambda r: r["number"])


def _edge_items(store) -> None:
    """What was done starting with 完成 (the printed 完成情况 strips such a word), and a reopened item that keeps
    what was done before."""
    done = [r for r in items.list_items(store, items.ItemFilter(year=YEAR)) if r["status"] == COMPLETED]
    with store.transaction():
        store.conn.execute("update rectification set completion = ? where id = ?",
                           ["完成制度修订，已印发执行。\n第二行：长效机制", done[0]["id"]])
    items.transition(store, done[1]["id"], TransitionRequest(IN_PROGRESS, reason="复查发现问题反弹"))


def test_rectification_ledger_round_trip(demo_store, fresh, tmp_path):
    _edge_items(demo_store)
    path = tmp_path / "整改台账.xlsx"
    rect_xlsx.export_xlsx(demo_store, path, year=YEAR)
    preview = rect_importer.preview_import(fresh, path)
    assert not preview.rejected, preview.rejected[:3]
    rect_importer.commit_import(fresh, preview)
    before, after = _items(demo_store), _items(fresh)
    assert len(after) == len(before) > 0
    for name in ITEM_FIELDS:
        assert any(i[name] not in ("", None, False, ()) for i in before), name
    assert {i["status"] for i in before} == {"未启动", "整改中", "已完成", "已销号"}
    assert any(i["status"] == IN_PROGRESS and i["completion"] for i in before)  # reopened
    closed = [i for i in before if i["status"] == CLOSED]
    assert any(i["evidence"] for i in closed) and any(i["no_evidence_reason"] for i in closed)
    stayed_behind = f"从原整改台账《{path.name}》导入，佐证材料未随台账导入"
    for old, new in zip(before, after):
        expected = {**old, "evidence": 0}
        if old["status"] == CLOSED and not old["no_evidence_reason"]:
            expected["no_evidence_reason"] = stayed_behind  # closed on evidence, which the ledger does not carry
        assert new == expected, old["number"]


@pytest.mark.parametrize("export, sheet, printed", [
    (lambda store, path: study_xlsx.write_ledger(store, YEAR, path), "学法台账", 11),
    (lambda store, path: rect_xlsx.export_xlsx(store, path, year=YEAR), "整改台账", 12),
])
def test_only_the_printed_columns_are_in_the_print_area(demo_store, tmp_path, export, sheet, printed):
    path = tmp_path / f"{sheet}.xlsx"
    export(demo_store, path)
    ws = load_workbook(path)[sheet]
    header = [c.value for c in ws[2]]
    last = ws.cell(2, printed).column_letter
    assert ws.print_area == f"'{sheet}'!$A$1:${last}${ws.max_row}"
    assert f"A1:{last}1" in [str(r) for r in ws.merged_cells.ranges]  # the title over the printed part only
    widths = [ws.column_dimensions[ws.cell(2, i).column_letter].width for i in range(1, printed + 1)]
    assert ledger_xlsx.print_scale(widths) >= 0.9
    assert len(header) > printed and all(header)  # the unprinted columns follow, each with its header
    for col in range(printed + 1, len(header) + 1):  # same styles, one line: they never make a printed row taller
        cell = ws.cell(3, col)
        assert cell.border.left.style == "thin" and cell.font.name == ledger_xlsx.FONT_NAME
        assert not cell.alignment.wrap_text
        assert ws.column_dimensions[cell.column_letter].width >= len(header[col - 1]) * 2 + 2


def test_a_time_without_an_end_or_a_start_imports(store, tmp_path):
    """起止时间 as the ledger writes a session with one of its times: 「09:00」 is a start, 「-11:30」 an end."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["日期", "学习主题", "起止时间"])
    for n, text in enumerate(("09:00", "-11:30", "下午2:30", "9:00-11:30")):
        wb.active.append([date(2026, 3, n + 1), f"主题{n}", text])
    wb.save(tmp_path / "t.xlsx")
    preview = study_importer.preview(store, tmp_path / "t.xlsx")
    assert [(s.start_time, s.end_time) for s in preview.accepted] == [
        ("09:00", ""), ("", "11:30"), ("14:30", ""), ("09:00", "11:30")]
