"""The feature manifests: what the registries read, in the order they read it."""
from __future__ import annotations

import pytest

from core import features, migrate, schema


def test_migrations_are_listed_in_the_released_order():
    """Released names and their order never change (tests/core/test_upgrades.py opens released files)."""
    assert migrate.names() == [
        "0001_base", "0100_staff", "0200_study", "0201_study_sort_indexes", "0300_rectification",
        "0301_rectification_source_index", "0400_reports", "0500_search", "0510_search_queue", "0600_exchange_uuids", "0610_district",
    ]
    assert schema.known_names() == set(migrate.names())


def test_features_are_registered_in_dependency_order_and_listed_in_navigation_order():
    assert [f.key for f in features.features()] == ["staff", "study", "rectification", "reports", "search",
                                                    "district"]
    assert [(f.key, f.label, f.table) for f in features.listed()] == [
        ("reports", "年度报告", "report"), ("study", "学法记录", "study_session"),
        ("rectification", "整改事项", "rectification"), ("staff", "人员", "staff"),
        ("district", "汇总", "district_package"),
    ]


def test_every_module_a_manifest_names_exists():
    fields = ("schema", "cli", "demo", "search", "dashboard")
    for feature in features.features():
        for field in fields:
            if getattr(feature, field):
                assert features.load(getattr(feature, field)), (feature.key, field)


def _package(tmp_path, monkeypatch, name: str, body: str) -> str:
    (tmp_path / name).mkdir()
    (tmp_path / name / "__init__.py").write_text(body, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return name


def test_a_missing_feature_package_is_skipped_but_a_broken_one_is_an_error(tmp_path, monkeypatch):
    assert list(features.present(["core.no_such_feature"])) == []
    broken = _package(tmp_path, monkeypatch, "broken_feature", "import no_such_library_anywhere\n")
    with pytest.raises(ModuleNotFoundError):
        list(features.present([broken]))
