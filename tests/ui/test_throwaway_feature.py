"""A feature added from a test package (tests/fixtures/notes_feature) shows up everywhere, no app file
touched.

Its checks run in a pytest process of their own: registering the feature adds its migration for the whole
process, and no other test's database may get it (xdist runs many tests in one worker).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKS = ROOT / "tests" / "fixtures" / "notes_feature" / "checks.py"


def test_a_feature_from_a_test_package_is_in_navigation_search_recycle_bin_backup_and_cli(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--basetemp={tmp_path / 'checks'}",
         str(CHECKS)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "6 passed in" in run.stdout  # none skipped
