"""PDF and print of a report through Qt, in the same official layout as the preview (`core.reports.layout`).

The page is A4 with the GB/T 9704 margins; the text block is laid out by QTextDocument in points and each
page is painted with its number `— N —` (4号 宋体) under the text block, odd pages right, even pages left.
`write_pdf` also works headless (the CLI): it starts an offscreen QGuiApplication when none exists.

Qt's PDF writer gives a glyph shared by several code points the lowest of them (Noto CJK: ⼀ U+2F00 for
一, ⺠ for 民, `―` for `—` under a Chinese locale), so `write_pdf` has the text map repaired afterwards
from the text it painted (`core.reports.pdf_text`): search and copy in the PDF give the report's text.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from core.errors import LawDeskError
from core.files import make_ordinary
from core.officedoc import MARGINS_MM, SIZE_4
from core.reports import layout
from core.reports.export_docx import runs_in
from core.reports.model import Report, numbered
from core.reports.pdf_text import repair_text_layer
from ui.reports.pdf_flow import keep_together, standalone_headings
from ui.widgets.forms import fit_to_screen

_PT_PER_MM = 72 / 25.4
PAGE_W_PT = 210 * _PT_PER_MM
PAGE_H_PT = 297 * _PT_PER_MM
LEFT_PT = MARGINS_MM["left"] * _PT_PER_MM
TOP_PT = MARGINS_MM["top"] * _PT_PER_MM
TEXT_W_PT = (210 - MARGINS_MM["left"] - MARGINS_MM["right"]) * _PT_PER_MM
TEXT_H_PT = (297 - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * _PT_PER_MM
NUMBER_GAP_PT = 7 * _PT_PER_MM  # the page number sits 7 mm below the text block
PAGE_NUMBER_FONTS = ["宋体", "SimSun", "Noto Serif CJK SC", "Noto Sans CJK SC"]
RESOLUTION = 1200

_app: QGuiApplication | None = None


def ensure_app() -> None:
    """Qt needs an application object to lay out text; start an offscreen one when run from the CLI."""
    global _app
    if QCoreApplication.instance() is not None:
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication([sys.argv[0] if sys.argv else "lawdesk"])


def document_for(report: Report, public: bool = False) -> QTextDocument:
    """The report laid out on pages of the text block's size (units: points)."""
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setHtml(layout.to_html(report, public))
    doc.setPageSize(QSizeF(TEXT_W_PT, TEXT_H_PT))
    keep_together(doc, TEXT_H_PT, standalone_headings(report))  # headings with their text, widow control
    _keep_signature_with_text(doc, report, public)
    return doc


