"""Search everywhere: one full-text index over reports (by section), study sessions, rectification items and staff.

`core.search.index` keeps the index in step with every write (it listens to the Store) and rebuilds it from
the database; `core.search.query.search` answers a query of any length, Simplified or Traditional, grouped
by kind with snippets. (Nothing is imported here: `core.schema` imports `core.search.schema` while
`core.db` is still loading.)
"""
from __future__ import annotations
