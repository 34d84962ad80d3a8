"""kill -9 loop: `main.py --db X backup / restore / import study` killed at random moments, then checked.

    .venv/bin/python tests/benchmarks/kill_loop.py [--iterations 50] [--sessions 50000] [--seed 1] [--json]

Each iteration starts from a fresh copy of the same database (staff, study sessions, attachments), runs one
command as a clerk would (a child process), kills it (SIGKILL) at a random moment between the end of its
start-up (interpreter and imports, timed with `--help`) and a little past the time the command takes when left
alone (runs that finish first are checked too; `--iterations` counts kills), runs the next start (`core.db.open_store`, whose sweep clears what a
crash left), and checks:
  - `pragma integrity_check` is ok;
  - all or nothing: an import added all of its rows or none; a restore left the old data or the new, whole
    (a safety copy of the old data exactly when the new one is in place); a backup file exists only complete;
  - no leftovers: nothing in the temporary folder, no `.lawdesk-backup-*` / `.lawdesk-restore-*` /
    `.incoming-*` anywhere, no attachment file no row references, no referenced one missing or damaged.
Backups go alternately beside the database and to another file system (/dev/shm when it is one), where
the next backup into that folder must take away what the killed one left. Exits 1 on any failure.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(HERE), str(ROOT / "tests" / "faults")]

import bench_db  # noqa: E402
from faultkit import integrity, leftovers  # noqa: E402

from core import attachments, backup, paths  # noqa: E402
from core.db import open_store  # noqa: E402
from core.staff import roster  # noqa: E402

OPERATIONS = ("import", "backup", "restore")
MARKER = "恢复标记人员"
HEADER = ["序号", "学习日期", "学习形式", "学习主题", "学习内容\n（法律法规）", "主讲人", "参学人员", "请假人员", "学时"]


# -- the material ------------------------------------------------------------------------------------
def build_material(folder: Path, sessions: int, import_rows: int, seed: int) -> dict:
    """The base database, a backup of other data (for restore) and a ledger to import."""
    base = folder / "base" / "lawdesk.db"
    base.parent.mkdir(parents=True)
    bench_db.build(base, sessions=sessions, attendance=sessions * 10, seed=seed)
    rng = random.Random(seed)
    with open_store(base) as store:
        for i in range(12):
            attachments.add_bytes(store, rng.randbytes(50_000 + i), f"签到表{i}.pdf")
        names = [r["name"] for r in store.query("select name from staff order by id limit 40")]
    other = folder / "other" / "lawdesk.db"
    other.parent.mkdir()
    shutil.copyfile(base, other)
    shutil.copytree(paths.attachments_dir(base), paths.attachments_dir(other))
    with open_store(other) as store:
        roster.add(store, MARKER, "办公室")
        for i in range(5):
            attachments.add_bytes(store, rng.randbytes(40_000 + i), f"新照片{i}.jpg")
    source = folder / "other.lawdesk-backup"
    backup.backup_db_file(other, source)
    ledger = folder / "学法台账.xlsx"
    _ledger(ledger, names, import_rows, rng)
    return {"base": base, "backup": source, "ledger": ledger}


def _ledger(path: Path, names: list[str], count: int, rng: random.Random) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["学法台账（断电测试）"])
    ws.append(HEADER)
    for i in range(count):
        people = "、".join(rng.sample(names, 6))
        ws.append([i + 1, f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", "集中学法", f"断电测试学习第{i + 1}次",
                   "《中华人民共和国民法典》", names[i % len(names)], people, "", 2])
    wb.save(path)


def fresh_copy(base: Path, folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    db = folder / "lawdesk.db"
    shutil.copyfile(base, db)
    shutil.copytree(paths.attachments_dir(base), paths.attachments_dir(db))
    return db


def fingerprint(db: Path) -> dict:
    """Rows per table, and the staff and attachments themselves: enough to tell old, new, half and changed."""
    import sqlite3

    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")
                  if not r[0].startswith(("search_", "sqlite_"))]
        found = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in tables}
        found["staff names"] = sorted(r[0] for r in conn.execute("select name from staff"))
        found["attachment files"] = sorted(r[0] for r in conn.execute("select sha256 from attachment"))
        return found
    finally:
        conn.close()


# -- one run -------------------------------------------------------------------------------------------
def command(op: str, db: Path, material: dict, out: Path) -> list[str]:
    main = [sys.executable, str(ROOT / "main.py"), "--db", str(db)]
    if op == "import":
        return [*main, "import", "study", str(material["ledger"])]
    if op == "backup":
        return [*main, "backup", "--out", str(out)]
    return [*main, "restore", str(material["backup"])]


def run(cmd: list[str], kill_after: float | None) -> tuple[bool, float]:
    """(killed, seconds): the child killed with SIGKILL after `kill_after` seconds unless it finished first."""
    env = {**os.environ, "LAWDESK_NO_AUTO_BACKUP": "1"}
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        child.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL) if hasattr(signal, "SIGKILL") else child.kill()
        child.wait()
        return True, time.perf_counter() - start
    if child.returncode != 0:
        raise RuntimeError(f"{cmd[4:]} failed on its own: {child.stderr.read().decode(errors='replace')}")
    return False, time.perf_counter() - start


def out_folders(work: Path) -> list[Path]:
    """Beside the database, and on another file system when there is one (a USB stick's situation)."""
    folders = [work / "out"]
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and os.stat(shm).st_dev != os.stat(work).st_dev:
        folders.append(Path(tempfile.mkdtemp(prefix="lawdesk-kill-loop-", dir=shm)))
    return folders


def check(op: str, db: Path, material: dict, before: dict, out: Path, expect: dict) -> dict:
    """After the kill: the next start, then every promise. Returns this iteration's findings."""
    something = paths.temp_dir(db).exists() or any(out.parent.glob(".lawdesk-backup-*"))
    open_store(db).close()  # the next start (its sweep)
    found: dict = {"had_leftovers_to_sweep": something, "problems": []}
    if integrity(db) != "ok":
        found["problems"].append("integrity_check failed")
    now = fingerprint(db)
    if op == "import":
        added = now["study_session"] - before["study_session"]
        found["outcome"] = "all" if added == expect["import_rows"] else "none" if added == 0 else f"half:{added}"
    elif op == "restore":
        new = MARKER in now["staff names"]
        found["outcome"] = "new" if new else "old"
        if not new and now != before:
            found["problems"].append("old data changed")
        safety = sorted(paths.backups_dir(db).glob("恢复前-*.db")) if paths.backups_dir(db).exists() else []
        if new and (len(safety) != 1 or fingerprint(safety[0]) != before):
            found["problems"].append("no whole safety copy of the old data")
        if not new and (safety or (paths.backups_dir(db).exists() and any(paths.backups_dir(db).iterdir()))):
            found["problems"].append("a copy of the data left although nothing was restored")
    else:
        found["outcome"] = "file" if out.exists() else "no file"
        if out.exists():
            try:
                backup.verify(out, db_path=db)
            except Exception as exc:  # noqa: BLE001 - reported
                found["problems"].append(f"backup file not whole: {exc}")
        if now != before:
            found["problems"].append("a backup changed the data")
        next_out = out.with_name("next.lawdesk-backup")  # the next backup into that folder tidies it
        backup.backup_db_file(db, next_out)
        stray = [p.name for p in out.parent.iterdir() if p.name not in (out.name, next_out.name)]
        if stray:
            found["problems"].append(f"left beside the output: {stray}")
    found["problems"] += leftovers(db)
    return found


# -- the loop ------------------------------------------------------------------------------------------
def loop(iterations: int, sessions: int, import_rows: int, seed: int, work: Path, log=print,
         operations: tuple[str, ...] = OPERATIONS) -> dict:
    rng = random.Random(seed)
    material = build_material(work / "material", sessions, import_rows, seed)
    outs = out_folders(work)
    report: dict = {"iterations": iterations, "sessions": sessions, "import_rows": import_rows, "operations": {}}
    try:
        for op in operations:
            db = fresh_copy(material["base"], work / "run")
            out = outs[0] / "b.lawdesk-backup"
            out.parent.mkdir(parents=True, exist_ok=True)
            _, alone = run(command(op, db, material, out), None)  # how long it takes when left alone
            # its start (interpreter, imports, parsing): kills are spread over the rest, where the work is
            _, start = run([*command(op, db, material, out)[:5], "--help"], None)
            expect = {"import_rows": fingerprint(db)["study_session"] - fingerprint(material["base"])["study_session"]}
            summary = Counter()
            problems: list[str] = []
            i = 0
            while summary["killed"] < iterations and i < 3 * iterations:  # kills, not runs, are counted
                i += 1
                db = fresh_copy(material["base"], work / "run")
                out = outs[i % len(outs)] / "b.lawdesk-backup"
                for stale in out.parent.glob("*.lawdesk-backup"):
                    stale.unlink()
                before = fingerprint(db)
                killed, _ = run(command(op, db, material, out), rng.uniform(start * 0.8, alone * 1.1))
                found = check(op, db, material, before, out, expect)
                summary["killed" if killed else "finished before the kill"] += 1
                summary[f"outcome: {found['outcome']}"] += 1
                summary["crash left something to sweep"] += found["had_leftovers_to_sweep"]
                problems += [f"{op} #{i}: {p}" for p in found["problems"]]
            report["operations"][op] = {"seconds_alone": round(alone, 2), "seconds_to_start": round(start, 2),
                                        **summary,
                                        "problems": len(problems), "problem_list": problems[:20]}
            log(f"{op:<8} {alone:5.2f} s alone ({start:4.2f} s to start)  " + "  ".join(f"{k}={v}" for k, v in sorted(summary.items()))
                + f"  problems={len(problems)}")
    finally:
        for folder in outs[1:]:
            shutil.rmtree(folder, ignore_errors=True)
    report["ok"] = all(v["problems"] == 0 for v in report["operations"].values())
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=50, help="kills per operation (default 50)")
    parser.add_argument("--sessions", type=int, default=50_000, help="study sessions in the database")
    parser.add_argument("--import-rows", type=int, default=2_000, help="rows in the ledger to import")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=OPERATIONS, action="append", help="run only these operations")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lawdesk-kill-loop-", dir=HERE / "out" if (HERE / "out").is_dir()
                                     else None) as tmp:
        report = loop(args.iterations, args.sessions, args.import_rows, args.seed, Path(tmp),
                      log=(lambda *_: None) if args.json else print, operations=tuple(args.only or OPERATIONS))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print("OK: 0 lost or half-written, 0 leftovers" if report["ok"] else "FAILED")
        for op in report["operations"].values():
            for problem in op["problem_list"]:
                print("  " + problem)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
