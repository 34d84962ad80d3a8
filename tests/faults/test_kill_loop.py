"""A few rounds of the kill -9 loop (tests/benchmarks/kill_loop.py runs 50 per operation): real `main.py`
processes killed at random moments during import, backup and restore, then integrity, all or nothing and
no leftovers after the next start's sweep."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import kill_loop  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform == "win32" or not hasattr(os, "fork"), reason="SIGKILL")


@pytest.mark.parametrize("operation", kill_loop.OPERATIONS)
def test_kill_loop_rounds(operation, tmp_path):
    report = kill_loop.loop(iterations=2, sessions=600, import_rows=60, seed=7, work=tmp_path,
                            log=lambda *_: None, operations=(operation,))
    result = report["operations"][operation]
    assert result["problem_list"] == [] and report["ok"]
    assert result.get("killed", 0) >= 1  # runs go on until 2 were killed (at most 6)
