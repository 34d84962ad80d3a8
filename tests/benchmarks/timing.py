"""Measuring helpers the benchmarks share: medians of timed runs, interleaved comparisons, page opening,
openpyxl write-only baselines writing the same cells as our Excel exports, and a child process's peak memory.

The benchmark scripts put this folder on `sys.path`, so they `import timing`.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
Sheets = list[tuple[str, list[list]]]


# -- timing ------------------------------------------------------------------------------------------
def ms_since(start: float) -> float:
    """Milliseconds since `start` (a `time.perf_counter()` reading)."""
    return (time.perf_counter() - start) * 1000


def median_time(fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    """(median wall-clock seconds, median CPU seconds); CPU time shows the cost when the machine is busy."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def interleaved(runs: int, fns: dict[str, Callable[[], Any]]) -> dict[str, list[float]]:
    """Seconds of each run of every function, taking turns so all see the same machine state."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return times


# -- pages -------------------------------------------------------------------------------------------
def open_page(app: Any, make_page: Callable[[], Any], previous: Any = None) -> tuple[Any, float]:
    """Build a page, show it at 1280×800 and paint its first rows; returns (page, milliseconds).

    `previous`, the page of the last run, is closed first (outside the timing)."""
    if previous is not None:
        close_page(app, previous)
    start = time.perf_counter()
    page = make_page()
    page.resize(1280, 800)
    page.show()
    app.processEvents()
    page.view.viewport().repaint()  # the first rows are on screen
    return page, ms_since(start)


def close_page(app: Any, page: Any) -> None:
    page.close()
    page.deleteLater()
    app.processEvents()


def sort_columns(app: Any, page: Any, runs: int,
                 core: Callable[[Any, bool], Any] | None = None) -> dict[str, dict[str, float]]:
    """Click-sort every sortable column of a shown list page ascending then descending, `runs` rounds, each
    timed until the re-sorted rows are painted; `core(sort key, descending)`, the page's own query for that
    order, is timed right after as the reference. {column title: {"asc", "desc", "core_asc", "core_desc":
    median ms, "max_ms"}}. Every click changes the order (the same order twice would not query): checked."""
    from PySide6.QtCore import Qt

    model, view = page.model, page.view
    titles = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    times: dict[str, dict[str, list[float]]] = {
        t: {"asc": [], "desc": [], "core_asc": [], "core_desc": []} for t in titles}
    for _ in range(runs):
        for column, title in enumerate(titles):
            for direction, order in (("asc", Qt.AscendingOrder), ("desc", Qt.DescendingOrder)):
                before = (model.order_by, model.descending)
                start = time.perf_counter()
                view.sortByColumn(column, order)
                app.processEvents()
                view.viewport().repaint()  # the re-sorted first rows are on screen
                times[title][direction].append(ms_since(start))
                assert (model.order_by, model.descending) != before, f"{title} {direction}: not re-sorted"
                assert model.rowCount() == 0 or model.loaded() > 0, f"{title} {direction}: no rows read"
                if core is not None:
                    start = time.perf_counter()
                    core(model.order_by, model.descending)
                    times[title][f"core_{direction}"].append(ms_since(start))
    return {t: {**{k: statistics.median(v) for k, v in d.items() if v}, "max_ms": max(d["asc"] + d["desc"])}
            for t, d in times.items()}


# -- openpyxl baselines ------------------------------------------------------------------------------
def sheet_cells(path: Path) -> Sheets:
    """Every sheet's rows exactly as our export wrote them (read back, outside the timing)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    out = [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in wb.worksheets]
    wb.close()
    return out


def _page_setup(ws: Any, merge: str) -> None:
    ws.merged_cells.add(merge)
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"


def openpyxl_styled(sheets: Sheets, out: Path, *, merge: str, horizontal: str,
                    fills: list[str] | None = None) -> None:
    """openpyxl write-only writing the same cells with the same fonts, borders, alignment, page setup and
    (given `fills`, one colour per data row of the first sheet) row fills, each style set per cell."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    wb = Workbook(write_only=True)
    side = Side(style="thin")
    border = Border(left=side, right=side, top=side, bottom=side)
    font, bold = Font(name="宋体", size=10.5), Font(name="黑体", size=11, bold=True)
    align = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    patterns = {c: PatternFill("solid", fgColor=c) for c in set(fills or ())}
    for index, (title, rows) in enumerate(sheets):
        ws = wb.create_sheet(title)
        _page_setup(ws, merge)
        for n, row in enumerate(rows):
            fill = patterns[fills[n - 2]] if fills and index == 0 and n >= 2 else None
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value=value)
                cell.font = bold if n < 2 else font
                cell.border = border
                cell.alignment = align
                if fill is not None:
                    cell.fill = fill
                cells.append(cell)
            ws.append(cells)
    wb.save(out)


def openpyxl_shared(sheets: Sheets, out: Path, *, merge: str, horizontal: str) -> None:
    """openpyxl write-only writing the same cells, each style resolved once and shared (the fastest way
    openpyxl can write formatted cells): what is left of our time above this is our own work."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook(write_only=True)
    side = Side(style="thin")
    border = Border(left=side, right=side, top=side, bottom=side)
    align = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        _page_setup(ws, merge)
        styles = []
        for font in (Font(name="黑体", size=11, bold=True), Font(name="宋体", size=10.5)):
            template = WriteOnlyCell(ws)
            template.font, template.border, template.alignment = font, border, align
            styles.append(template._style)
        for n, row in enumerate(rows):
            style = styles[0] if n < 2 else styles[1]
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value=value)
                cell._style = style
                cells.append(cell)
            ws.append(cells)
    wb.save(out)


def openpyxl_plain(sheets: Sheets, out: Path) -> None:
    """openpyxl write-only writing the same values without any formatting (reference only)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(out)


# -- memory ------------------------------------------------------------------------------------------
def peak_memory(setup: str, work: str) -> dict:
    """Peak memory of a child process that runs `setup` then only `work` (Python source, one statement each).

    VmHWM (the child's own high-water RSS; ru_maxrss would carry the parent's peak over the exec) and
    tracemalloc's peak of Python allocations during `work` itself.
    """
    code = (
        f"import sys, json, tracemalloc; sys.path[:0] = [{str(ROOT)!r}]\n"
        f"{setup}\n"
        "def hwm():\n"
        "    return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
        "before = hwm()\ntracemalloc.start()\n"
        f"{work}\n"
        "print(json.dumps([before, hwm(), tracemalloc.get_traced_memory()[1]]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after, traced = json.loads(result.stdout.strip().splitlines()[-1])
    return {"process_peak_mb": after / 1024, "before_export_mb": before / 1024, "python_peak_mb": traced / 2**20}
