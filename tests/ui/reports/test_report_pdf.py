"""PDF through Qt: A4 pages, the report's text (pdftotext), page numbers, public version, CLI hook.

The PDF's text layer must be the report's text exactly: Qt alone maps a glyph shared by several code points
in Noto CJK to the lowest one (⼀ for 一, ⺠ for 民, `―` for `—` under a Chinese locale), and
`write_pdf` repairs that (core.reports.pdf_text). So these tests compare text as it is, without NFKC.
"""
from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from core.reports import model, parse
from core.reports.model import Report, Section

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="pdftotext (poppler-utils) is not installed: cannot read the PDF back")

ROOT = Path(__file__).resolve().parents[3]
RADICALS = re.compile("[\u2e80-\u2fdf]")  # CJK Radicals Supplement and Kangxi Radicals
PAGE_NUMBER = re.compile(r"—\d+—")


def _pdf_text(path, *args) -> str:
    """The PDF's text as pdftotext reads it, whitespace removed."""
    text = subprocess.run(["pdftotext", "-raw", *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return "".join(text.split())


def _flat(paragraphs) -> str:
    return "".join("".join(p.split()) for p in paragraphs)


def _differences(expected: str, got: str) -> list[tuple[str, str]]:
    """Every stretch that differs, as (expected, got)."""
    return [(expected[a1:a2], got[b1:b2])
            for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, expected, got, autojunk=False).get_opcodes()
            if op != "equal"]


def _contains(text: str, paragraph: str) -> bool:
    return _flat([paragraph]) in text


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
    text = PAGE_NUMBER.sub("", _pdf_text(out))
    assert pages >= 4
    assert _differences(_flat(model.plain_text(report)), text) == []
    assert not RADICALS.search(text)


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

    from core.reports.pdf_text import repair_text_layer
    from ui.reports.pdf import _a4_full_page, document_for, paint, painted_text, write_pdf

    report = parse.parse_file(samples_dir / "report-2024-qingyuan.txt").report
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setFullPage(True)
    printer.setPageLayout(_a4_full_page())
    doc = document_for(report)
    printed = paint(doc, printer)
    del printer  # flushes the file
    assert printed == write_pdf(report, tmp_path / "written.pdf")
    # the printer's PDF has Qt's own text map; repaired the same way, it reads like the exported one
    repair_text_layer(tmp_path / "printed.pdf", painted_text(doc, printed))
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


# ---- the text layer: shared glyphs, dashes, radicals the document really uses, in both locales ----------

def _shared_glyph_report() -> Report:
    """一 工 民 … share their glyph with Kangxi/CJK radicals in Noto CJK; `—` becomes `―` under zh_CN and
    `——` one two-em-dash glyph."""
    return Report(id=2, year=2025, title="行政工作报告", unit="某局",
                  opening=["一、工、民：行政工作——人民至上—全年一次。"],
                  sections=[Section("工作成效", 1, ["人民满意，一以贯之——工作不停。"], "achievements")],
                  signature="某局", issued_on=date(2026, 1, 9))


def _radical_report() -> Report:
    """A document that really writes radicals (and none of the ideographs that share their glyphs)."""
    return Report(id=3, year=2025, title="部首⼀⼯⺠", unit="某局", opening=["康熙部首⼀与⼯，部首补充⺠。"],
                  signature="某局", issued_on=date(2026, 1, 9))


_WRITE_IN_CHILD = """
import pickle, sys
sys.path.insert(0, sys.argv[3])
from ui.reports.pdf import write_pdf
with open(sys.argv[1], "rb") as f:
    reports = pickle.load(f)
for name, report in reports.items():
    write_pdf(report, f"{sys.argv[2]}/{name}.pdf")
"""


def _locale_installed(name: str) -> bool:
    if name.startswith("C."):
        return True
    listed = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout.split()
    return name.lower().replace("-", "") in {n.lower().replace("-", "") for n in listed}


def _write_under_locale(tmp_path: Path, lang: str, reports: dict[str, Report]) -> None:
    """Write the PDFs in a fresh process under `lang`: Qt shapes by the process locale (zh_CN picks the
    Chinese `locl` forms), whatever locale this test session runs in."""
    import pickle

    if not _locale_installed(lang):
        pytest.skip(f"locale {lang} is not installed")
    (tmp_path / "reports.pickle").write_bytes(pickle.dumps(reports))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(LANG=lang, LC_ALL=lang, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", _WRITE_IN_CHILD, str(tmp_path / "reports.pickle"), str(tmp_path),
                           str(ROOT)], capture_output=True, text=True, env=env, check=False, timeout=300)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("lang", ["C.UTF-8", "zh_CN.UTF-8"])
def test_pdf_text_is_the_document_text_in_each_locale(tmp_path, lang):
    reports = {"shared": _shared_glyph_report(), "radicals": _radical_report()}
    _write_under_locale(tmp_path, lang, reports)

    shared = _pdf_text(tmp_path / "shared.pdf")
    assert not RADICALS.search(shared), RADICALS.findall(shared)
    assert _differences(_flat(model.plain_text(reports["shared"])), PAGE_NUMBER.sub("", shared)) == []
    for word in ("一", "工", "民", "行政", "工作", "人民", "——", "人民至上—全年"):
        assert word in shared
    assert "―" not in shared and "\u2e3a" not in shared  # not the horizontal bar, not a two-em dash
    assert shared.endswith("—1—")

    radicals = _pdf_text(tmp_path / "radicals.pdf")
    assert _differences(_flat(model.plain_text(reports["radicals"])), PAGE_NUMBER.sub("", radicals)) == []
    assert "部首⼀⼯⺠" in radicals and "一" not in radicals


def test_repair_without_the_text_prefers_ideographs_to_radicals(qapp, tmp_path):
    """Qt's own PDF (a printer's), repaired knowing nothing of the text: radicals give way to ideographs."""
    from PySide6.QtGui import QPdfWriter

    from core.reports.pdf_text import repair_text_layer
    from ui.reports.pdf import _a4_full_page, document_for, paint

    raw = tmp_path / "qt.pdf"
    writer = QPdfWriter(str(raw))
    writer.setPageLayout(_a4_full_page())
    paint(document_for(_shared_glyph_report()), writer)
    del writer
    repair_text_layer(raw)
    text = _pdf_text(raw)
    assert not RADICALS.search(text)
    assert all(word in text for word in ("一", "工", "行政", "工作", "人民"))


def test_supplementary_plane_characters_get_their_text(qapp, tmp_path):
    """Qt maps only BMP code points back from glyphs: 𠮷 (U+20BB7) would leave no text at all."""
    from core.reports import pdf_fonts
    from ui.reports.pdf import write_pdf

    font = pdf_fonts.find_font("NotoSerifCJKsc-Regular")
    if font is None or 0x20BB7 not in font.cmap:
        pytest.skip("no installed body font draws U+20BB7")
    report = Report(id=4, year=2025, title="生僻字", unit="某局", opening=["𠮷野家，一工。"], signature="某局",
                    issued_on=date(2026, 1, 9))
    write_pdf(report, tmp_path / "r.pdf")
    text = PAGE_NUMBER.sub("", _pdf_text(tmp_path / "r.pdf"))
    assert _differences(_flat(model.plain_text(report)), text) == []
