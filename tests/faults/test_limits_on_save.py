"""The limits the importers enforce hold for saves from the editors and the API too (nothing is stored)."""
from __future__ import annotations

import pytest

from core.errors import RuleViolation
from core.rectification import items
from core.staff import roster
from core.study import sessions
from core.study.sessions import Session

LONG = "法" * 10_000


@pytest.mark.parametrize("field", ["topic", "form", "lecturer_name", "host", "recorder", "location", "summary"])
def test_a_session_with_a_10000_character_field_is_refused(store, field):
    session = Session(**{"held_on": "2026-05-16", "topic": "学习民法典", field: LONG})
    with pytest.raises(RuleViolation, match="过长.*最多"):
        sessions.save(store, session)
    assert store.scalar("select count(*) from study_session") == 0


@pytest.mark.parametrize(("field", "value"), [("hours", 25.0), ("hours", -1.0), ("outside_count", 10**20)])
def test_a_session_number_out_of_range_is_refused(store, field, value):
    with pytest.raises(RuleViolation, match="之间"):
        sessions.save(store, Session(held_on="2026-05-16", topic="学习民法典", **{field: value}))
    assert store.scalar("select count(*) from study_session") == 0


@pytest.mark.parametrize("field", ["department", "position", "note"])
def test_a_person_with_a_10000_character_field_is_refused(store, field):
    with pytest.raises(RuleViolation, match="过长"):
        roster.add(store, "张三", **{field: LONG})
    assert store.scalar("select count(*) from staff") == 0


@pytest.mark.parametrize("field", ["goal", "leader", "department", "source_doc"])
def test_an_item_with_a_10000_character_field_is_refused(store, field):
    with pytest.raises(RuleViolation, match="过长"):
        items.create(store, {"problem": "制度未更新", field: LONG}, year=2026)
    assert store.scalar("select count(*) from rectification") == 0


def test_ten_thousand_characters_of_measures_are_refused(store):
    with pytest.raises(RuleViolation, match="整改措施"):
        items.create(store, {"problem": "制度未更新", "measures": [LONG]}, year=2026)
