"""One received unit's records, read-only: its packages (history), report, sessions, items and people."""
from __future__ import annotations

import json
from datetime import date

from core.db import Store
from core.rectification import rules


def packages(store: Store, unit_id: int) -> list[dict]:
    """Every package received from the unit, newest first: the current ones and those they replaced."""
    return store.query(
        "select id, year, created, imported_at, file_name, fingerprint, current, replaced_at, counts "
        "from district_package where unit_id = ? order by year desc, created desc", [unit_id])


def unit(store: Store, unit_id: int) -> dict:
    return store.get("district_unit", unit_id)


def report(store: Store, package_id: int) -> dict | None:
    """The report as sent (model.to_json's outline with its status and dates), or None."""
    raw = store.scalar("select content from district_report where package_id = ?", [package_id])
    return json.loads(raw) if raw else None


def report_lines(content: dict) -> list[tuple[int, str]]:
    """(level, text) in reading order: 0 for title and plain paragraphs, 1–4 for headings."""
    lines = [(0, content["title"])] + ([(0, content["recipient"] + "：")] if content["recipient"] else [])
    lines += [(0, p) for p in content["opening"]]

    def walk(sections: list[dict]) -> None:
        for s in sections:
            lines.append((s["level"], s["number"] + s["heading"]))
            lines.extend((0, p) for p in s["body"])
            walk(s["children"])

    walk(content["sections"])
    lines += [(0, content["signature"]), (0, content["issued_on"] or "")]
    return [(level, text) for level, text in lines if text]


def sessions(store: Store, package_id: int) -> list[dict]:
    return store.query(
        "select held_on, form, topic, lecturer, hours, attended_count, on_leave_count, outside_count, laws_text, "
        "location, summary from district_session where package_id = ? order by held_on, id", [package_id])


def items(store: Store, package_id: int, today: date) -> list[dict]:
    rows = store.query(
        "select number, source, problem, department, owner, deadline, standing, status, completed_on, closed_on, "
        "measures from district_item where package_id = ? order by length(number), number", [package_id])
    for row in rows:
        row["overdue"] = rules.is_overdue(row["deadline"], bool(row["standing"]), row["status"], today)
        row["measures"] = json.loads(row["measures"])
    return rows


def staff(store: Store, package_id: int) -> list[dict]:
    return store.query(
        "select name, department, position, is_leader, active, hours, sessions, on_leave, minimum, reached "
        "from district_staff where package_id = ? order by department, is_leader desc, name", [package_id])
