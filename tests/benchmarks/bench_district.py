"""汇总 benchmark (issue 14): 60 units × 2,000 sessions (25 people each) × 500 整改 items, one package per unit.

    .venv/bin/python tests/benchmarks/bench_district.py [--dir PATH] [--rebuild] [--runs 7]

The packages are synthesised with the app's own writer (tests/core/district/synth.py: signed, with the shape
`export package` writes) once and kept in --dir. Measures, offscreen: importing all 60 into a fresh database in a
child process (wall time and the child's peak resident memory, VmHWM), `show district` (the core call behind
`show district --json`, and the whole command as a process for reference) and opening the 汇总 page (built, shown,
first rows painted). Budgets: import ≤ 30 s, show ≤ 200 ms, page ≤ 200 ms, memory ≤ 300 MB (medians judged).
Exits 1 when one is missed.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(HERE)]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from timing import ms_since, open_page  # noqa: E402

from core.db import open_store  # noqa: E402
from core.district import keys, view  # noqa: E402
from tests.core.district import synth  # noqa: E402

DEFAULT_DIR = Path(os.environ.get("TMPDIR", "/tmp")) / "lawdesk-bench-district"
UNITS, SESSIONS, ITEMS, STAFF, YEAR = 60, 2000, 500, 25, 2025
BUDGETS = {"import_s": 30.0, "show_ms": 200.0, "page_ms": 200.0, "memory_mb": 300.0}


def build_packages(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(UNITS):
        path = folder / f"unit{i:02d}.lawdesk-pkg"
        if not path.exists():
            signer = keys.load_or_create(folder / "keys" / f"unit{i:02d}.db")
            status = "已报送" if i % 5 else "草稿"
            submitted = f"{YEAR + 1}-0{2 + (i % 7 == 0)}-{10 + i % 15}" if status == "已报送" else None
            synth.package(path, f"第{i + 1:02d}单位（某区某局）", YEAR, signer, sessions=SESSIONS, items=ITEMS,
                          staff=STAFF, seed=i, report_status=status, submitted_on=submitted)
        made.append(path)
    return made


CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
from core.db import open_store
from core.district import receive

def hwm():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM:'):
            return int(line.split()[1])

files = {files!r}
start = time.perf_counter()
with open_store({db!r}) as store:
    result = receive.import_packages(store, files)
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "imported": len(result.imported), "rejected": result.rejected[:1],
                  "peak_mb": hwm() / 1024}}))
"""


def measure_import(packages: list[Path], db: Path) -> dict:
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink() if leftover.is_file() else shutil.rmtree(leftover)
    code = CHILD.format(root=str(ROOT), files=[str(p) for p in packages], db=str(db))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_show(db: Path, runs: int) -> dict:
    with open_store(db) as store:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            shown = view.district(store, YEAR).to_json()
            times.append(ms_since(start))
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "show", "district", "--year",
                    str(YEAR), "--json"], capture_output=True, check=True)
    return {"median_ms": statistics.median(times), "max_ms": max(times), "units": len(shown["units"]),
            "totals": shown["totals"], "process_ms": ms_since(start)}


def measure_page(db: Path, runs: int) -> dict:
    from PySide6.QtWidgets import QApplication

    from ui.district.page import DistrictPage

    app = QApplication.instance() or QApplication([])
    store = open_store(db)
    opens, page = [], None
    for _ in range(runs):
        page, ms = open_page(app, lambda: DistrictPage(store, None), page)
        opens.append(ms)
        assert page.model.rowCount() == UNITS + 1
    page.close()
    store.close()
    return {"first_ms": opens[0], "median_ms": statistics.median(opens), "max_ms": max(opens)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    if args.rebuild and args.dir.exists():
        shutil.rmtree(args.dir)
    start = time.perf_counter()
    packages = build_packages(args.dir)
    size = sum(p.stat().st_size for p in packages)
    print(f"{len(packages)} packages ({size / 2**20:.0f} MB) ready in {time.perf_counter() - start:.1f} s: "
          f"{SESSIONS:,} sessions × {STAFF} people and {ITEMS} items each")
    db = args.dir / "district.db"
    imported = measure_import(packages, db)
    assert imported["imported"] == UNITS, imported
    print(f"import {UNITS} packages into a fresh database: {imported['seconds']:.1f} s "
          f"(budget {BUDGETS['import_s']:.0f} s), peak memory {imported['peak_mb']:.0f} MB "
          f"(budget {BUDGETS['memory_mb']:.0f} MB)")
    show = measure_show(db, args.runs)
    print(f"show district ({show['units']} units, {show['totals']['sessions']:,} sessions): median "
          f"{show['median_ms']:.1f} ms, max {show['max_ms']:.1f} ms (budget {BUDGETS['show_ms']:.0f} ms); "
          f"the whole `show district --json` command as a process: {show['process_ms']:.0f} ms")
    page = measure_page(db, args.runs)
    print(f"open the 汇总 page: first {page['first_ms']:.1f} ms, median {page['median_ms']:.1f} ms, "
          f"max {page['max_ms']:.1f} ms (budget {BUDGETS['page_ms']:.0f} ms)")
    failures = [name for name, missed in (
        ("import time", imported["seconds"] > BUDGETS["import_s"]),
        ("import memory", imported["peak_mb"] > BUDGETS["memory_mb"]),
        ("show district", show["median_ms"] > BUDGETS["show_ms"]),
        ("page", page["median_ms"] > BUDGETS["page_ms"])) if missed]
    print(f"load average during the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print("OK: every budget met" if not failures else f"MISSED: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
