"""The outline from the lines after the first heading: sections nest by the form of their number.

`二、` followed by `1.` is a skipped level, not an error. Written numbers are dropped (recomputed from
position) but jumps and repeats are kept as findings for 核稿. A heading glued to the end of a paragraph
is split out only when its number continues a sequence already open (「…工作。3.加强…」 after 2.), or
starts a new part or chapter (一、 （一）), so a list inside a sentence stays prose.
"""
from __future__ import annotations

from core.reports import numbering
from core.reports.lines import Line
from core.reports.model import Report, Section, guess_kind, number_for
from core.reports.numbering import Heading


class OutlineBuilder:
    """Feed it lines in order with `add`; the sections land in `report.sections`."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.stack: list[Section] = []  # the open chain: a top-level part down to the current section
        self.written: dict[str, int] = {}  # section uid -> its number as written
        self.forms: dict[str, str] = {}  # section uid -> the form of its number
        self.last_written: dict[tuple[int, int], int] = {}  # (id of parent or 0, level) -> last written

    def add(self, line: Line) -> None:
        piece, first = line.text, True
        while piece:
            found = numbering.heading_of(piece, line.style_level if first else None)
            if found and (self._fits(found) if first else self._continues(found)):
                piece = self._open(found, line)
            else:
                at = self._glue_at(piece)
                self._append(piece[:at] if at else piece)
                piece = piece[at:] if at else ""
            first = False

    # -- deciding --------------------------------------------------------------------------------
    def _fits(self, found: Heading) -> bool:
        """A line's own heading, unless it mixes forms at level 4 (① items under a （1） are prose)."""
        sibling = next((s for s in reversed(self.stack) if s.level == found.level), None)
        return found.level != 4 or sibling is None or self.forms.get(sibling.uid) in (found.form, "style")

    def _continues(self, found: Heading) -> bool:
        """A heading inside a line: the next number of a sequence that is open, or a new 一、/（一）."""
        if found.written is None:
            return False
        for section in self.stack:
            if section.level == found.level:
                return (self.written.get(section.uid) == found.written - 1
                        and self.forms.get(section.uid) == found.form)
        deeper = not self.stack or found.level > self.stack[-1].level
        return found.written == 1 and found.level <= 2 and deeper

    def _glue_at(self, text: str) -> int | None:
        for at in numbering.glue_points(text):
            found = numbering.heading_of(text[at:])
            if found and self._continues(found):
                return at
        return None

    # -- building --------------------------------------------------------------------------------
    def _open(self, found: Heading, line: Line) -> str:
        """Open the section; returns the text after its heading (its first paragraph, or a glued heading)."""
        heading, body = numbering.split_inline(found.level, found.text)
        while self.stack and self.stack[-1].level >= found.level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        section = Section(heading=heading, level=found.level, body=[])
        (parent.children if parent else self.report.sections).append(section)
        if found.written is not None:
            self.written[section.uid] = found.written
            self._note_numbering(section, parent, found.written, line)
        self.forms[section.uid] = found.form
        self.stack.append(section)
        if found.level == 1:
            at = self._glue_at(heading)
            if at:
                section.heading, body = heading[:at].rstrip(), heading[at:]
        if parent is None:
            section.kind = guess_kind(section.heading)
        return body

    def _append(self, text: str) -> None:
        text = text.strip()
        if text and self.stack:
            self.stack[-1].body.append(text)

    def _note_numbering(self, section: Section, parent: Section | None, written: int, line: Line) -> None:
        key = (id(parent) if parent else 0, section.level)
        previous = self.last_written.get(key, 0)
        self.last_written[key] = written
        if written == previous + 1:
            return
        problem = "重复" if written == previous else ("跳号" if written > previous + 1 else "顺序颠倒")
        expected = number_for(section.level, previous)
        shown = number_for(section.level, written - 1)
        self.report.import_findings.append({
            "code": "numbering", "section_uid": section.uid, "line": line.number, "text": line.text[:80],
            "message": f"原文编号{problem}：“{shown}”之前应为“{expected}”（第 {line.number} 行）。"
                       "导入后已按位置重新编号，请核对是否漏了或多了内容。",
        })
