"""人员学时 benchmark (issue 13): the per-person hours tab of 学法记录 with 1,000 staff.

    .venv/bin/python tests/benchmarks/bench_staff_hours.py [--db PATH] [--runs 7] [--json]

On a database of 1,000 staff and one year of 10,000 sessions with 100,000 attendance rows (built with
`bench_db.build` at PATH when it does not exist; the 100k-session study database has only 120 staff), the
store's clock standing in that year so the tab opens on it, measures offscreen with the app's look
(`ui.app.make_application`), click → rows painted:

- first open: a fresh 学法记录 page shown on its list, then a click on the 人员学时 tab;
- re-open: after switching back to the list, a second click on the tab (nothing changed meanwhile);

next to the core query alone (`core.study.people.statistics` of the year) in the same runs. Medians of
`--runs` (max printed too). Budget: both opens ≤ 150 ms. Exits 1 when missed.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(HERE)]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import bench_db  # noqa: E402
from timing import close_page, ms_since  # noqa: E402

from core.clock import FixedClock
from core.db import open_store
from core.study import people

DEFAULT_DB = Path(os.environ.get("TMPDIR") or "/tmp") / "lawdesk-bench-staff-hours.db"
STAFF, SESSIONS, ATTENDANCE = 1_000, 10_000, 100_000
BUDGET_MS = 150.0
PEOPLE_TAB = 1


def data_year(path: Path) -> int:
    with open_store(path) as store:
        return int(store.scalar("select max(substr(held_on, 1, 4)) from study_session"))


def click_tab(app, page, index: int, cpu: list[float] | None = None) -> float:
    """Click tab `index` of the page and wait until its tables are painted; milliseconds (and the UI
    thread's CPU milliseconds appended to `cpu`)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    bar = page.tabs.tabBar()
    start, start_cpu = time.perf_counter(), time.thread_time()
    QTest.mouseClick(bar, Qt.LeftButton, Qt.NoModifier, bar.tabRect(index).center())
    app.processEvents()
    if index == PEOPLE_TAB:
        for view in (page.leaders_view, page.people_view):
            view.viewport().repaint()  # the rows are on screen
    else:
        page.view.viewport().repaint()
    if cpu is not None:
        cpu.append((time.thread_time() - start_cpu) * 1000)
    return ms_since(start)


def measure(path: Path, runs: int) -> dict:
    from ui.app import make_application
    from ui.study.page import StudyPage

    app = make_application([sys.argv[0]])  # the app's own: Chinese Qt, Fusion, palette and style sheet
    year = data_year(path)
    store = open_store(path, clock=FixedClock(date(year, 12, 20)))  # the tab opens on the benchmark's year
    first, again, core, first_cpu, again_cpu, core_cpu = [], [], [], [], [], []
    rows = 0
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.thread_time()
        rows = len(people.statistics(store, year))
        core.append(ms_since(start))
        core_cpu.append((time.thread_time() - start_cpu) * 1000)
        page = StudyPage(store, None)
        page.resize(1280, 800)
        page.show()
        app.processEvents()
        page.view.viewport().repaint()
        first.append(click_tab(app, page, PEOPLE_TAB, first_cpu))
        assert page.people_model.rowCount() + page.leaders_model.rowCount() == rows
        click_tab(app, page, 0)
        again.append(click_tab(app, page, PEOPLE_TAB, again_cpu))
        close_page(app, page)
    store.close()
    return {
        "year": year, "people_rows": rows,
        "first_open_ms": statistics.median(first), "first_open_max_ms": max(first),
        "reopen_ms": statistics.median(again), "reopen_max_ms": max(again),
        "core_ms": statistics.median(core), "core_max_ms": max(core),
        "cpu_ms": {"first_open": statistics.median(first_cpu), "reopen": statistics.median(again_cpu),
                   "core": statistics.median(core_cpu)},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if not args.db.exists():
        print(f"building {args.db} …", file=sys.stderr, flush=True)
        bench_db.build(args.db, sessions=SESSIONS, attendance=ATTENDANCE, staff=STAFF, years=1)
    with open_store(args.db) as store:
        counts = {t: store.scalar(f"select count(*) from {t}") for t in ("staff", "study_session", "study_attendance")}
    figures = measure(args.db, args.runs)
    ok = figures["first_open_ms"] <= BUDGET_MS and figures["reopen_ms"] <= BUDGET_MS
    if args.json:
        print(json.dumps({"db": str(args.db), "runs": args.runs, "records": counts, **figures,
                          "budget_ms": BUDGET_MS, "ok": ok, "loadavg": os.getloadavg()}, ensure_ascii=False))
    else:
        print("records:", ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        print(f"人员学时 {figures['year']}年, {figures['people_rows']} people, median of {args.runs} "
              f"(core query alone: {figures['core_ms']:.1f} ms, max {figures['core_max_ms']:.1f})")
        for key, label in (("first_open", "first open"), ("reopen", "re-open")):
            print(f"  {label}, click → painted: {figures[key + '_ms']:.1f} ms (max {figures[key + '_max_ms']:.1f}) "
                  f"= {figures[key + '_ms'] / figures['core_ms']:.1f}× the core query (budget ≤ {BUDGET_MS:.0f} ms)")
        cpu = figures["cpu_ms"]
        print(f"  UI thread's CPU time (what a busy machine does not inflate), medians: first open "
              f"{cpu['first_open']:.1f} ms, re-open {cpu['reopen']:.1f} ms, core query {cpu['core']:.1f} ms")
        print(f"load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print("OK" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
