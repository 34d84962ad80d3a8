"""Search everywhere: one full-text index over reports (by section), sessions, rectification items and staff.

`core.search.index` keeps the index in step with every write (it listens to the Store) and rebuilds it from
the database, taking in other programs' writes from a queue the database keeps (`catch_up`, `pending`);
`core.search.query.search` answers a query of any length, Simplified or Traditional, grouped
by kind with snippets. `core.search.rebuild(store, progress)` and `core.search.search(store, text)` are
loaded on first use: `core.schema` imports `core.search.schema` while `core.db` is still loading.
"""

from __future__ import annotations

import importlib
from typing import Any

from core.features import Feature

# Every feature's `search` module says what the index holds of it (core.search.sources.Source).
FEATURE = Feature(key="search", label="搜索", schema="core.search.schema", cli="core.search.cli")

_LAZY = {
    "rebuild": "core.search.index",
    "attach": "core.search.index",
    "catch_up": "core.search.index",
    "pending": "core.search.index",
    "search": "core.search.query",
    "SearchResult": "core.search.query",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'core.search' has no attribute {name!r}")
