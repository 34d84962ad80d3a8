"""Recycle bin (回收站): deleting a record keeps it, with everything hanging off it, until the bin is emptied.

Which rows belong to a record is read from the schema's foreign keys: rows that reference it with
ON DELETE CASCADE go with it (recursively); references with ON DELETE SET NULL are remembered and
re-linked on restore; any other reference means the record is still in use and cannot be deleted.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from core.attachments import purge_unreferenced
from core.db import Store, os_user
from core.errors import RecordNotFound, RuleViolation


@dataclass(frozen=True)
class _Reference:
    table: str
    column: str
    on_delete: str


def _references_to(store: Store, table: str) -> list[_Reference]:
    refs = []
    for (name,) in store.conn.execute("select name from sqlite_master where type='table' and name not like 'sqlite_%'"):
        for fk in store.conn.execute(f"pragma foreign_key_list([{name}])"):
            # fk: id, seq, table, from, to, on_update, on_delete, match
            if fk[2] == table and (fk[4] in (None, "id")):
                refs.append(_Reference(name, fk[3], fk[6].upper()))
    return refs


def _collect(store: Store, table: str, row: dict, relinks: list, in_use: list) -> dict:
    """The row plus its cascaded children as a tree; SET NULL links go to `relinks`."""
    children = []
    for ref in _references_to(store, table):
        rows = store.query(f"select * from [{ref.table}] where [{ref.column}] = ?", [row["id"]])
        if not rows:
            continue
        if ref.on_delete == "CASCADE":
            for child in rows:
                if "id" in child:
                    children.append(_collect(store, ref.table, child, relinks, in_use))
                else:
                    children.append({"table": ref.table, "row": child, "children": []})
        elif ref.on_delete == "SET NULL":
            relinks.extend({"table": ref.table, "column": ref.column, "key": _key(r), "value": row["id"]} for r in rows)
        else:
            in_use.append((ref.table, len(rows)))
    return {"table": table, "row": row, "children": children}


def _key(row: dict) -> dict:
    return {"id": row["id"]} if "id" in row else row


def delete(store: Store, table: str, record_id: int, label: str) -> int:
    """Move a record (and what hangs off it) to the recycle bin; returns the bin entry's id."""
    with store.transaction():
        row = store.get(table, record_id)
        relinks: list[dict] = []
        in_use: list[tuple[str, int]] = []
        tree = _collect(store, table, row, relinks, in_use)
        if in_use:
            raise RuleViolation(f"“{label}”仍被其他记录引用（{in_use[0][1]} 处），不能删除。")
        payload = json.dumps({"tree": tree, "relinks": relinks}, ensure_ascii=False, default=str)
        bin_id = store.conn.execute(
            "insert into recycle_bin (deleted_at, os_user, table_name, record_id, label, payload) values (?,?,?,?,?,?)",
            [store.clock.stamp(), os_user(), table, record_id, label, payload],
        ).lastrowid
        store.conn.execute(f"delete from [{table}] where id = ?", [record_id])
        store.audit("删除到回收站", table, record_id, row, None)
        store.notify(table, record_id, "delete")
        store.notify("recycle_bin")
    return bin_id


def _insert_tree(store: Store, node: dict) -> None:
    row = node["row"]
    cols = list(row)
    store.conn.execute(
        f"insert into [{node['table']}] ({', '.join(f'[{c}]' for c in cols)}) values ({', '.join('?' * len(cols))})",
        [row[c] for c in cols],
    )
    for child in node["children"]:
        _insert_tree(store, child)


def restore(store: Store, bin_id: int) -> tuple[str, int]:
    """Put a record back exactly as it was, with its children and links; returns (table, id)."""
    entry = entries(store, bin_id)
    payload = json.loads(entry["payload"])
    table, record_id = entry["table_name"], entry["record_id"]
    with store.transaction():
        if store.scalar(f"select count(*) from [{table}] where id = ?", [record_id]):
            raise RuleViolation(f"“{entry['label']}”已存在，无需恢复。")
        try:
            _insert_tree(store, payload["tree"])
        except Exception as exc:  # a parent it hung off is itself in the bin
            raise RuleViolation(f"无法恢复“{entry['label']}”：它所属的记录已不存在（{exc}）。请先恢复上级记录。") from exc
        for link in payload["relinks"]:
            where = " and ".join(f"[{k}] = ?" for k in link["key"])
            store.conn.execute(
                f"update [{link['table']}] set [{link['column']}] = ? where {where} and [{link['column']}] is null",
                [link["value"], *link["key"].values()],
            )
        store.conn.execute("delete from recycle_bin where id = ?", [bin_id])
        store.audit("从回收站恢复", table, record_id, None, payload["tree"]["row"])
        store.notify(table, record_id, "insert")
        store.notify("recycle_bin")
    return table, record_id


def entries(store: Store, bin_id: int | None = None):
    """All bin entries, newest first (or one entry by id)."""
    if bin_id is not None:
        rows = store.query("select * from recycle_bin where id = ?", [bin_id])
        if not rows:
            raise RecordNotFound("回收站中没有这条记录。")
        return rows[0]
    return store.query(
        "select id, deleted_at, os_user, table_name, record_id, label from recycle_bin order by id desc"
    )


def _purged(entry: dict) -> dict:
    return {"label": entry["label"], "deleted_at": entry["deleted_at"], "deleted_by": entry["os_user"],
            "payload": json.loads(entry["payload"])}


def empty(store: Store, bin_ids: list[int] | None = None) -> int:
    """Delete for good (all, or the given entries); attachment files nobody references go too."""
    with store.transaction():
        if bin_ids is None:
            purged = store.query("select * from recycle_bin order by id")
        else:
            purged = [row for i in bin_ids for row in store.query("select * from recycle_bin where id = ?", [i])]
        # One audit row per record, holding what it was: after this the bin's copy is the only one gone.
        for entry in purged:
            store.conn.execute("delete from recycle_bin where id = ?", [entry["id"]])
            store.audit("从回收站彻底删除", entry["table_name"], entry["record_id"], _purged(entry), None)
        count = len(purged)
        store.audit("清空回收站", "recycle_bin", None, {"count": count, "labels": [e["label"] for e in purged]}, None)
        store.notify("recycle_bin")
    purge_unreferenced(store)
    return count
