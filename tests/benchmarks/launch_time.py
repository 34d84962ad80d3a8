"""Time from launch to the main window shown (median of N launches), from source and from the built app.

    .venv/bin/python tests/benchmarks/launch_time.py [--runs 5] [--binary packaging/dist/lawdesk/lawdesk]

Each launch starts the app offscreen on a demo database with LAWDESK_SMOKE_TEST=1 (it quits 1.5 s after
showing the window) and LAWDESK_REPORT_STARTUP=1 (it prints LAWDESK_WINDOW_SHOWN once the event loop runs
with the window up). The time is wall clock from Popen to that line.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKER = "LAWDESK_WINDOW_SHOWN"


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", LAWDESK_SMOKE_TEST="1", LAWDESK_REPORT_STARTUP="1",
               LAWDESK_NO_AUTO_BACKUP="1", LAWDESK_DATA_DIR=str(data_dir))
    return env


def launch_once(command: list[str], env: dict[str, str]) -> float:
    """Seconds from process start to the window shown; raises if the app never shows it or fails."""
    env = {**env, "LAWDESK_LAUNCH_T0": repr(time.time())}
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    shown = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(MARKER) and shown is None:
            shown = time.perf_counter() - start
    code = proc.wait(timeout=60)
    if shown is None or code != 0:
        raise RuntimeError(f"{command[0]}: exit code {code}, window shown: {shown is not None}")
    return shown


def measure(name: str, command: list[str], runs: int, env: dict[str, str]) -> list[float]:
    launch_once(command, env)  # warm the file cache once; not counted
    times = [launch_once(command, env) for _ in range(runs)]
    print(f"{name}: median {statistics.median(times):.3f} s over {runs} launches "
          f"(min {min(times):.3f}, max {max(times):.3f}; each: {', '.join(f'{t:.3f}' for t in times)})")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", type=Path, default=ROOT / "packaging" / "dist" / "lawdesk" / "lawdesk",
                        help="the built app (skipped when it does not exist)")
    args = parser.parse_args()
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
