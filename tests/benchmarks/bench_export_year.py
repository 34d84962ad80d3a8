"""Export of a big year (issue 13): the Excel 学法台账 of a year of 10,000, 50,000 and 100,000 sessions.

    .venv/bin/python tests/benchmarks/bench_export_year.py [--sizes 10000,50000,100000] [--runs 2] [--rebuild] [--json]

Each size has its own database, built once and cached under $TMPDIR (lawdesk-bench-year-<n>.db: 120 staff,
n sessions all held last year, 10 attendance rows each — about 8 % on leave, exams scored —, so the
largest year has 100,000 sessions and 1,000,000 attendance rows). For each size, in the same run:

- the export's wall time (median of the runs) and µs per session (CPU time too: on a busy machine it
  shows the linearity the wall time blurs), taking turns with the reference: openpyxl write-only writing
  the same cells as plain rows (`timing.openpyxl_plain`);
- the export's peak memory: the high-water RSS of a child process that only opens the database and
  exports (`timing.peak_memory`, which also traces Python allocations).

Budgets: peak memory ≤ 150 MB at the largest size, and time linear — µs per session at the largest size
≤ 1.2× that at the smallest. Exits 1 when one is missed.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(HERE)]

import bench_db  # noqa: E402
import timing  # noqa: E402

from core.db import open_store  # noqa: E402
from core.study import export_xlsx  # noqa: E402

CACHE = Path(os.environ.get("TMPDIR", "/tmp"))
SIZES = (10_000, 50_000, 100_000)
ATTENDANCE_PER_SESSION = 10
BUDGETS = {"peak_mb": 150.0, "linearity": 1.2}


def database(sessions: int, rebuild: bool) -> Path:
    """The cached database of one year of `sessions` sessions (built when missing or asked)."""
    path = CACHE / f"lawdesk-bench-year-{sessions}.db"
    if rebuild or not path.exists():
        start = time.perf_counter()
        bench_db.build(path, sessions=sessions, attendance=sessions * ATTENDANCE_PER_SESSION, years=1)
        print(f"built {path} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return path


def the_year(path: Path) -> int:
    with open_store(path, read_only=True) as store:
        return int(store.scalar("select max(substr(held_on, 1, 4)) from study_session"))


def measure(path: Path, runs: int, tmp: Path) -> dict:
    year = the_year(path)
    ours, plain = tmp / "ours.xlsx", tmp / "plain.xlsx"
    with open_store(path, read_only=True) as store:
        sessions = export_xlsx.write_ledger(store, year, ours)  # warm-up, and the cells of the reference
        attendance = store.scalar("select count(*) from study_attendance")
        sheets = timing.sheet_cells(ours)
        times: dict[str, list[float]] = {"ours": [], "ours_cpu": [], "plain": []}
        for _ in range(runs):  # taking turns, so both see the same machine
            start, start_cpu = time.perf_counter(), time.process_time()
            export_xlsx.write_ledger(store, year, ours)
            times["ours"].append(time.perf_counter() - start)
            times["ours_cpu"].append(time.process_time() - start_cpu)
            start = time.perf_counter()
            timing.openpyxl_plain(sheets, plain)
            times["plain"].append(time.perf_counter() - start)
    rows = sum(len(r) for _t, r in sheets)
    memory = timing.peak_memory(
        "from core.db import open_store\nfrom core.study import export_xlsx",
        f"with open_store({str(path)!r}, read_only=True) as s: export_xlsx.write_ledger(s, {year}, {str(ours)!r})")
    ours_s, plain_s = statistics.median(times["ours"]), statistics.median(times["plain"])
    cpu_s = statistics.median(times["ours_cpu"])
    return {"sessions": sessions, "attendance": attendance, "rows_written": rows, "ours_s": ours_s,
            "ours_us_per_session": ours_s / sessions * 1e6, "ours_cpu_s": cpu_s,
            "ours_cpu_us_per_session": cpu_s / sessions * 1e6, "openpyxl_plain_s": plain_s,
            "openpyxl_plain_us_per_session": plain_s / sessions * 1e6, "ratio_plain": ours_s / plain_s,
            "ours_runs_s": times["ours"], "file_mb": ours.stat().st_size / 2**20, **memory}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="sessions in the year, comma-separated")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="lawdesk-bench-year-"))
    try:
        results = {n: measure(database(n, args.rebuild), args.runs, tmp) for n in sizes}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    small, large = results[sizes[0]], results[sizes[-1]]
    linearity = large["ours_us_per_session"] / small["ours_us_per_session"]
    reference_linearity = large["openpyxl_plain_us_per_session"] / small["openpyxl_plain_us_per_session"]
    cpu_linearity = large["ours_cpu_us_per_session"] / small["ours_cpu_us_per_session"]
    failures = []
    if large["process_peak_mb"] > BUDGETS["peak_mb"]:
        failures.append("peak memory")
    if linearity > BUDGETS["linearity"]:
        failures.append("linearity")
    load = os.getloadavg()
    if args.json:
        print(json.dumps({"sizes": {str(n): r for n, r in results.items()}, "linearity": linearity,
                          "cpu_linearity": cpu_linearity, "reference_linearity": reference_linearity,
                          "budgets": BUDGETS,
                          "failures": failures, "loadavg": load, "cpus": os.cpu_count()}, indent=2))
    else:
        for r in results.values():
            print(f"export {r['sessions']:,} sessions ({r['attendance']:,} attendance rows, {r['rows_written']:,} rows "
                  f"in 3 sheets, {r['file_mb']:.1f} MB): {r['ours_s']:.2f} s = {r['ours_us_per_session']:.0f} µs/session "
                  f"(CPU {r['ours_cpu_us_per_session']:.0f} µs/session); "
                  f"openpyxl write-only, same cells plain: {r['openpyxl_plain_s']:.2f} s = "
                  f"{r['openpyxl_plain_us_per_session']:.0f} µs/session (ratio {r['ratio_plain']:.2f}); "
                  f"peak memory {r['process_peak_mb']:.0f} MB ({r['before_export_mb']:.0f} MB before the export, "
                  f"Python allocations peak {r['python_peak_mb']:.0f} MB)")
        print(f"µs per session, {sizes[-1]:,} vs {sizes[0]:,}: {linearity:.2f}× (budget {BUDGETS['linearity']}×; "
              f"CPU time {cpu_linearity:.2f}×; openpyxl plain {reference_linearity:.2f}×); peak memory at {sizes[-1]:,}: "
              f"{large['process_peak_mb']:.0f} MB (budget {BUDGETS['peak_mb']:.0f} MB)")
        print(f"load average during the run: {' '.join(f'{x:.2f}' for x in load)} on {os.cpu_count()} CPUs")
        print("OK: every budget met" if not failures else f"MISSED: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