def _page_of(y: float) -> int:
    return int(y // TEXT_H_PT)


def _line_page(block, *, last: bool) -> int:
    """The page of a block's first (or last) line."""
    lines = block.layout()
    if lines.lineCount() == 0:
        return _page_of(lines.position().y())
    line = lines.lineAt(lines.lineCount() - 1 if last else 0)
    return _page_of(lines.position().y() + line.y())


def _keep_signature_with_text(doc: QTextDocument, report: Report, public: bool) -> None:
    """The 落款 never stands alone on a page (GB/T 9704): when it would, the last paragraph moves over with it."""
    if not (report.signature or report.issued_on):
        return
    tail = 1 + bool(report.signature) + bool(report.issued_on) + bool(report.contact and not public)
    blocks = []
    block = doc.begin()
    while block.isValid():
        blocks.append(block)
        block = block.next()
    if len(blocks) <= tail:
        return
    doc.pageCount()  # lays the whole document out; block layouts are empty until then
    if _line_page(blocks[-tail - 1], last=True) >= _line_page(blocks[-1], last=False):
        return
    # a heading standing on its own line goes along with its text
    headings = {number + s.heading for s, number, _ in numbered(report) if not runs_in(s)}
    first = len(blocks) - tail - 1
    while first > 0 and blocks[first - 1].text() in headings:
        first -= 1
    fmt = blocks[first].blockFormat()
    fmt.setPageBreakPolicy(QTextFormat.PageBreak_AlwaysBefore)
    QTextCursor(blocks[first]).setBlockFormat(fmt)


def _page_number_font() -> QFont:
    font = QFont()
    font.setFamilies(PAGE_NUMBER_FONTS)
    font.setPixelSize(SIZE_4)
    return font


def paint(doc: QTextDocument, device: QPagedPaintDevice) -> int:
    """Paint every page of `doc` on a full-page A4 device; returns the page count."""
    painter = QPainter(device)
    if not painter.isActive():
        raise LawDeskError("无法写入输出文件（可能被其他程序占用或没有写入权限）。请换一个位置或文件名再试。")
    try:
        scale = device.logicalDpiX() / 72
        painter.scale(scale, scale)
        pages = doc.pageCount()
        for index in range(pages):
            if index:
                device.newPage()
            _paint_page(painter, doc, index)
    finally:
        painter.end()
    return pages


def page_number(number: int) -> str:
    """The page number as printed: between one-character dashes (GB/T 9704)."""
    return f"— {number} —"


def painted_text(doc: QTextDocument, pages: int) -> str:
    """Everything `paint` puts on the pages: the document's text and the page numbers."""
    return doc.toPlainText() + "\n" + "\n".join(page_number(n) for n in range(1, pages + 1))


def _paint_page(painter: QPainter, doc: QTextDocument, index: int) -> None:
    """Draw the lines laid out on page `index` one by one.

    `drawContents` with a clip rectangle still emits the lines just outside it into the PDF (invisible, but
    pdftotext and copy-paste see them twice), so each line is drawn only on the page where it starts.
    """
    top, bottom = index * TEXT_H_PT, (index + 1) * TEXT_H_PT
    layout = doc.documentLayout()
    painter.save()
    painter.translate(LEFT_PT, TOP_PT - top)
    painter.setPen(Qt.black)
    block = doc.begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        if rect.bottom() >= top and rect.top() < bottom:
            text_layout = block.layout()
            origin = text_layout.position()
            for i in range(text_layout.lineCount()):
                line = text_layout.lineAt(i)
                if top <= origin.y() + line.y() < bottom:
                    line.draw(painter, origin)
        elif rect.top() >= bottom:
            break
        block = block.next()
    painter.restore()
    number = index + 1
    painter.setFont(_page_number_font())
    box = QRectF(LEFT_PT + SIZE_4, TOP_PT + TEXT_H_PT + NUMBER_GAP_PT, TEXT_W_PT - 2 * SIZE_4, SIZE_4 * 1.6)
    align = Qt.AlignRight if number % 2 else Qt.AlignLeft
    painter.drawText(box, int(align | Qt.AlignTop), page_number(number))


def _a4_full_page() -> QPageLayout:
    return QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Millimeter)


def write_pdf(report: Report, path: Path | str, public: bool = False) -> int:
    """Write the report as PDF (atomically); returns the page count."""
    ensure_app()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".~", suffix=".pdf")
    os.close(fd)
    try:
        writer = QPdfWriter(tmp)
        writer.setResolution(RESOLUTION)
        writer.setPageLayout(_a4_full_page())
        writer.setTitle(report.title or "年度报告")
        writer.setCreator("LawDesk 法治台账")
        doc = document_for(report, public)
        pages = paint(doc, writer)
        del writer  # flushes the file
        repair_text_layer(tmp, painted_text(doc, pages))
        make_ordinary(tmp)  # mkstemp's 0600 would keep the exported PDF from colleagues
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return pages


def print_report(report: Report, parent=None, public: bool = False) -> None:
    """Print with a preview (QPrintPreviewDialog), in the same layout as the PDF.

    A PDF "printed" from this dialog keeps Qt's own text map (radicals for some ideographs): the searchable
    PDF is the one `write_pdf` exports.
    """
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.HighResolution)
    printer.setFullPage(True)
    printer.setPageLayout(_a4_full_page())
    printer.setDocName(report.title or "年度报告")
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("打印预览 — " + (report.title or "年度报告"))
    fit_to_screen(dialog, 1200, 720)  # Qt's default (2/3 of the screen) hides half its tool bar behind »
    dialog.paintRequested.connect(lambda p: paint(document_for(report, public), p))
    dialog.exec()
