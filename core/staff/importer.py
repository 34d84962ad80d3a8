"""Import a staff roster (花名册) from Excel: 姓名, 科室, 职务, 是否领导干部 (+ 备注).

    preview = preview_staff(store, path)   # reads and checks; writes nothing
    ids = commit_staff(store, preview)     # every accepted row in one transaction, one audit row

Rows without a name, with an unreadable 领导干部 value, with a name too long, or naming someone already
on the roster (same name and 科室) or earlier in the same file are rejected with their Excel row number.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core import limits, tabular
from core.db import Store
from core.errors import RuleViolation
from core.staff.roster import initials_of
from core.staff.schema import LIMITS

COLUMNS = {
    "name": ("姓名", "人员姓名", "名字"),
    "department": ("科室", "部门", "处室", "股室", "单位", "所在科室", "所在部门"),
    "position": ("职务", "职位", "岗位", "职务职级"),
    "is_leader": ("是否领导干部", "领导干部", "是否领导", "领导"),
    "note": ("备注",),
}


@dataclass
class StaffRow:
    """One person the import would add, with the Excel row it came from."""
    row: int
    name: str
    department: str
    position: str
    is_leader: bool
    note: str = ""


def preview_staff(store: Store, path: str | Path) -> tabular.ImportPreview[StaffRow]:
    """Read the roster file and sort its rows into accepted and rejected; writes nothing."""
    sheet = tabular.read_rows(path)
    header = tabular.find_header(sheet, COLUMNS, required=("name",))
    preview = tabular.collect(sheet, header, _parse)
    preview.limits = limits.describe(LIMITS)
    _reject_duplicates(store, preview)
    return preview


def _parse(rec: tabular.Record) -> StaffRow:
    name = "".join(rec.line("name").split())  # "王  芳" is spaced out for alignment, not two words
    if not name:
        raise ValueError("缺少姓名")
    return StaffRow(
        row=rec.number,
        name=LIMITS["name"].check(name, rec.label("name")),
        department=rec.line("department", LIMITS["department"]),
        position=rec.line("position", LIMITS["position"]),
        is_leader=rec.flag("is_leader", default=False),
        note=rec.text("note", LIMITS["note"]),
    )


def _reject_duplicates(store: Store, preview: tabular.ImportPreview[StaffRow]) -> None:
    on_roster = _roster_keys(store)
    names_on_roster: dict[str, list[str]] = {}
    for name, department in on_roster:
        names_on_roster.setdefault(name, []).append(department or "未填科室")
    seen: dict[tuple[str, str], int] = {}
    kept: list[StaffRow] = []
    namesakes: list[str] = []
    for person in preview.accepted:
        key = (person.name, person.department)
        where = person.department or "未填科室"
        if key in on_roster:
            preview.reject(person.row, f"人员名单中已有“{person.name}”（{where}），重复")
        elif key in seen:
            preview.reject(person.row, f"与第 {seen[key]} 行重复（{person.name}，{where}）")
        else:
            seen[key] = person.row
            kept.append(person)
            if person.name in names_on_roster:
                namesakes.append(f"第 {person.row} 行“{person.name}”（{where}，名单中的在"
                                 f"{'、'.join(names_on_roster[person.name][:3])}）")
    if namesakes:
        preview.warn(f"{tabular.listing(namesakes, '人')}与名单中的同名人员不是同一科室，将作为新人员导入。")
    preview.accepted = kept
    preview.sort()


def _roster_keys(store: Store) -> set[tuple[str, str]]:
    return {(r["name"], r["department"]) for r in store.query("select name, department from staff")}


def commit_staff(store: Store, preview: tabular.ImportPreview[StaffRow]) -> list[int]:
    """Add every accepted person in ONE transaction with one audit row; returns the new ids in order."""
    now = store.clock.stamp()
    rows = [{
        "name": p.name, "department": p.department, "position": p.position, "is_leader": int(p.is_leader),
        "note": p.note, "active": 1, "initials": initials_of(p.name), "created_at": now,
    } for p in preview.accepted]
    with store.transaction():
        # The roster may have changed since the preview was read (another window, a second import).
        on_roster = _roster_keys(store)
        clash = [p for p in preview.accepted if (p.name, p.department) in on_roster]
        if clash:
            raise RuleViolation(
                f"导入前名单已有变化：{'、'.join(p.name for p in clash[:5])}已在人员名单中。请重新选择文件导入。")
        return tabular.insert_rows(store, "staff", rows, action=f"导入人员（{len(rows)} 人）", file=preview.file)


def describe(person: StaffRow) -> dict:
    return {"name": person.name, "department": person.department, "position": person.position,
            "is_leader": person.is_leader}
