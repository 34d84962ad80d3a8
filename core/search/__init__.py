"""Search everywhere: one full-text index over reports (by section), sessions, rectification items and staff.

`core.search.index` keeps the index in step with every write (it listens to the Store) and rebuilds it from
the database; `core.search.query.search` answers a query of any length, Simplified or Traditional, grouped
by kind with snippets. `core.search.rebuild(store, progress)` and `core.search.search(store, text)` are
loaded on first use: `core.schema` imports `core.search.schema` while `core.db` is still loading.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "rebuild": "core.search.index",
    "attach": "core.search.index",
    "search": "core.search.query",
    "SearchResult": "core.search.query",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'core.search' has no attribute {name!r}")
