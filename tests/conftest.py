"""Shared fixtures. Qt runs offscreen; set before anything imports Qt."""
from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LAWDESK_NO_AUTO_BACKUP", "1")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from core.db import open_store  # noqa: E402


@pytest.fixture
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is not beside this checkout")
    return SAMPLES


@pytest.fixture
def store(tmp_path):
    """A fresh, empty, migrated database in a temporary folder."""
    s = open_store(tmp_path / "lawdesk.db")
    yield s
    s.close()


@pytest.fixture
def demo_store(tmp_path):
    """The demo bureau (staff and every feature's demo records), dated as of 2026-11-21."""
    from core import demo

    s = open_store(tmp_path / "demo.db")
    demo.fill(s, today=date(2026, 11, 21))
    yield s
    s.close()
