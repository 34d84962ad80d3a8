"""Backup and restore of the 100k-session benchmark database, each next to its floor measured in the same run.

    .venv/bin/python tests/benchmarks/bench_backup.py [--runs 3] [--json] [--cli]

The floor (issue 13) is the least work a backup can do: SQLite's backup API copying the database into a
new file plus one SHA-256 pass over that copy. Budgets: `backup` ≤ 2.5 × floor, `restore` ≤ 3 × floor
(including its verification and the safety copy of the current data). The runs take turns (floor, backup,
restore) so all three see the same machine state; the figures are medians. `--cli` also times
`main.py backup` / `main.py restore` as a clerk runs them (process start and imports included, reference only).

The database is `tests/benchmarks/out/bench.db` (built by bench_db.build when missing), copied into a
private folder first, so a restore never touches the file other benchmarks read. Exits 1 when a budget is
missed.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(HERE)]

from core import backup, paths  # noqa: E402
from core.db import open_store  # noqa: E402

OUT = HERE / "out"
BUDGETS = {"backup": 2.5, "restore": 3.0}  # × floor


def source_db() -> Path:
    db = OUT / "bench.db"
    if not db.exists():
        import bench_db

        OUT.mkdir(parents=True, exist_ok=True)
        bench_db.build(db)
    return db


def prepare(work: Path) -> Path:
    """A private copy of the benchmark database, migrated and with its WAL folded in (outside the timing)."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    live = work / "live.db"
    shutil.copyfile(source_db(), live)
    open_store(live).close()
    return live


def floor(live: Path, work: Path) -> None:
    """SQLite's backup API into a new file, then one SHA-256 pass over the copy."""
    copy = work / "floor.db"
    src = sqlite3.connect(live)
    dst = sqlite3.connect(copy)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    digest = hashlib.sha256()
    with open(copy, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    copy.unlink()


def run_backup(live: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    backup.backup_db_file(live, target)


def run_restore(live: Path, source: Path) -> None:
    backup.restore(live, source)


def tidy(live: Path) -> None:
    """Safety copies pile up one per restore: remove them between runs (outside the timing)."""
    shutil.rmtree(paths.backups_dir(live), ignore_errors=True)


def cli_seconds(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "main.py"), *args], check=True, capture_output=True,
                   env={**__import__("os").environ, "LAWDESK_NO_AUTO_BACKUP": "1"})
    return time.perf_counter() - start


def measure(runs: int, with_cli: bool) -> dict:
    work = OUT / "bench_backup"
    live = prepare(work)
    target = work / "out.lawdesk-backup"
    times: dict[str, list[float]] = {"floor": [], "backup": [], "restore": []}
    run_backup(live, target)  # warm the page cache and the imports once
    for _ in range(runs):
        for name, fn in (("floor", lambda: floor(live, work)), ("backup", lambda: run_backup(live, target)),
                         ("restore", lambda: run_restore(live, target))):
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
            tidy(live)
    result = {
        "database_bytes": live.stat().st_size,
        "backup_file_bytes": target.stat().st_size,
        "runs": runs,
        "seconds": {name: statistics.median(values) for name, values in times.items()},
        "all_seconds": times,
    }
    floor_s = result["seconds"]["floor"]
    result["ratio"] = {name: result["seconds"][name] / floor_s for name in BUDGETS}
    result["budget_ratio"] = BUDGETS
    result["ok"] = all(result["ratio"][n] <= BUDGETS[n] for n in BUDGETS)
    if with_cli:
        result["cli_seconds"] = {
            "backup": cli_seconds(["--db", str(live), "backup", "--out", str(target)]),
            "restore": cli_seconds(["--db", str(live), "restore", str(target)]),
        }
        tidy(live)
    shutil.rmtree(work, ignore_errors=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--cli", action="store_true", help="also time main.py backup / restore (reference only)")
    args = parser.parse_args()
    result = measure(args.runs, args.cli)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        s = result["seconds"]
        print(f"database {result['database_bytes'] / 2**20:.0f} MiB, backup file "
              f"{result['backup_file_bytes'] / 2**20:.0f} MiB, median of {result['runs']} runs")
        print(f"{'floor (backup API copy + SHA-256)':<36} {s['floor']:6.2f} s")
        for name, budget in BUDGETS.items():
            ratio = result["ratio"][name]
            print(f"{name:<36} {s[name]:6.2f} s  = {ratio:4.2f} × floor  budget {budget} ×  "
                  f"{'OK' if ratio <= budget else 'OVER'}")
        for name, seconds in result.get("cli_seconds", {}).items():
            print(f"main.py {name:<28} {seconds:6.2f} s  (whole process, reference)")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
