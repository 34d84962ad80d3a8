"""The report as a Word document in official format (GB/T 9704), through the shared `core.officedoc`.

Headings use Word's heading styles (the navigation pane shows the outline) with their computed numbers as
text; a level 2–4 heading that ends with 「。」 carries its first paragraph on the same line, as officials
write it. The public version leaves out the contact line. The file's author is the unit, its title the
report's title (`core.docmeta.for_report`).
"""
from __future__ import annotations

from pathlib import Path

from core import officedoc
from core.docmeta import DocInfo
from core.reports.model import Report, Section, numbered

_TITLE_LINE_CHARS = 20  # a 2号 title line holds about 20 characters in the 156 mm text block


def title_lines(title: str) -> list[str]:
    """One line, or two split where a clerk would: after the year (or before 法治政府建设)."""
    if len(title) <= _TITLE_LINE_CHARS:
        return [title] if title else []
    for marker, after in (("年度", True), ("年", True), ("法治政府建设", False), ("关于", True)):
        at = title.find(marker)
        if at > 0:
            cut = at + len(marker) if after else at
            if 4 <= cut <= _TITLE_LINE_CHARS + 4 and len(title) - cut >= 4:
                return [title[:cut], title[cut:]]
    middle = (len(title) + 1) // 2
    return [title[:middle], title[middle:]]


def runs_in(section: Section) -> bool:
    """Whether the first paragraph continues on the heading's line (「（一）标题。正文…」)."""
    heading = section.heading
    return (section.level >= 2 and bool(section.body) and bool(section.body[0])
            and heading.endswith("。") and heading.count("。") == 1)


def build(report: Report, public: bool = False):
    """The python-docx Document (not saved)."""
    doc = officedoc.new_document()
    if report.title:
        officedoc.add_title(doc, title_lines(report.title))
    if report.recipient:
        officedoc.add_recipient(doc, report.recipient)
    for paragraph in report.opening:
        officedoc.add_paragraph(doc, paragraph)
    for section, number, _depth in numbered(report):
        body = list(section.body)
        first = body.pop(0) if runs_in(section) else ""
        heading = officedoc.add_heading(doc, number, section.heading, section.level, first)
        if first:  # a heading carrying its paragraph is text, not a line to keep with the next one
            heading.paragraph_format.keep_with_next = False
            heading.paragraph_format.keep_together = False
        for paragraph in body:
            officedoc.add_paragraph(doc, paragraph)
    before_signature = len(doc.paragraphs)
    if report.signature or report.issued_on:
        officedoc.add_signature(doc, report.signature, report.issued_on)
    if report.contact and not public:
        officedoc.add_paragraph(doc, report.contact)
    _keep_signature_with_text(doc, before_signature)
    return doc


def _keep_signature_with_text(doc, first_tail: int) -> None:
    """The 落款 never stands alone on a page (GB/T 9704): the last paragraph of text goes with it."""
    paragraphs = doc.paragraphs
    if first_tail == 0 or first_tail >= len(paragraphs):
        return
    for paragraph in paragraphs[first_tail - 1:-1]:
        paragraph.paragraph_format.keep_with_next = True


def export_docx(report: Report, path: Path | str, public: bool = False, *, info: DocInfo) -> None:
    """Write the report to `path` (atomically: a failed export leaves no half-written file)."""
    officedoc.save(build(report, public), path, info)
