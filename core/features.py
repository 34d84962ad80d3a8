"""The features the app is made of, read from the `FEATURE` each `core/<feature>/__init__.py` declares.

Adding a feature is a package in core/ (and one in ui/) plus its name in FEATURE_PACKAGES; the schema, the
command line, the demo, search, navigation, the recycle bin, backups and 首页 read the manifests. A manifest
names modules as strings, loaded on first use: importing a feature package stays as light as importing this
module, so `core.schema` can read every manifest while `core.db` is still loading.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

# Registration order is the order migrations apply, commands are listed and demo records are written in.
FEATURE_PACKAGES = ("core.staff", "core.study", "core.rectification", "core.reports", "core.search", "core.district")


@dataclass(frozen=True)
class Feature:
    key: str  # the page and the feature's name in code: "study"
    label: str  # 学法记录: navigation, search results, the recycle bin, backup summaries, 首页
    order: int = 0  # place in navigation and in lists of features (0: not listed)
    table: str = ""  # the table of its records (named by `label` in the recycle bin and in backups)
    schema: str = ""  # module whose import registers its migrations (`core.migrate.migration`)
    cli: str = ""  # module with `register_cli(cli)`
    demo: str = ""  # module with `fill(store, rng, today)`: the feature's demo records
    search: str = ""  # module with `SOURCES` (core.search.sources.Source): what the search index holds
    dashboard: str = ""  # module with `figures(store, year, today)` and `years(store)` for 首页
    ui: str = ""  # the ui package declaring its page (default: ui.<key>)


_registered: dict[str, Feature] = {}  # package → its manifest, in registration order


def present(names: Iterable[str]) -> Iterator[ModuleType]:
    """Import each named module, skipping those whose feature package is not there yet."""
    for name in names:
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as exc:
            missing = exc.name or ""
            if not (name == missing or name.startswith(missing + ".")):
                raise


def register(package: str) -> Feature:
    """Add the feature `package` declares (the app's own come from FEATURE_PACKAGES; a test adds its own)."""
    features()
    if package not in _registered:
        _registered[package] = importlib.import_module(package).FEATURE
    return _registered[package]


def features() -> list[Feature]:
    """Every present feature, in registration order."""
    if not _registered:
        for module in present(FEATURE_PACKAGES):
            _registered[module.__name__] = module.FEATURE
    return list(_registered.values())


def listed() -> list[Feature]:
    """Features shown to the clerk (navigation, search groups, summaries), in their order."""
    return sorted((f for f in features() if f.order), key=lambda f: f.order)


def label(key: str) -> str:
    return next((f.label for f in features() if f.key == key), key)


def load(name: str) -> Any:
    """A module, or `module:attribute`, a manifest names (imported strictly: a present feature is whole)."""
    module, _, attribute = name.partition(":")
    loaded = importlib.import_module(module)
    return getattr(loaded, attribute) if attribute else loaded


def modules(field: str) -> list[Any]:
    """The modules every feature names in `field` ("cli", "demo", …), in registration order."""
    return [load(getattr(f, field)) for f in features() if getattr(f, field)]
