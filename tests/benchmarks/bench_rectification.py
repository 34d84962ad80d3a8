"""整改事项 benchmark (issue 4) on a database of 20,000 items and 100,000 progress entries.

    .venv/bin/python tests/benchmarks/bench_rectification.py [--db PATH] [--rebuild] [--runs 7] [--json]

Measures, offscreen: opening the 整改事项 list (RectificationPage built, shown, its first rows painted;
and the core query alone), applying the 逾期 filter (ticking 只看逾期 until the rows are painted; and the
core query alone), sorting every column ascending and descending (a header sort until the re-sorted rows
are painted), and exporting all items to the Excel 整改台账 against openpyxl's write-only mode writing
the same cells (same values and styles, and plain values for reference) in the same run, interleaved.
Budgets: open ≤ 150 ms, 逾期 filter ≤ 100 ms, each column × direction sorted ≤ 100 ms, export ≤ 1.2×
openpyxl styled. `--json` adds every figure as one JSON object. Exits 1 when one is missed.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(HERE)]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import bench_db  # noqa: E402
import timing  # noqa: E402
from timing import ms_since, open_page  # noqa: E402

from core import unit  # noqa: E402
from core.db import open_store  # noqa: E402
from core.rectification import items  # noqa: E402
from core.rectification.export_xlsx import export_xlsx  # noqa: E402

DEFAULT_DB = Path(os.environ.get("TMPDIR", "/tmp")) / "lawdesk-bench-rectification.db"
BUDGETS = {"open_ms": 150.0, "overdue_ms": 100.0, "sort_ms": 100.0, "export_ratio": 1.2}
LEDGER_LAYOUT = {"merge": "A1:L1", "horizontal": "left"}  # the 整改台账's title span and cell alignment


def build(path: Path, count: int, progress: int) -> None:
    store = bench_db._fresh(path)
    try:
        unit.save(store, unit.UnitProfile(full_name="基准测试区政务服务数据管理局", short_name="基准局"))
        bench_db.build_staff(store, random.Random(2026), 120)
    finally:
        store.close()
    bench_db.build_rectification(path, items=count, progress=progress)


def measure_list(path: Path, runs: int) -> dict:
    from PySide6.QtWidgets import QApplication

    from ui.rectification.page import RectificationPage

    app = QApplication.instance() or QApplication([])
    store = open_store(path)
    today = date.today()
    core_open, core_overdue, opens, overdue = [], [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        rows = items.list_ids(store, today=today)
        items.counts(store, today=today)
        items.rows_by_id(store, rows[:200], today=today)  # the first screenful
        core_open.append(ms_since(start))
        start = time.perf_counter()
        late = items.list_ids(store, items.ItemFilter(overdue_only=True), today=today)
        items.rows_by_id(store, late[:200], today=today)
        core_overdue.append(ms_since(start))
    page = None
    for _ in range(runs):
        page, ms = open_page(app, lambda: RectificationPage(store, None), page)
        opens.append(ms)
        assert page.model.rowCount() == len(rows)
        start = time.perf_counter()
        page.overdue_check.setChecked(True)
        app.processEvents()
        page.view.viewport().repaint()
        overdue.append(ms_since(start))
        assert page.model.rowCount() == len(late)
        page.overdue_check.setChecked(False)
        app.processEvents()
    sorts = timing.sort_columns(app, page, runs, lambda key, descending: items.lines_by_id(  # every column
        store, items.list_ids(store, today=today, sort=key, descending=descending)[:200], today=today))
    page.close()
    store.close()
    return {"items": len(rows), "overdue_items": len(late),
            "page_open_ms_median": statistics.median(opens), "page_open_ms_max": max(opens),
            "page_open_ms_first": opens[0],
            "overdue_filter_ms_median": statistics.median(overdue), "overdue_filter_ms_max": max(overdue),
            "core_ids_counts_first_rows_ms_median": statistics.median(core_open),
            "core_overdue_ms_median": statistics.median(core_overdue), "sorts": sorts}


def row_fills(path: Path) -> list[str]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    ws = wb.worksheets[0]
    fills = [row[0].fill.fgColor.rgb[-6:] for row in ws.iter_rows(min_row=3)]
    wb.close()
    return fills


def measure_export(path: Path, runs: int) -> dict:
    store = open_store(path)
    tmp = Path(tempfile.mkdtemp(prefix="lawdesk-bench-rect-"))
    ours_file = tmp / "ours.xlsx"
    count = export_xlsx(store, ours_file)  # warm-up, and the cells for the baselines
    sheets = timing.sheet_cells(ours_file)
    fills = row_fills(ours_file)
    times = timing.interleaved(runs, {
        "ours": lambda: export_xlsx(store, ours_file),
        "styled": lambda: timing.openpyxl_styled(sheets, tmp / "styled.xlsx", fills=fills, **LEDGER_LAYOUT),
        "plain": lambda: timing.openpyxl_plain(sheets, tmp / "plain.xlsx"),
    })
    store.close()
    cells = sum(len(r) for _t, rows in sheets for r in rows)
    m_ours, m_styled, m_plain = (statistics.median(times[k]) for k in ("ours", "styled", "plain"))
    return {"items": count, "cells": cells, "ours_s": m_ours, "openpyxl_styled_s": m_styled,
            "openpyxl_plain_s": m_plain, "ratio_styled": m_ours / m_styled, "ratio_plain": m_ours / m_plain}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--progress", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="print every figure as one JSON object")
    args = parser.parse_args(argv)
    if args.rebuild or not args.db.exists():
        start = time.perf_counter()
        build(args.db, args.items, args.progress)
        print(f"built {args.db} in {time.perf_counter() - start:.1f} s")
    result = {"list": measure_list(args.db, args.runs), "export": measure_export(args.db, args.runs)}
    lst, export = result["list"], result["export"]
    print(f"open list page ({lst['items']:,} items): median {lst['page_open_ms_median']:.1f} ms, "
          f"max {lst['page_open_ms_max']:.1f} ms (budget {BUDGETS['open_ms']:.0f} ms); core query alone "
          f"{lst['core_ids_counts_first_rows_ms_median']:.1f} ms")
    print(f"逾期 filter ({lst['overdue_items']:,} items): median {lst['overdue_filter_ms_median']:.1f} ms "
          f"(budget {BUDGETS['overdue_ms']:.0f} ms); core query alone {lst['core_overdue_ms_median']:.1f} ms")
    for title, s in lst["sorts"].items():
        print(f"sort {title}: ascending {s['asc']:.1f} ms, descending {s['desc']:.1f} ms, max {s['max_ms']:.1f} ms "
              f"(budget {BUDGETS['sort_ms']:.0f} ms each way); its core query (ids and first 200 rows) alone "
              f"{s['core_asc']:.1f} / {s['core_desc']:.1f} ms")
    print(f"export {export['items']:,} items: {export['ours_s']:.3f} s; openpyxl styled {export['openpyxl_styled_s']:.3f} s "
          f"(ratio {export['ratio_styled']:.2f}, budget {BUDGETS['export_ratio']}), plain "
          f"{export['openpyxl_plain_s']:.3f} s (ratio {export['ratio_plain']:.2f})")
    misses = []
    if result["list"]["page_open_ms_median"] > BUDGETS["open_ms"]:
        misses.append("list open")
    if result["list"]["overdue_filter_ms_median"] > BUDGETS["overdue_ms"]:
        misses.append("逾期 filter")
    misses += [f"sort {title} {way}" for title, s in lst["sorts"].items() for way in ("asc", "desc")
               if s[way] > BUDGETS["sort_ms"]]
    if result["export"]["ratio_styled"] > BUDGETS["export_ratio"]:
        misses.append("export ratio")
    print(f"load average during the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print("budgets: " + ("all met" if not misses else "MISSED " + ", ".join(misses)))
    if args.json:
        print(json.dumps({**result, "budgets": BUDGETS, "missed": misses, "loadavg": os.getloadavg(),
                          "cpus": os.cpu_count()}, ensure_ascii=False, indent=2))
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
