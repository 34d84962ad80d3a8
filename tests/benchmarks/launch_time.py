"""Time from launch to the main window shown (median of N launches), from source and from the built app.

    .venv/bin/python tests/benchmarks/launch_time.py [--runs 5] [--binary packaging/dist/lawdesk/lawdesk]
    .venv/bin/python tests/benchmarks/launch_time.py --stale [--runs 3] [--db tests/benchmarks/out/bench.db]

Each launch starts the app offscreen on a demo database with LAWDESK_SMOKE_TEST=1 (it quits 1.5 s after
showing the window) and LAWDESK_REPORT_STARTUP=1 (it prints LAWDESK_WINDOW_SHOWN once the event loop runs
with the window up). The time is wall clock from Popen to that line.

`--stale` launches on the benchmark database (100,000 sessions; built with `bench_search.build` when missing,
which takes a while) as it is, after one write by another program (sqlite3: one session's topic changed; and
one session added), and after 10,000 such updates; the file is restored before every launch. Targets (issue 9):
after one outside write ≤ 1.3× the ordinary launch; after the bulk writes the window within 1.5 s, the search
index catching up afterwards with progress (the app prints LAWDESK_INDEX_PROGRESS / LAWDESK_INDEX_DONE).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
MARKER = "LAWDESK_WINDOW_SHOWN"
BENCH_DB = HERE / "out" / "bench.db"
BULK_WRITES = 10_000
TARGETS = {"one_write_ratio": 1.3, "bulk_shown_s": 1.5}


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", LAWDESK_SMOKE_TEST="1", LAWDESK_REPORT_STARTUP="1",
               LAWDESK_NO_AUTO_BACKUP="1", LAWDESK_DATA_DIR=str(data_dir))
    return env


@dataclass
class Launch:
    shown: float  # seconds from Popen to the window shown
    lines: list[str] = field(default_factory=list)  # what the app printed

    def marked(self, marker: str) -> list[list[str]]:
        return [line.split()[1:] for line in self.lines if line.startswith(marker)]


def launch(command: list[str], env: dict[str, str]) -> Launch:
    """One launch; raises if the app never shows the window or fails."""
    env = {**env, "LAWDESK_LAUNCH_T0": repr(time.time())}
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    shown = None
    lines = []
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line.strip())
        if line.startswith(MARKER) and shown is None:
            shown = time.perf_counter() - start
    code = proc.wait(timeout=120)
    if shown is None or code != 0:
        raise RuntimeError(f"{command[0]}: exit code {code}, window shown: {shown is not None}")
    return Launch(shown, lines)


def launch_once(command: list[str], env: dict[str, str]) -> float:
    """Seconds from process start to the window shown; raises if the app never shows it or fails."""
    return launch(command, env).shown


def measure(name: str, command: list[str], runs: int, env: dict[str, str]) -> list[float]:
    launch_once(command, env)  # warm the file cache once; not counted
    times = [launch_once(command, env) for _ in range(runs)]
    print(f"{name}: median {statistics.median(times):.3f} s over {runs} launches "
          f"(min {min(times):.3f}, max {max(times):.3f}; each: {', '.join(f'{t:.3f}' for t in times)})")
    return times


# -- --stale: launches after other programs wrote to the file ------------------------------------------------
def _outside(path: Path, sql: str, rows: list[tuple]) -> None:
    """Another program writing the file: plain sqlite3, one transaction."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("begin")
        conn.executemany(sql, rows)
        conn.execute("commit")
    finally:
        conn.close()


def _update_one(path: Path, run: int) -> None:
    _outside(path, "update study_session set topic = ? where id = ?", [(f"学习鲲鹏条例（第{run}次）", 4242)])


def _insert_one(path: Path, run: int) -> None:
    now = "2026-03-05T09:00:00"
    _outside(path, "insert into study_session (held_on, form, topic, created_at, updated_at) values (?,?,?,?,?)",
             [("2026-03-05", "集中学法", f"学习鲲鹏条例（第{run}次）", now, now)])


