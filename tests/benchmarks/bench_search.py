"""Search and 首页 benchmark on the benchmark database (100,000 sessions, 20,000 items, 200 reports).

    .venv/bin/python tests/benchmarks/bench_search.py [--db PATH] [--rebuild] [--launches 5]

Measures (issue 6 budgets): latency of 200 queries of 1–6 characters, common and rare, Simplified and
Traditional (p95 ≤ 50 ms); index size against the UTF-8 size of the indexed text (≤ 1.5×); the 首页
figures; and launch to an interactive window, median of 5 (≤ 1.5 s). The database is built with
`bench_db.build`, `build_rectification` and `build_reports` when PATH does not exist, and reused after
that. Exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(HERE)]

from timing import median_time  # noqa: E402

from core.db import open_store
from core.rectification import dashboard as rectification_dashboard
from core.reports import dashboard as reports_dashboard
from core.search import index, sources
from core.search.query import search
from core.study import dashboard as study_dashboard

DEFAULT_DB = Path(os.environ.get("TMPDIR", "/tmp")) / "lawdesk-bench.db"
BUDGETS = {"p95_ms": 50.0, "size_ratio": 1.5, "launch_s": 1.5}
COMMON = (
    "整改",
    "学法",
    "法",
    "法治",
    "行政复议",
    "民法典",
    "宪法",
    "学习",
    "政务服务",
    "会议室",
    "制度",
    "落实",
    "的",
    "年",
    "局",
    "集中学法",
    "专题讲座",
    "问题",
    "合法性审核",
    "数据安全",
    "习近平法治思想",
    "考试",
)
RARE = (
    "鲲鹏",
    "魑魅魍魉",
    "量子",
    "碳中和",
    "乡村振兴",
    "区块链",
    "邕",
    "龘",
    "氢能源",
    "元宇宙",
    "垃圾分类",
    "无人机",
    "冬奥",
    "Ｘ光",
)
TRADITIONAL = (
    "學法",
    "整頓",
    "建設",
    "憲法",
    "數據安全",
    "個人信息",
    "審計",
    "會議",
    "監督",
    "條例",
    "機關",
    "處罰",
)


def build(path: Path) -> None:
    """The benchmark database from the shared builders: staff and study, rectification, then reports."""
    import bench_db  # tests/benchmarks/bench_db.py

    bench_db.build(path, sessions=100_000, attendance=1_000_000)
    bench_db.build_rectification(path, items=20_000)
    bench_db.build_reports(path, reports=200)


def queries(store, count: int = 200, seed: int = 6) -> list[str]:
    """Half are substrings (1–6 characters) of random documents, a kind drawn evenly (report head, section,
    session, item, person) then a document of it; the rest common, rare and Traditional words, so both
    huge and empty result sets are timed."""
    rng = random.Random(seed)
    bands = {code: n for code, n in store.conn.execute("select code, count(*) from search_doc group by code")}
    picked: list[str] = []
    while len(picked) < count // 2:
        code = rng.choice(sorted(bands))
        record_id = store.scalar(
            "select record_id from search_doc where code = ? limit 1 offset ?",
            [code, rng.randrange(bands[code])],
        )
        doc = sources.load_ids(store, code, [record_id]).get(record_id)
        text = "".join(ch for ch in (doc.text if doc else "") if ch.isalnum())
        length = rng.randint(1, 6)
        if len(text) >= length:
            start = rng.randrange(len(text) - length + 1)
            picked.append(text[start : start + length])
    words = list(COMMON + RARE + TRADITIONAL)
    while len(picked) < count:
        picked.append(rng.choice(words))
    rng.shuffle(picked)
    return picked


def time_queries(store, words: list[str]) -> dict:
    search(store, "预热")  # first query pays for opening OpenCC and the page cache
    times, hits = [], 0
    for word in words:
        start = time.perf_counter()
        result = search(store, word)
        times.append((time.perf_counter() - start) * 1000)
        hits += result.hit_count
    times.sort()
    return {
        "n": len(times),
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * len(times)) - 1],
        "max_ms": times[-1],
        "mean_hits": hits / len(times),
        "lengths": {n: sum(1 for w in words if len(w) == n) for n in range(1, 7)},
    }


def sizes(store) -> dict:
    """Bytes of the index (FTS5 shadow tables, the doc map and its indexes) and of the text it indexes."""
    index_bytes = store.scalar(
        "select sum(pgsize) from dbstat where name like 'search_fts%' or name like 'search_doc%' "
        "or name like 'sqlite_autoindex_search%' or name = 'search_meta'"
    )
    text_bytes = docs = 0
    for code in sources.available(store):
        for batch in sources.load(store, code):
            docs += len(batch)
            # the fields' own text, without the " · " the index puts between fields
            text_bytes += sum(len(d.text.encode("utf-8")) - 4 * d.text.count(" · ") for d in batch)
    return {
        "docs": docs,
        "text_bytes": text_bytes,
        "index_bytes": index_bytes,
        "size_ratio": index_bytes / text_bytes,
        "db_bytes": store.path.stat().st_size,
    }


def time_dashboard(store, runs: int = 5) -> dict:
    today = date.today()
    year = int(store.scalar("select max(substr(held_on, 1, 4)) from study_session") or today.year)
    parts = {
        "study": lambda: study_dashboard.figures(store, year, today),
        "rectification": lambda: rectification_dashboard.figures(store, year, today),
        "report": lambda: reports_dashboard.figures(store, year, today),
    }
    return {name + "_ms": median_time(fn, runs)[0] * 1000 for name, fn in parts.items()}


def time_launch(path: Path, runs: int, bytecode: bool = True) -> list[float]:
    """Launch to the window shown with the event loop running (tests/benchmarks/launch_time.py's way).

    With `bytecode` the warm-up launch writes .pyc files (to a cache folder beside the database) and the timed
    ones use them, as an installed app does; without, every launch compiles the app's modules again (this
    sandbox sets PYTHONDONTWRITEBYTECODE)."""
    from launch_time import _env, launch_once

    env = _env(path.parent)
    cache = Path(tempfile.mkdtemp(prefix="lawdesk-pyc-", dir=path.parent))
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    command = [sys.executable, "main.py", "--db", str(path)]
    try:
        launch_once(command, env)  # warm the file cache (and write the .pyc files); not counted
        return [launch_once(command, env) for _ in range(runs)]
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--rebuild", action="store_true", help="time a full rebuild of the index first")
    parser.add_argument("--launches", type=int, default=5)
    args = parser.parse_args()
    if not args.db.exists():
        print(f"building {args.db} …", flush=True)
        build(args.db)
    started = time.perf_counter()
    store = open_store(args.db)
    index.catch_up(store)  # opening leaves a rebuild or a long queue for after the window; do it here
    print(f"open (index checked, caught up or built): {time.perf_counter() - started:.2f} s")
    counts = {
        t: store.scalar(f"select count(*) from {t}")
        for t in ("study_session", "study_attendance", "rectification", "report", "report_section", "staff")
    }
    print("records:", ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    if args.rebuild:
        start = time.perf_counter()
        docs = index.rebuild(store)
        print(f"rebuild: {docs:,} documents in {time.perf_counter() - start:.2f} s")
    size = sizes(store)
    print(
        f"index: {size['index_bytes'] / 1e6:.1f} MB for {size['text_bytes'] / 1e6:.1f} MB of text "
        f"({size['docs']:,} documents) = {size['size_ratio']:.2f}× (budget ≤ {BUDGETS['size_ratio']}×)"
    )
    lat = time_queries(store, queries(store))
    print(
        f"queries: {lat['n']} (by length {lat['lengths']}), p50 {lat['p50_ms']:.1f} ms, "
        f"p95 {lat['p95_ms']:.1f} ms, max {lat['max_ms']:.1f} ms, "
        f"{lat['mean_hits']:.0f} hits shown on average "
        f"(budget p95 ≤ {BUDGETS['p95_ms']:.0f} ms)"
    )
    dash = time_dashboard(store)
    print("首页 figures (median of 5, busiest year): " + ", ".join(f"{k} {v:.0f}" for k, v in dash.items()))
    store.close()
    ok = lat["p95_ms"] <= BUDGETS["p95_ms"] and size["size_ratio"] <= BUDGETS["size_ratio"]
    if args.launches:
        for bytecode in (False, True):
            times = time_launch(args.db, args.launches, bytecode)
            median = statistics.median(times)
            print(
                f"launch to interactive window ({'with' if bytecode else 'without'} .pyc files): median "
                f"{median:.3f} s of {len(times)} ({', '.join(f'{t:.3f}' for t in times)}) "
                f"(budget ≤ {BUDGETS['launch_s']} s)"
            )
        ok = ok and median <= BUDGETS["launch_s"]
    print("OK" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
