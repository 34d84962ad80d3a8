"""Three demo departments made with `demo --unit`, each packaged with `export package`, on the tests' clock.

The command line runs in this process (core.cli.main) with the store's clock pinned to TODAY, so the packages
are made as a clerk would make them, quickly, and on a date the tests control.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import core.db
from core import cli as core_cli
from core.clock import FixedClock
from tests.conftest import TODAY

UNITS = ("青山区司法局", "青山区财政局", "青山区市场监督管理局")
YEAR = TODAY.year


def run(*args: str, capsys=None, clock: FixedClock | None = None) -> tuple[int, str]:
    """`python main.py ARGS` in this process on a fixed clock; (exit code, stdout when capsys is given)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(core.db, "SYSTEM_CLOCK", clock or FixedClock(TODAY))
        if capsys is not None:
            capsys.readouterr()
        code = core_cli.main([str(a) for a in args])
        out = capsys.readouterr().out if capsys is not None else ""
    return code, out


def run_json(*args: str, capsys) -> tuple[int, dict]:
    code, out = run(*args, "--json", capsys=capsys)
    return code, json.loads(out)


@pytest.fixture(scope="session")
def departments(tmp_path_factory) -> list[tuple[Path, Path]]:
    """(source database, its package for YEAR) for each of UNITS; shared, never changed by a test."""
    folder = tmp_path_factory.mktemp("departments")
    made = []
    for i, name in enumerate(UNITS):
        db, pkg = folder / f"unit{i}.db", folder / f"unit{i}.lawdesk-pkg"
        assert run("--db", db, "demo", "--unit", name)[0] == 0
        assert run("--db", db, "export", "package", "--year", YEAR, "--out", pkg)[0] == 0
        made.append((db, pkg))
    return made


@pytest.fixture
def packages(departments, tmp_path) -> list[Path]:
    """Copies of the three packages a test may change."""
    out = []
    for _db, pkg in departments:
        out.append(tmp_path / pkg.name)
        shutil.copy(pkg, out[-1])
    return out


@pytest.fixture
def district_db(tmp_path) -> Path:
    return tmp_path / "district.db"