def _update_many(path: Path, run: int) -> None:
    count = sqlite3.connect(path).execute("select max(id) from study_session").fetchone()[0]
    step = max(1, count // BULK_WRITES)
    _outside(path, "update study_session set topic = topic || ? where id = ?",
             [(f"（第{run}次修订）", 1 + i * step) for i in range(BULK_WRITES)])


def _restore(pristine: Path, target: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(pristine, target)


def _prepare(db: Path, work: Path, env: dict[str, str]) -> Path:
    """A copy of the benchmark database with its search index up to date (the CLI search catches up)."""
    if not db.exists():
        print(f"building {db} (once; several minutes) …", flush=True)
        sys.path[:0] = [str(ROOT), str(HERE)]
        from bench_search import build

        db.parent.mkdir(parents=True, exist_ok=True)
        build(db)
    pristine = work / "pristine.db"
    shutil.copyfile(db, pristine)
    subprocess.run([sys.executable, "main.py", "--db", str(pristine), "search", "预热"], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)
    return pristine


def _catch_up_text(launches: list[Launch]) -> str:
    """When the index catch-up showed progress and finished, seconds after launch (median)."""
    first = [float(p[0][1]) for la in launches if (p := la.marked("LAWDESK_INDEX_PROGRESS")) and len(p[0]) > 1]
    done = [float(d[0][1]) for la in launches if (d := la.marked("LAWDESK_INDEX_DONE")) and len(d[0]) > 1]
    steps = [len(la.marked("LAWDESK_INDEX_PROGRESS")) for la in launches]
    if not first:
        return "no index catch-up progress printed"
    text = f"index catch-up: first progress at {statistics.median(first):.3f} s, {min(steps)}–{max(steps)} steps"
    if len(done) == len(launches):
        return text + f", done at {statistics.median(done):.3f} s after launch"
    return text + f", finished before the app quit in {len(done)} of {len(launches)} launches"


def stale(db: Path, runs: int) -> bool:
    scenarios: list[tuple[str, Callable[[Path, int], None] | None]] = [
        ("ordinary launch", None),
        ("after one outside update", _update_one),
        ("after one outside insert", _insert_one),
        (f"after {BULK_WRITES:,} outside updates", _update_many),
    ]
    medians: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="lawdesk-stale-", dir=db.parent if db.parent.exists() else None) as tmp:
        work = Path(tmp)
        env = _env(work)
        pristine = _prepare(db, work, env)
        target = work / "lawdesk.db"
        command = [sys.executable, "main.py", "--db", str(target)]
        launches: dict[str, list[Launch]] = {name: [] for name, _ in scenarios}
        for run in range(runs + 1):  # the first round warms the file cache; not counted
            for name, write in scenarios:  # taking turns, so every scenario sees the same machine state
                _restore(pristine, target)
                if write:
                    write(target, run)
                result = launch(command, env)
                if run:
                    launches[name].append(result)
        for name, write in scenarios:
            times = [la.shown for la in launches[name]]
            medians[name] = statistics.median(times)
            ratio = f" = {medians[name] / medians['ordinary launch']:.2f}× ordinary" if write else ""
            print(f"{name}: window shown, median {medians[name]:.3f} s over {runs}{ratio} "
                  f"(each: {', '.join(f'{t:.3f}' for t in times)}); {_catch_up_text(launches[name])}")
    one = max(medians["after one outside update"], medians["after one outside insert"])
    bulk = medians[f"after {BULK_WRITES:,} outside updates"]
    ok = one <= TARGETS["one_write_ratio"] * medians["ordinary launch"] and bulk <= TARGETS["bulk_shown_s"]
    print(f"targets: one outside write ≤ {TARGETS['one_write_ratio']}× ordinary, bulk window ≤ "
          f"{TARGETS['bulk_shown_s']} s: {'OK' if ok else 'MISSED'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", type=Path, default=ROOT / "packaging" / "dist" / "lawdesk" / "lawdesk",
                        help="the built app (skipped when it does not exist)")
    parser.add_argument("--stale", action="store_true",
                        help="launches on the benchmark database after writes by other programs")
    parser.add_argument("--db", type=Path, default=BENCH_DB, help="the benchmark database for --stale")
    args = parser.parse_args()
    if args.stale:
        return 0 if stale(args.db, args.runs) else 1
    with tempfile.TemporaryDirectory(prefix="lawdesk-launch-") as tmp:
        data = Path(tmp)
        db = data / "lawdesk.db"
        env = _env(data)
        subprocess.run([sys.executable, "main.py", "--db", str(db), "demo"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        measure("python main.py", [sys.executable, "main.py", "--db", str(db)], args.runs, env)
        if args.binary.exists():
            measure("built app", [str(args.binary), "--db", str(db)], args.runs, env)
        else:
            print(f"built app: not found at {args.binary} (run packaging/build-linux.sh first)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
