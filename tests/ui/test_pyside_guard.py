"""PySide6 6.12.0 drops None's refcount on every void call (DESIGN.md): the pinned version must not; and
the PySide6 installed is the one pyproject.toml pins (the Qt the suite runs on is the Qt that ships)."""
from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from PySide6.QtCore import QObject

ROOT = Path(__file__).resolve().parents[2]


def test_void_qt_calls_keep_none_refcount(qapp):
    obj = QObject()
    before = sys.getrefcount(None)
    for _i in range(10_000):
        obj.setObjectName("x")  # returns nothing
    after = sys.getrefcount(None)
    assert after >= before - 50, (before, after)


def _pinned(name: str) -> list[str]:
    """Every requirement on `name` in pyproject.toml's dependencies."""
    with open(ROOT / "pyproject.toml", "rb") as fh:
        deps = tomllib.load(fh)["project"]["dependencies"]
    return [d for d in deps if re.match(rf"{re.escape(name)}\s*[=<>!~;]", d, flags=re.IGNORECASE)]


def test_installed_pyside6_is_the_one_pinned_for_every_target():
    """The suite must run on the Qt that ships: one exact pin, for every Python and every glibc ≥ 2.28."""
    import PySide6
    from PySide6.QtCore import qVersion

    pins = _pinned("PySide6-Essentials")
    assert len(pins) == 1 and ";" not in pins[0], pins  # one line, no per-Python markers
    match = re.fullmatch(r"PySide6-Essentials\s*==\s*([\d.]+)", pins[0].strip(), flags=re.IGNORECASE)
    assert match, pins[0]
    assert PySide6.__version__ == match.group(1)
    assert qVersion() == match.group(1)
    assert not match.group(1).startswith("6.12.0")
