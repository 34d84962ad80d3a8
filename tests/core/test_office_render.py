"""Render checks through LibreOffice (skipped, and saying so, when it is not installed).

The report's Word file must print as GB/T 9704 asks: 28 characters on every full body line, 22 lines on
every full page, and no line of a justified paragraph ending more than one character short. The Excel
ledgers must print on A4 landscape at 90 % or more, and no sheet may end with a page holding one row.
The official fonts are mapped to installed CJK fonts of the same widths (`tests.office_checks`).
"""
from __future__ import annotations

import shutil
import statistics

import pytest
from openpyxl import load_workbook

from core import demo as demo_data
from core import docmeta, ledger_xlsx, officedoc
from core.clock import FixedClock
from core.db import open_store
from core.rectification.export_xlsx import export_xlsx as export_rectification
from core.reports import repository
from core.reports.export_docx import export_docx
from core.study import export_xlsx as study_xlsx
from tests.conftest import TODAY
from tests.office_checks import pdf_lines, render_pdf, soffice

pytestmark = [
    pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed: the render checks are skipped "
                       "(apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"),
]

PT_PER_MM = 72 / 25.4
LEFT = officedoc.MARGINS_MM["left"] * PT_PER_MM
RIGHT = (210 - officedoc.MARGINS_MM["right"]) * PT_PER_MM
TOP = officedoc.MARGINS_MM["top"] * PT_PER_MM
BOTTOM = (297 - officedoc.MARGINS_MM["bottom"]) * PT_PER_MM
CHAR = officedoc.SIZE_3
OPENING_MARKS = "《（“‘【〔〈「『"


def _units(text: str) -> float:
    """Width in 3号 characters: half-width (ASCII) characters are half a character."""
    return sum(0.5 if ord(ch) < 128 else 1 for ch in text)


def _body_lines(pages: list[list[dict]]) -> list[list[dict]]:
    """Each page's body lines: inside the text block, 3号 (not the 2号 title), no page number."""
    return [[ln for ln in page if ln["y0"] > TOP - 5 and ln["y1"] < BOTTOM + 5 and ln["y1"] - ln["y0"] < 24]
            for page in pages]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The demo's report and ledgers, exported and converted once for the module (LibreOffice is slow)."""
    work = tmp_path_factory.mktemp("render")
    store = open_store(work / "demo.db", clock=FixedClock(TODAY))
    demo_data.fill(store)
    report = repository.load(store, 1)
    docx = work / "report.docx"
    export_docx(report, docx, info=docmeta.for_report(store, report))
    ledgers = work / "学法台账.xlsx", work / "整改台账.xlsx"
    study_xlsx.write_ledger(store, TODAY.year - 1, ledgers[0])
    export_rectification(store, ledgers[1])
    store.close()
    return {"report": render_pdf(docx, work), "ledgers": [(x, render_pdf(x, work)) for x in ledgers]}


def test_report_lines_of_28_characters_and_pages_of_22_lines(rendered):
    pages = _body_lines(pdf_lines(rendered["report"]))
    flat = [ln for page in pages for ln in page]
    full_lines = 0
    for line, after in zip(flat, flat[1:]):
        continued = abs(after["x0"] - LEFT) < 4  # the next line starts at the margin: same paragraph
        if not continued or line["x0"] > LEFT + 3 * CHAR:
            continue
        # a justified line reaches the right margin, less than one character short
        assert line["x1"] >= RIGHT - CHAR - 2, f"line ends {RIGHT - line['x1']:.1f} pt short: {line['text']}"
        width = _units(line["text"]) + (line["x0"] - LEFT) / (CHAR - 0.3)  # an indented first line
        hanging = line["x1"] > RIGHT + 2  # punctuation set into the margin (标点悬挂)
        if all(ord(ch) >= 128 for ch in line["text"]):  # digits bring their own spacing (autoSpaceDN)
            # 28, or 27 when an opening mark may not end a line (禁则) and went over with its text
            expected = {28 + hanging} | ({27} if after["text"][:1] in OPENING_MARKS else set())
            assert round(width) in expected, line["text"]
            full_lines += 1
    assert full_lines >= 15, "too few full lines to judge"
    pitch = 28.95
    for number, page in enumerate(pages[1:-1], start=2):  # the first page has the title, the last is short
        tops = [ln["y0"] for ln in page]
        gaps = [b - a for a, b in zip(tops, tops[1:])]
        assert all(abs(g - pitch) < 0.6 or abs(g - 2 * pitch) < 0.6 for g in gaps), number  # on the line grid
        assert len(page) <= 22
        slots = round((tops[-1] - tops[0]) / pitch) + 1
        if slots == 22:
            assert len(page) == 22, number
    full_pages = [p for p in pages[1:-1] if len(p) == 22]
    assert full_pages, "no full page to count"


def _serials(page: list[dict], left: float) -> dict[int, float]:
    """序号 → vertical centre of its cell text, for the numbers in the page's first column."""
    out = {}
    for line in page:
        first = line["words"][0]
        if first.isdigit() and line["x0"] < left + 25:
            out.setdefault(int(first), (line["y0"] + line["y1"]) / 2)
    return out


def test_ledgers_print_at_90_percent_without_a_lone_last_row(rendered):
    for xlsx, pdf in rendered["ledgers"]:
        book = load_workbook(xlsx)
        pages = pdf_lines(pdf)
        for ws in book.worksheets:
            title = ws["A1"].value
            own = [p for p in pages if any(ln["text"].replace(" ", "") == title.replace(" ", "") for ln in p)]
            assert own, title
            height = {row: ws.row_dimensions[row].height or ledger_xlsx.ROW_HEIGHT_PT for row in range(3, ws.max_row + 1)}
            scales = []
            for page in own:
                left = min(ln["x0"] for ln in page)
                centres = _serials(page, left)
                for n in centres:
                    if n + 1 in centres:  # rows n and n+1 are Excel rows n+2 and n+3, centres half a row each
                        scales.append((centres[n + 1] - centres[n]) / ((height[n + 2] + height[n + 3]) / 2))
            if scales:
                assert statistics.median(scales) >= 0.9 - 0.005, (title, statistics.median(scales))
            if len(own) > 1:
                last = own[-1]
                rows = len(_serials(last, min(ln["x0"] for ln in last))) + any(
                    ln["text"].startswith("合计") for ln in last)
                assert rows >= 2, f"{title}: the last page holds {rows} row"
