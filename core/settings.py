"""Key/value settings stored in the database (due-soon days, backups kept…), with defaults."""
from __future__ import annotations

import json
from typing import Any

from core.db import Store

DEFAULTS: dict[str, Any] = {
    "rectification.due_soon_days": 7,
    "backup.keep": 10,
    "backup.last_auto": "",
    "app.first_start_done": False,
}


def get(store: Store, key: str) -> Any:
    raw = store.scalar("select value from settings where key = ?", [key])
    if raw is None:
        return DEFAULTS.get(key)
    return json.loads(raw)


def put(store: Store, key: str, value: Any) -> None:
    raw = json.dumps(value, ensure_ascii=False)
    with store.transaction():
        before = store.scalar("select value from settings where key = ?", [key])
        if before == raw:
            return
        store.conn.execute(
            "insert into settings (key, value) values (?, ?) on conflict(key) do update set value = excluded.value",
            [key, raw],
        )
        store.audit(f"修改设置 {key}", "settings", None, before, raw)
        store.notify("settings")
