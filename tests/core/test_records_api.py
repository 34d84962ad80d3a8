"""Every feature's record API has one shape: `get / list / save / delete` with a dataclass record."""
from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from types import ModuleType

import pytest

from core.errors import RecordNotFound
from core.reports import template
from core.study.sessions import Session

FEATURES = ("study", "rectification", "staff", "reports")
API = ("get", "list", "save", "delete")


def _records(feature: str) -> ModuleType:
    return importlib.import_module(f"core.{feature}.records")


def _new_record(feature: str, store) -> object:
    rec = _records(feature)
    if feature == "study":
        return Session(held_on="2026-11-02", topic="学习宪法", hours=2)
    if feature == "rectification":
        return rec.Item(problem="制度不健全", measures=["修订制度"])
    if feature == "staff":
        return rec.StaffRecord(name="张三", department="法制科")
    return _report(store)


def _report(store):
    from core import unit
    return template.new_report(unit.load(store), 2026)


EDITS: dict[str, Callable[[object], tuple[str, object]]] = {
    "study": lambda r: ("topic", "学习民法典"),
    "rectification": lambda r: ("problem", "台账不规范"),
    "staff": lambda r: ("position", "科长"),
    "reports": lambda r: ("title", "2026年度法治政府建设情况报告"),
}


def test_the_four_modules_expose_the_same_names():
    shapes = {f: {n for n in _records(f).__all__} for f in FEATURES}
    assert len({frozenset(s) & {*API, "Record", "Line", "Filter"} for s in shapes.values()}) == 1
    for feature in FEATURES:
        module = _records(feature)
        assert all(callable(getattr(module, name)) for name in API)
        assert dataclasses.is_dataclass(module.Record) and dataclasses.is_dataclass(module.Line)


@pytest.mark.parametrize("feature", FEATURES)
def test_round_trip(store, feature):
    rec = _records(feature)
    record = _new_record(feature, store)
    assert record.id is None
    record_id = rec.save(store, record)
    loaded = rec.get(store, record_id)
    assert isinstance(loaded, rec.Record) and loaded.id == record_id

    name, value = EDITS[feature](loaded)
    setattr(loaded, name, value)
    assert rec.save(store, loaded) == record_id
    assert getattr(rec.get(store, record_id), name) == value

    listed = rec.list(store)
    assert [line.id for line in listed] == [record_id]
    assert isinstance(listed[0], rec.Line)

    rec.delete(store, record_id)
    assert rec.list(store) == []
    with pytest.raises(RecordNotFound):
        rec.get(store, record_id)
    assert store.scalar("select count(*) from recycle_bin") == 1
