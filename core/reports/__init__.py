"""年度报告 (annual 法治政府建设 report): model, outline edits, storage, import, checks and output."""
from __future__ import annotations

from core.features import Feature

FEATURE = Feature(
    key="reports", label="年度报告", order=10, table="report", schema="core.reports.schema",
    cli="core.reports.cli", demo="core.reports.demo", search="core.reports.search",
    dashboard="core.reports.dashboard",
)
