"""The law catalogue (法规目录): full name, short name and aliases are one entry.

《民法典》, 《中华人民共和国民法典》 and 民法典 all resolve to the same row; the clerk can add new ones.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from core.db import Store
from core.errors import RuleViolation
from core.study.schema import LIMITS

PREFIX = "中华人民共和国"
_BRACKETED = re.compile(r"《([^《》]+)》")
_EDITION = re.compile(r"[（(][^（）()]*(修订|修正|修改|年)[^（）()]*[）)]$")


def normalize(text: str) -> str:
    """A law's name as typed → the form used to compare: no 《》, spaces or trailing edition note."""
    name = "".join(str(text or "").split()).strip("，,。、；;")
    if not name.startswith(("法治政府建设实施纲要", "《法治政府建设实施纲要")):
        name = _EDITION.sub("", name)
    return name.strip("《》〈〉<>\"“”'‘’")


def _keys(row: dict) -> set[str]:
    keys = {row["full_name"], row["short_name"], *filter(None, row["aliases"].split("|"))}
    keys |= {k[len(PREFIX):] for k in list(keys) if k.startswith(PREFIX)}
    return {normalize(k) for k in keys if k}


def catalogue(store: Store) -> list[dict]:
    """Every law, the built-in common ones first in their catalogue order, then the clerk's own."""
    return store.query("select * from study_law order by builtin desc, id")


def lookup_table(store: Store) -> dict[str, int]:
    """name variant → law id, for resolving many names (import) without a query each."""
    table: dict[str, int] = {}
    for row in catalogue(store):
        for key in _keys(row):
            table.setdefault(key, row["id"])
    return table


def resolve(store: Store, text: str, table: dict[str, int] | None = None) -> int | None:
    name = normalize(text)
    if not name:
        return None
    table = table if table is not None else lookup_table(store)
    if name in table:
        return table[name]
    if name.startswith(PREFIX):
        return table.get(name[len(PREFIX):])
    return None


def split_names(text: str) -> list[str]:
    """Law names in free text: every 《…》, or (without brackets) the pieces between 、，;."""
    text = str(text or "")
    found = _BRACKETED.findall(text)
    if found:
        return [normalize(n) for n in found if normalize(n)]
    return [normalize(n) for n in re.split(r"[、，,；;\n]+", text) if normalize(n)]


def add(store: Store, full_name: str, short_name: str = "", aliases: str = "", category: str = "") -> int:
    """Add a law to the catalogue; an existing name (full, short or alias) returns the existing entry."""
    full = normalize(full_name)
    if not full:
        raise RuleViolation("请填写法律法规的名称，例如“中华人民共和国行政复议法”。")
    if len(full) > LIMITS["laws"].max_chars:
        raise RuleViolation(f"法律法规名称过长（超过 {LIMITS['laws'].max_chars} 个字），请检查。")
    existing = resolve(store, full)
    if existing is not None:
        return existing
    short = normalize(short_name) or (full.removeprefix(PREFIX))
    return store.insert("study_law", {
        "full_name": full, "short_name": short, "aliases": aliases.strip(), "category": category.strip(),
        "builtin": 0, "created_at": store.clock.stamp(),
    }, action="新增法律法规")


def find_or_add(store: Store, text: str) -> int:
    law_id = resolve(store, text)
    return law_id if law_id is not None else add(store, text)


def ids_for(store: Store, names: Iterable[str]) -> tuple[dict[str, int], list[dict]]:
    """(name → law id, the rows added) for many names at once (an import): the ones the catalogue lacks are
    added in one statement, without an audit row each (the import's own audit row lists them)."""
    table = lookup_table(store)
    found = {name: resolve(store, name, table) for name in names}
    now = store.clock.stamp()
    added = [{"full_name": full, "short_name": full.removeprefix(PREFIX), "aliases": "", "category": "",
              "builtin": 0, "created_at": now}
             for full in dict.fromkeys(normalize(n) for n, law_id in found.items() if law_id is None)]
    if added:
        store.conn.executemany("insert into study_law (full_name, short_name, aliases, category, builtin, created_at) "
                               "values (:full_name, :short_name, :aliases, :category, :builtin, :created_at)", added)
        table = lookup_table(store)
        found = {name: law_id if law_id is not None else resolve(store, name, table) for name, law_id in found.items()}
    return found, added


def names_of(store: Store, law_ids: list[int]) -> list[str]:
    if not law_ids:
        return []
    marks = ",".join("?" * len(law_ids))
    by_id = {r["id"]: r["short_name"] or r["full_name"]
             for r in store.query(f"select id, short_name, full_name from study_law where id in ({marks})", law_ids)}
    return [by_id[i] for i in law_ids if i in by_id]


def display(short_names: list[str]) -> str:
    """《宪法》《民法典》 as the ledger shows them."""
    return "".join(f"《{n}》" for n in short_names)
