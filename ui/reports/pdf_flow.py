"""Page breaks of the PDF as Word makes them: headings kept with their text, no widow or orphan lines.

Qt's QTextDocument breaks pages line by line and knows neither keep-with-next nor widow control, so a
heading could end a page and a paragraph's last line start one. After layout, `keep_together` walks the
blocks in order and fixes each break the way Word does:

* a heading on a line of its own moves to the next page with the paragraph after it (so do the headings
  just above it: 「一、…」 followed by 「（一）…」);
* the first line of a paragraph alone at the foot of a page moves over with the rest (orphan);
* the last line alone at the head of a page takes the line before it along (widow): a paragraph of two
  or three lines moves whole, a longer one continues on the next page from its last-but-one line (the
  paragraph is split there into two blocks, the second without first-line indent, so it reads as one).

Each fix lays the rest of the document out again, so later breaks are judged on the moved text.
"""
from __future__ import annotations

from collections.abc import Collection

from PySide6.QtGui import QTextBlock, QTextCursor, QTextDocument, QTextFormat

from core.reports.export_docx import runs_in
from core.reports.model import Report, numbered


def standalone_headings(report: Report) -> set[str]:
    """The text of every heading block that is a line of its own (not 「（一）标题。正文…」)."""
    return {number + s.heading for s, number, _depth in numbered(report) if not runs_in(s)}


def keep_together(doc: QTextDocument, page_height: float, headings: Collection[str]) -> None:
    """Move page breaks in a laid-out document (pages of `page_height`) as described above."""
    doc.pageCount()  # lays the whole document out; block layouts are empty until then
    block = doc.begin()
    while block.isValid():
        moved = _fix(block, page_height, headings)
        if moved is None:
            block = block.next()
        else:  # the moved block is judged again where it now stands (it starts a page, so this ends)
            doc.pageCount()
            block = moved


def _fix(block: QTextBlock, page_height: float, headings: Collection[str]) -> QTextBlock | None:
    """Break before or inside `block` if its lines or the heading above need it; returns the block moved."""
    pages = _line_pages(block, page_height)
    n = len(pages)
    orphan = n >= 2 and pages[0] < pages[1]
    widow = n >= 2 and pages[-2] < pages[-1]
    if orphan or (widow and n <= 3) or (n and block.text() in headings and _ends_page(block, pages[-1], page_height)):
        return _break_before(_with_headings_above(block, headings), page_height)
    if widow:
        return _split_before_line(block, n - 2)
    return None


def _ends_page(block: QTextBlock, page: int, page_height: float) -> bool:
    """Whether the text after `block` starts on a later page than `page`."""
    following = block.next()
    return (following.isValid() and following.layout().lineCount() > 0
            and _line_pages(following, page_height)[0] > page)


def _line_pages(block: QTextBlock, page_height: float) -> list[int]:
    layout = block.layout()
    top = layout.position().y()
    return [int((top + layout.lineAt(i).y()) // page_height) for i in range(layout.lineCount())]


def _with_headings_above(block: QTextBlock, headings: Collection[str]) -> QTextBlock:
    while block.previous().isValid() and block.previous().text() in headings:
        block = block.previous()
    return block


def _break_before(block: QTextBlock, page_height: float) -> QTextBlock | None:
    """Start `block` on a new page, unless it starts one already (then nothing can be gained)."""
    layout = block.layout()
    if layout.lineCount() == 0:
        return None
    top = layout.position().y() + layout.lineAt(0).y()
    fmt = block.blockFormat()
    if top % page_height < 1 or fmt.pageBreakPolicy() & QTextFormat.PageBreak_AlwaysBefore:
        return None
    fmt.setPageBreakPolicy(QTextFormat.PageBreak_AlwaysBefore)
    QTextCursor(block).setBlockFormat(fmt)
    return block


def _split_before_line(block: QTextBlock, line: int) -> QTextBlock:
    """Continue the paragraph in a new block that starts on the next page with line `line`."""
    fmt = block.blockFormat()
    fmt.setTextIndent(0)
    fmt.setPageBreakPolicy(QTextFormat.PageBreak_AlwaysBefore)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + block.layout().lineAt(line).textStart())
    cursor.insertBlock(fmt)
    return cursor.block()
