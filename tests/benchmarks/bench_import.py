"""Import benchmark (issue 13): `import study`, `import rectification`, `import staff` of 10,000 rows each,
next to just reading the same file, measured in the same run.

    .venv/bin/python tests/benchmarks/bench_import.py [--rows 10000] [--runs 3] [--json] [--only study]

For each importer a ledger of `--rows` rows is written once (openpyxl, like a clerk's Excel file) and a
database with a 120-person roster is prepared. Then, interleaved so every step sees the same machine:
reading the file with openpyxl read-only (values only) and with python-calamine (the reader's floor),
the dry run (`preview`), and the import (`preview` + `commit` on a fresh copy of the database, which is
what `main.py import KIND FILE` does). Peak memory is that of a child process that only imports (its
resident high-water mark, and tracemalloc's peak of Python allocations during the import).
Budgets: import ≤ 1.5× reading the file with openpyxl read-only (the reference issue 13 measured against;
the calamine read, the importers' own reader now, is printed beside it as the floor), peak memory ≤ 100 MB
resident. Exits 1 when one is missed.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(HERE)]

import bench_db  # noqa: E402
import timing  # noqa: E402

from core.db import open_store  # noqa: E402

BUDGETS = {"ratio": 1.5, "peak_mb": 100.0}
KINDS = {  # kind -> (importer module, preview function, commit function)
    "study": ("core.study.importer", "preview", "commit"),
    "rectification": ("core.rectification.importer", "preview_import", "commit_import"),
    "staff": ("core.staff.importer", "preview_staff", "commit_staff"),
}
LAWS = ("《中华人民共和国宪法》", "《中华人民共和国民法典》", "《中华人民共和国行政复议法》", "《中华人民共和国行政处罚法》",
        "《优化营商环境条例》", "《中华人民共和国保守国家秘密法》", "《法治政府建设实施纲要（2021－2025年）》")
FORMS = ("集中学法", "会前学法", "专题讲座", "网络培训", "党组理论学习中心组学习")
STATUSES = ("整改中", "已完成", "未启动", "长期坚持")


# -- files -------------------------------------------------------------------------------------------
def _write(path: Path, title: str, header: list[str], rows: list[list]) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def study_file(path: Path, rows: int, names: list[str], rng: random.Random) -> Path:
    start = date(2016, 1, 1)
    data = []
    for i in range(rows):
        people = rng.sample(names, 8)
        data.append([i + 1, start + timedelta(days=i // 3), rng.choice(FORMS), f"第{i + 1}次学法：{rng.choice(LAWS)}学习",
                     "、".join(rng.sample(LAWS, 2)), rng.choice(names), "、".join(people[:7]),
                     f"{people[7]}（出差）", rng.choice((1, 1.5, 2, 3)), rng.choice(names), "局三楼会议室"])
    return _write(path, "基准局学法台账", ["序号", "日期", "学习形式", "学习主题", "学习内容（法律法规）", "主讲人",
                                     "参学人员", "请假人员", "学时", "记录人", "地点"], data)


def rectification_file(path: Path, rows: int, names: list[str], rng: random.Random) -> Path:
    data = []
    for i in range(rows):
        data.append([i + 1, rng.choice(("督察反馈", "审计", "自查", "巡察")), f"第{i + 1}个问题：规范性文件备案审查不及时",
                     "1.建立台账\n2.按月通报\n3.纳入考核", rng.choice(bench_db.DEPARTMENTS), rng.choice(names),
                     date(2026, 1 + i % 12, 1 + i % 28), rng.choice(STATUSES),
                     "2026-03-01 召开专题会\n2026年4月2日，已起草办法"])
    return _write(path, "基准局整改台账", ["序号", "问题来源", "问题描述", "整改措施", "责任科室", "责任人", "整改时限",
                                     "整改状态", "进展情况"], data)


def staff_file(path: Path, rows: int, rng: random.Random) -> Path:
    data = []
    for i in range(rows):
        name = bench_db.SURNAMES[i % len(bench_db.SURNAMES)] + bench_db.GIVEN[i // len(bench_db.SURNAMES) % len(
            bench_db.GIVEN)] + bench_db.GIVEN[i // (len(bench_db.SURNAMES) * len(bench_db.GIVEN)) % len(bench_db.GIVEN)]
        data.append([i + 1, name, f"{bench_db.DEPARTMENTS[i % 8]}{i // 2000 or ''}", rng.choice(("科员", "科长")),
                     rng.choice(("是", "否"))])
    return _write(path, "基准局人员花名册", ["序号", "姓名", "科室", "职务", "是否领导干部"], data)


def prepare(tmp: Path, rows: int) -> dict[str, tuple[Path, Path]]:
    """kind -> (ledger file, template database)."""
    rng = random.Random(2026)
    roster_db = tmp / "roster.db"
    store = bench_db._fresh(roster_db)
    try:
        bench_db.build_staff(store, rng, 120)
        names = [r["name"] for r in store.query("select name from staff")]
        store.conn.execute("pragma wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    empty_db = tmp / "empty.db"
    bench_db._fresh(empty_db).close()
    return {
        "study": (study_file(tmp / "study.xlsx", rows, names, rng), roster_db),
        "rectification": (rectification_file(tmp / "rectification.xlsx", rows, names, rng), roster_db),
        "staff": (staff_file(tmp / "staff.xlsx", rows, rng), empty_db),
    }


# -- readers -----------------------------------------------------------------------------------------
def read_openpyxl(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return count


def read_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    count = len(wb.get_sheet_by_index(0).to_python())
    wb.close()
    return count


# -- importing ---------------------------------------------------------------------------------------
def functions(kind: str) -> tuple[Callable, Callable]:
    import importlib

    module_name, preview_name, commit_name = KINDS[kind]
    module = importlib.import_module(module_name)
    return getattr(module, preview_name), getattr(module, commit_name)


def fresh_copy(template: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return target


def dry_run(kind: str, path: Path, template: Path) -> int:
    preview, _commit = functions(kind)
    with open_store(template) as store:
        return len(preview(store, path).accepted)


def do_import(kind: str, path: Path, db: Path) -> int:
    preview, commit = functions(kind)
    with open_store(db) as store:
        result = preview(store, path)
        return len(commit(store, result))


def measure(kind: str, path: Path, template: Path, tmp: Path, runs: int) -> dict:
    db = tmp / f"{kind}-run.db"
    fresh_copy(template, db)
    imported = do_import(kind, path, db)  # warm-up, and the count
    times: dict[str, list[float]] = {"openpyxl": [], "calamine": [], "dry_run": [], "import": []}
    for _ in range(runs):
        fresh_copy(template, db)  # outside the timing
        once = timing.interleaved(1, {
            "openpyxl": lambda: read_openpyxl(path),
            "calamine": lambda: read_calamine(path),
            "dry_run": lambda: dry_run(kind, path, template),
            "import": lambda: do_import(kind, path, db),
        })
        for name, values in once.items():
            times[name] += values
    med = {name: statistics.median(values) for name, values in times.items()}
    mem = memory(kind, path, template, tmp)
    return {"kind": kind, "rows": imported, "file_kb": path.stat().st_size // 1024,
            "openpyxl_read_s": med["openpyxl"], "calamine_read_s": med["calamine"], "dry_run_s": med["dry_run"],
            "import_s": med["import"], "import_max_s": max(times["import"]),
            "ratio_openpyxl": med["import"] / med["openpyxl"], "ratio_calamine": med["import"] / med["calamine"],
            "peak_mb": mem["process_peak_mb"], "before_mb": mem["before_export_mb"],
            "python_peak_mb": mem["python_peak_mb"]}


def memory(kind: str, path: Path, template: Path, tmp: Path) -> dict:
    """Peak memory of a child process that only imports, the way `main.py import` runs (the CLI's modules
    loaded first): its resident high-water mark, measured without tracemalloc (which adds its own bookkeeping
    to every allocation), and in a second child tracemalloc's peak of Python allocations during the import."""
    setup = f"sys.path.insert(0, {str(HERE)!r})\nimport bench_import\nfrom core import cli\ncli.build()"
    args = f"{kind!r}, __import__('pathlib').Path({str(path)!r}), __import__('pathlib').Path({str(tmp / 'mem.db')!r})"
    fresh_copy(template, tmp / "mem.db")
    code = (f"import sys, json; sys.path[:0] = [{str(ROOT)!r}]\n{setup}\n"
            "hwm = lambda: next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
            f"before = hwm()\nbench_import.do_import({args})\nprint(json.dumps([before, hwm()]))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    before, after = json.loads(out.strip().splitlines()[-1])
    fresh_copy(template, tmp / "mem.db")
    traced = timing.peak_memory(setup, f"bench_import.do_import({args})")
    return {"process_peak_mb": after / 1024, "before_export_mb": before / 1024,
            "python_peak_mb": traced["python_peak_mb"]}


def report(result: dict) -> str:
    return (f"import {result['kind']:<13} {result['rows']:>6,} rows ({result['file_kb']:,} KB): "
            f"import {result['import_s']:.2f} s (max {result['import_max_s']:.2f}), dry run {result['dry_run_s']:.2f} s; "
            f"reading the file: openpyxl read-only {result['openpyxl_read_s']:.2f} s "
            f"(ratio {result['ratio_openpyxl']:.2f}), calamine {result['calamine_read_s']:.2f} s "
            f"(ratio {result['ratio_calamine']:.2f}); peak memory {result['peak_mb']:.0f} MB resident "
            f"({result['before_mb']:.0f} MB before the import), Python allocations {result['python_peak_mb']:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=sorted(KINDS), action="append")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="lawdesk-bench-import-"))
    try:
        files = prepare(tmp, args.rows)
        results = [measure(kind, *files[kind], tmp, args.runs) for kind in (args.only or KINDS)]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    failures = [f"{r['kind']} time" for r in results if r["ratio_openpyxl"] > BUDGETS["ratio"]]
    failures += [f"{r['kind']} memory" for r in results if r["peak_mb"] > BUDGETS["peak_mb"]]
    load = os.getloadavg()
    if args.json:
        print(json.dumps({"results": results, "budgets": BUDGETS, "missed": failures,
                          "load_average": load, "cpus": os.cpu_count()}, ensure_ascii=False, indent=2))
    else:
        for result in results:
            print(report(result))
        print(f"load average during the run: {' '.join(f'{x:.2f}' for x in load)} on {os.cpu_count()} CPUs")
        print("OK: every budget met" if not failures else f"MISSED: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
