"""Undo for the report editor: every edit is a pair of Report snapshots (before, after).

Snapshots are cheap structural copies (sections and paragraph lists copied, strings shared), so a
40-page report clones in well under a millisecond and a keystroke can afford one. Text edits of one
field merge into one command, so Ctrl+Z undoes a typed sentence, not a character.
"""
from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from core.reports.model import Report, Section

_MERGEABLE = 5105  # any id but -1: Qt only offers merging between commands of equal id


def clone_section(section: Section) -> Section:
    copied = copy.copy(section)
    copied.body = list(section.body)
    copied.children = [clone_section(child) for child in section.children]
    return copied


def clone_report(report: Report) -> Report:
    copied = copy.copy(report)
    copied.opening = list(report.opening)
    copied.sections = [clone_section(section) for section in report.sections]
    copied.status_dates = dict(report.status_dates)
    copied.dropped = list(report.dropped)
    return copied


class SnapshotTarget(Protocol):
    def restore_snapshot(self, snapshot: Report, selected_uid: str | None) -> None: ...


class SnapshotCommand(QUndoCommand):
    """One edit. The edit is already applied when pushed, so the first redo() does nothing."""

    def __init__(self, target: SnapshotTarget, text: str, before: Report, after: Report,
                 selected_before: str | None, selected_after: str | None,
                 merge_key: str | None = None) -> None:
        super().__init__(text)
        self.target = target
        self.before = before
        self.after = after
        self.selected_before = selected_before
        self.selected_after = selected_after
        self.merge_key = merge_key
        self._applied = True

    def id(self) -> int:
        return _MERGEABLE if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SnapshotCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        self.selected_after = other.selected_after
        return True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.target.restore_snapshot(self.after, self.selected_after)

    def undo(self) -> None:
        self.target.restore_snapshot(self.before, self.selected_before)
