"""PDF through Qt: A4 pages, the report's text (pdftotext), page numbers, public version, CLI hook."""
from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import date

import pytest

from core.reports import model, parse
from core.reports.model import Report, Section

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="pdftotext (poppler-utils) is not installed: cannot read the PDF back")

# Qt's PDF text map picks the lowest code point for a glyph shared by several in Noto CJK: Kangxi radicals
# (⼀ for 一, NFKC folds these back), CJK radicals (⺠ for 民) or a variant (戶 for 户). Those one-for-one
# substitutions are allowed; anything missing, added or reordered is not.


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u2fdf" or "\u3400" <= ch <= "\u9fff"


def _pdf_text(path, *args) -> str:
    text = subprocess.run(["pdftotext", "-raw", *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return "".join(unicodedata.normalize("NFKC", text).split())


def _flat(paragraphs) -> str:
    return "".join("".join(unicodedata.normalize("NFKC", p).split()) for p in paragraphs)


def _differences(expected: str, got: str) -> list[tuple[str, str]]:
    """What differs, except one-for-one swaps of an ideograph for a radical or variant of the same glyph."""
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, expected, got, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and a2 - a1 == b2 - b1 and all(_is_cjk(c) for c in got[b1:b2] + expected[a1:a2]):
            continue
        out.append((expected[a1:a2], got[b1:b2]))
    return out


def _contains(text: str, paragraph: str) -> bool:
    flat = _flat([paragraph])
    return any(not _differences(flat, text[i:i + len(flat)]) for i in _starts(text, flat))


def _starts(text: str, flat: str):
    """Candidate offsets: where the paragraph's first non-ideograph-sensitive characters occur."""
    probe = flat[:1]
    return [i for i in range(len(text)) if text[i] == probe or _is_cjk(text[i]) and _is_cjk(probe)][:5000]


def _report() -> Report:
    return Report(id=1, year=2025, title="某局2025年度法治政府建设情况报告", unit="某局", recipient="区委、区政府",
                  opening=["现将有关情况报告如下："],
                  sections=[Section("主要举措和成效", 1, ["全年组织学法12次。" * 30], "achievements",
                                    children=[Section("深入学习。", 2, ["学习正文。"])])],
                  signature="某局", issued_on=date(2026, 1, 9), contact="（联系人：李文静，联系电话：0791-86661234）")


@pytest.mark.parametrize("sample", ["report-2020-wujiang-traditional.txt", "report-2023-district-data-bureau.txt",
                                    "report-2024-qingyuan.txt"])
def test_pdf_holds_the_report_text(qapp, tmp_path, samples_dir, sample):
    from ui.reports.pdf import write_pdf

    report = parse.parse_file(samples_dir / sample).report
    out = tmp_path / "r.pdf"
    pages = write_pdf(report, out)
    # page numbers sit between the pages' text; drop them to compare the running text
    text = re.sub(r"—\d+—", "", _pdf_text(out))
    assert pages >= 4
    assert _differences(_flat(model.plain_text(report)), text) == []


def test_pdf_pages_a4_numbers_and_public(qapp, tmp_path):
    from ui.reports.pdf import write_pdf

    out = tmp_path / "r.pdf"
    write_pdf(_report(), out)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d* x 841\.\d*|Page size:\s+595 x 842", info)
    first = _pdf_text(out, "-f", "1", "-l", "1")
    assert first.endswith("—1—") and _contains(first, "某局2025年度法治政府建设情况报告")
    full = _pdf_text(out)
    assert _contains(full, "（联系人：李文静，联系电话：0791-86661234）")
    public = tmp_path / "p.pdf"
    write_pdf(_report(), public, public=True)
    assert "联系人" not in _pdf_text(public) and _contains(_pdf_text(public), "2026年1月9日")


def test_cli_exports_pdf_headless(tmp_path, samples_dir):
    db = tmp_path / "c.db"
    root = __import__("pathlib").Path(__file__).resolve().parents[3]
    run = [sys.executable, str(root / "main.py"), "--db", str(db)]
    subprocess.run([*run, "import", "report", str(samples_dir / "report-2024-qingyuan.txt")], check=True,
                   capture_output=True)
    out = tmp_path / "q.pdf"
    done = subprocess.run([*run, "export", "report", "1", "--format", "pdf", "--out", str(out)],
                          capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert _contains(_pdf_text(out), "深入学习思想,加强组织领导")


def test_print_path_paints_the_same_pages(qapp, tmp_path, samples_dir):
    from PySide6.QtPrintSupport import QPrinter

    from ui.reports.pdf import _a4_full_page, document_for, paint, write_pdf

    report = parse.parse_file(samples_dir / "report-2024-qingyuan.txt").report
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setFullPage(True)
    printer.setPageLayout(_a4_full_page())
    printed = paint(document_for(report), printer)
    assert printed == write_pdf(report, tmp_path / "written.pdf")
    assert _pdf_text(tmp_path / "printed.pdf") == _pdf_text(tmp_path / "written.pdf")


def test_signature_never_alone_on_a_page(qapp):
    from ui.reports.pdf import _line_page, document_for

    for lines in range(14, 40):
        report = _report()
        report.sections[0].body = ["一行正文。"] * lines
        doc = document_for(report)
        blocks = []
        block = doc.begin()
        while block.isValid():
            blocks.append(block)
            block = block.next()
        # blocks from the end: contact, date, signature, blank line, then the last paragraph of text
        assert _line_page(blocks[-5], last=True) == _line_page(blocks[-1], last=False), \
            f"{lines} lines: the 落款 went to a page of its own"
