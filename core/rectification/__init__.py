"""整改事项 (rectification): items found by 督察、审计、自查… tracked through measures and progress to 销号."""
from __future__ import annotations

from core.features import Feature

FEATURE = Feature(
    key="rectification", label="整改事项", order=30, table="rectification", schema="core.rectification.schema",
    cli="core.rectification.cli", demo="core.rectification.demo", search="core.rectification.search",
    dashboard="core.rectification.dashboard",
)
