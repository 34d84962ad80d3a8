"""Staff roster (人员): people, departments, leaders, who has left."""
from __future__ import annotations

from core.features import Feature

FEATURE = Feature(
    key="staff", label="人员", order=40, table="staff", schema="core.staff.schema", cli="core.staff.cli",
    search="core.staff.search",
)
