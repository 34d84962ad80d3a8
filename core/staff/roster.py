"""Add, edit, list and mark staff as left (离职). People are never hard-deleted once records use them."""
from __future__ import annotations

import itertools
import os
import unicodedata
from dataclasses import dataclass

from core.db import Store
from core.errors import RuleViolation
from core.limits import enforce
from core.staff.schema import LIMITS

EDITABLE = ("name", "department", "position", "is_leader", "note")


# Compound surnames read otherwise than their characters' common readings (pypinyin's phrase table knew them).
_COMPOUND_SURNAMES = {"尉迟": "yc", "万俟": "mq", "单于": "cy"}


def initials_of(name: str) -> str:
    """Pinyin initials used by the name search: 张三丰 → zsf; a run of other characters gives its first."""
    # Each character's first reading from pypinyin's character table only: its phrase table (44 MB and 0.4 s
    # to load) reads words, not names, and put a roster import over its memory budget.
    # pypinyin's package __init__ loads the phrase table unless told not to, before it is first imported.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    from pypinyin.pinyin_dict import pinyin_dict

    prefix = next((v for k, v in _COMPOUND_SURNAMES.items() if name.startswith(k)), "")
    out = [prefix]
    for han, run in itertools.groupby(name[len(prefix):], lambda ch: ord(ch) in pinyin_dict):
        text = "".join(run)
        out += [unicodedata.normalize("NFD", pinyin_dict[ord(ch)])[0] for ch in text] if han else [text[0]]
    return "".join(out).lower()


@dataclass
class StaffFilter:
    department: str | None = None
    active: bool | None = True  # None: everyone; False: only who has left
    text: str = ""


def _clean(fields: dict) -> dict:
    data = {k: fields[k] for k in EDITABLE if k in fields}
    if "name" in data:
        data["name"] = " ".join(str(data["name"]).split())
        if not data["name"]:
            raise RuleViolation("请填写姓名。")
        if len(data["name"]) > LIMITS["name"].max_chars:
            raise RuleViolation(f"姓名过长（超过 {LIMITS['name'].max_chars} 个字），请检查。")
        data["initials"] = initials_of(data["name"])
    for key in ("department", "position", "note"):
        if key in data:
            data[key] = str(data[key] or "").strip()
    enforce(LIMITS, data)
    if "is_leader" in data:
        data["is_leader"] = 1 if data["is_leader"] else 0
    return data


def add(store: Store, name: str, department: str = "", position: str = "", is_leader: bool = False,
        note: str = "") -> int:
    data = _clean({"name": name, "department": department, "position": position, "is_leader": is_leader,
                   "note": note})
    data.update(active=1, created_at=store.clock.stamp())
    return store.insert("staff", data, action="新增人员")


def update(store: Store, staff_id: int, **fields) -> None:
    store.update("staff", staff_id, _clean(fields), action="修改人员")


def mark_left(store: Store, staff_id: int, left_on: str) -> None:
    store.update("staff", staff_id, {"active": 0, "left_on": left_on}, action="人员离职")


def mark_active(store: Store, staff_id: int) -> None:
    store.update("staff", staff_id, {"active": 1, "left_on": None}, action="人员恢复在职")


def get(store: Store, staff_id: int) -> dict:
    return store.get("staff", staff_id)


@dataclass(frozen=True, slots=True)
class Person:
    """One person of the roster as the list page shows them (`people`)."""

    id: int
    name: str
    department: str
    position: str
    is_leader: int
    active: int
    left_on: str | None
    note: str


def people(store: Store, flt: StaffFilter | None = None) -> list[Person]:
    """`list_staff` as typed records."""
    return [Person(r["id"], r["name"], r["department"], r["position"], r["is_leader"], r["active"], r["left_on"],
                   r["note"]) for r in list_staff(store, flt)]


def list_staff(store: Store, flt: StaffFilter | None = None) -> list[dict]:
    flt = flt or StaffFilter()
    where, params = [], []
    if flt.department:
        where.append("department = ?")
        params.append(flt.department)
    if flt.active is not None:
        where.append("active = ?")
        params.append(1 if flt.active else 0)
    text = flt.text.strip()
    if text:
        where.append("(name like ? or initials like ?)")
        params += [f"%{text}%", f"{text.lower()}%"]
    sql = "select * from staff"
    if where:
        sql += " where " + " and ".join(where)
    sql += " order by active desc, department, is_leader desc, id"
    return store.query(sql, params)


def departments(store: Store) -> list[str]:
    return [r["department"] for r in store.query(
        "select department, min(id) as first from staff where department != '' group by department order by first")]


def by_name(store: Store) -> dict[str, list[dict]]:
    """Everyone on the roster by name (for matching names typed in old ledgers)."""
    out: dict[str, list[dict]] = {}
    for row in store.query("select * from staff order by active desc, id"):
        out.setdefault(row["name"], []).append(row)
    return out
