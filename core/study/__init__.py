"""学法记录 (study sessions): sessions, the law catalogue, attendance, per-person hours, exports and import."""
from __future__ import annotations

from core.features import Feature

FEATURE = Feature(
    key="study", label="学法记录", order=20, table="study_session", schema="core.study.schema",
    cli="core.study.cli", demo="core.study.demo", search="core.study.search",
    dashboard="core.study.dashboard",
)
