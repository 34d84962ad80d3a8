"""Hooks for output that needs the GUI toolkit: core never imports Qt, main.py plugs the PDF writer in.

`pdf_writer(report, path, public=False)` is set by main.py to `ui.reports.pdf.write_pdf` (imported lazily),
so `export report --format pdf` works headless while `core` stays free of PySide6.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

pdf_writer: Callable[[Any, Path, bool], None] | None = None
