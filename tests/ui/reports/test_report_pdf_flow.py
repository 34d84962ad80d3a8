"""The PDF's page flow and line measure: 28 characters a line, headings kept with their text, widow control.

Reports are built so that, laid out by Qt alone, a heading lands on the last line of a page and paragraphs
leave single lines at a page's foot or head; `document_for` must move those breaks as Word does.
"""
from __future__ import annotations

import os
import stat
from datetime import date

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QTextDocument

from core.reports import layout
from core.reports.model import Report, Section
from ui.reports import pdf
from ui.reports.pdf_flow import standalone_headings

FILLER = "依法行政是政府工作的基本准则各级机关必须严格遵守法律法规规章"  # 30 ideographs, no punctuation


def _report(lead_lines: int, paragraph_chars: int = 150) -> Report:
    """Opening text of about `lead_lines` lines, then headings and paragraphs of `paragraph_chars`."""
    opening = [(FILLER * 40)[: 26 + 28 * (lead_lines - 1)]]
    body = [(FILLER * 20)[:paragraph_chars]]
    sections = [Section(f"第{i}部分的标题", 1, [], children=[Section(f"分项标题{i}", 3, list(body) * 2)])
                for i in range(1, 7)]
    return Report(id=1, year=2025, title="某局2025年度法治政府建设情况报告", unit="某局", opening=opening,
                  sections=sections, signature="某局", issued_on=date(2026, 1, 9))


def _blocks(doc: QTextDocument):
    block = doc.begin()
    while block.isValid():
        yield block
        block = block.next()


def _pages(block) -> list[int]:
    lay = block.layout()
    return [int((lay.position().y() + lay.lineAt(i).y()) // pdf.TEXT_H_PT) for i in range(lay.lineCount())]


def _naive(report: Report) -> QTextDocument:
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setHtml(layout.to_html(report))
    doc.setPageSize(QSizeF(pdf.TEXT_W_PT, pdf.TEXT_H_PT))
    doc.pageCount()
    return doc


def _heading_alone(doc: QTextDocument, headings: set[str]) -> bool:
    blocks = list(_blocks(doc))
    return any(b.text() in headings and nxt.layout().lineCount() and _pages(b)[-1] < _pages(nxt)[0]
               for b, nxt in zip(blocks, blocks[1:]))


def _lone_lines(doc: QTextDocument) -> bool:
    return any(len(p) >= 2 and (p[0] < p[1] or p[-2] < p[-1]) for p in map(_pages, _blocks(doc)))


def test_headings_stay_with_their_text_and_no_line_is_left_alone(qapp):
    pdf.ensure_app()
    naive_faults = 0
    for lead in range(1, 23):
        report = _report(lead)
        headings = standalone_headings(report)
        naive = _naive(report)
        naive_faults += _heading_alone(naive, headings) or _lone_lines(naive)
        doc = pdf.document_for(report)
        assert not _heading_alone(doc, headings), lead
        assert not _lone_lines(doc), lead
        assert "".join(doc.toPlainText().split()) == "".join(naive.toPlainText().split())  # same text
    assert naive_faults, "the reports never put a heading or a single line at a page break"


def test_lines_hold_28_characters(qapp):
    pdf.ensure_app()
    doc = pdf.document_for(_report(3, paragraph_chars=200))
    measured = 0
    for block in _blocks(doc):
        text, lay = block.text(), block.layout()
        if not text.startswith("依法") or lay.lineCount() < 3:
            continue
        lengths = [lay.lineAt(i).textLength() for i in range(lay.lineCount())]
        indented = block.blockFormat().textIndent() > 0
        assert lengths[0] == (26 if indented else 28) and set(lengths[1:-1]) == {28}, lengths
        measured += 1
    assert measured


def test_exported_pdf_gets_ordinary_permissions(qapp, tmp_path):
    out = tmp_path / "r.pdf"
    old = os.umask(0o027)
    try:
        pdf.write_pdf(_report(2), out)
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
