"""Load the modules of the features that exist (a feature is present when its package is)."""
from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from types import ModuleType


def present(names: Iterable[str]) -> Iterator[ModuleType]:
    """Import each named module, skipping those whose feature package is not there yet."""
    for name in names:
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as exc:
            missing = exc.name or ""
            if not (name == missing or name.startswith(missing + ".")):
                raise
