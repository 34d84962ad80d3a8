"""Annual report timings: import of each sample, Word export and check of a 40-page report (median of N runs).

    .venv/bin/python tests/benchmarks/bench_reports.py [--runs 15]

Budgets (issue 5): import ≤ 50 ms per sample (parse + store), Word export ≤ 0.5 s, check ≤ 100 ms.
Exits 1 when a budget is missed. The 40-page report is the Wujiang sample's sections repeated; its page
count is measured with the Qt PDF layout when PySide6 is available.
"""
from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SAMPLES = ROOT.parent / "shared" / "samples"
CORPUS = ROOT / "tests" / "data" / "reports"
sys.path[:0] = [str(ROOT), str(HERE)]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from timing import median_time  # noqa: E402

from core.db import open_store
from core.docmeta import DocInfo
from core.reports import checks, model, parse, repository
from core.reports.export_docx import export_docx

BUDGETS = {"import": 0.050, "export_docx": 0.5, "check": 0.100}


def big_report(pages_wanted: int = 40) -> model.Report:
    """The Wujiang sample (≈8.5 pages) with its sections repeated until it is about `pages_wanted` pages."""
    base = parse.parse_file(SAMPLES / "report-2020-wujiang-traditional.txt").report
    report = copy.deepcopy(base)
    copies = -(-pages_wanted // 8)  # the sample lays out at a little over 8 pages
    report.sections = []
    for _ in range(copies):
        for section in copy.deepcopy(base.sections):
            for s in model.walk(model.Report(sections=[section])):
                s.uid = model._new_uid()
            report.sections.append(section)
    return report


def page_count(report: model.Report) -> int | None:
    try:
        from ui.reports import pdf
    except ImportError:
        return None
    pdf.ensure_app()
    return pdf.document_for(report).pageCount()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    results: list[tuple[str, tuple[float, float], float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        parse.to_simplified("预热")  # OpenCC's dictionaries load once per process
        # the shared samples, and two web pages of the corpus with all their furniture (issue 10)
        pages = [CORPUS / "02-xxgk-metadata-labels-linklist-tail.txt", CORPUS / "20-traditional-site-labels-links.txt"]
        for sample in sorted(SAMPLES.glob("*.txt")) + pages:
            def one(sample=sample):
                repository.import_report(store, parse.parse_file(sample))
            results.append((f"import {sample.name}", median_time(one, args.runs), BUDGETS["import"]))
        store.close()
        report = big_report()
        out = Path(tmp) / "big.docx"
        info = DocInfo(report.signature, report.title, datetime(2026, 1, 9, 9, 0))
        results.append(("export_docx 40-page report", median_time(lambda: export_docx(report, out, info=info), args.runs),
                        BUDGETS["export_docx"]))
        results.append(("check 40-page report", median_time(lambda: checks.check(report, date(2026, 2, 1)), args.runs),
                        BUDGETS["check"]))
        pages = page_count(report)
    chars = sum(len(line) for line in model.plain_text(report))
    print(f"big report: {chars} characters, {pages if pages is not None else '?'} A4 pages (Qt layout)")
    failed = False
    for name, (seconds, cpu), budget in results:
        ok = seconds <= budget
        failed |= not ok
        print(f"{name:<48} {seconds * 1000:8.1f} ms (CPU {cpu * 1000:6.1f} ms)   budget {budget * 1000:.0f} ms   "
              f"{'OK' if ok else 'OVER'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
