"""Date fields whose calendar popup opens where the clerk expects: on the field's date, else on today.

A QDateEdit that can mean "no date" (未定, 未填写) holds its minimum date behind the special text;
Qt's popup then opens on that minimum (January 2000 or 1900), and the clerk has to page forward
for years. `calendar_opens_on` moves the popup's page to today whenever the field shows its special
value. "Today" is the page's or editor's own (a date or a function returning one), never read here.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject
from PySide6.QtGui import QFont, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QDateEdit

Today = date | Callable[[], date]


def _as_date(today: Today) -> date:
    return today() if callable(today) else today


def is_empty(edit: QDateEdit) -> bool:
    """True while the field shows its special value ("no date") rather than a date."""
    return bool(edit.specialValueText()) and edit.date() == edit.minimumDate()


class _OpenOnToday(QObject):
    """Watches the popup's calendar: each time it is shown, mark today (bold) and, if the field is
    empty, page to today's month.

    Qt sets the calendar to the field's date just before showing it, so the page is turned on Show.
    """

    def __init__(self, edit: QDateEdit, today: Today) -> None:
        super().__init__(edit)
        self.edit = edit
        self.today = today
        self.marked: QDate | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Show and isinstance(watched, QCalendarWidget):
            day = _as_date(self.today)
            self._mark(watched, QDate(day.year, day.month, day.day))
            if is_empty(self.edit):
                watched.setCurrentPage(day.year, day.month)
        return False

    def _mark(self, calendar: QCalendarWidget, today: QDate) -> None:
        """Today in bold, so the clerk sees where "now" is (the day may have changed since last time)."""
        if self.marked is not None and self.marked != today:
            calendar.setDateTextFormat(self.marked, QTextCharFormat())
        bold = calendar.dateTextFormat(today)
        bold.setFontWeight(QFont.Bold)
        bold.setFontUnderline(True)
        calendar.setDateTextFormat(today, bold)
        self.marked = today


def calendar_opens_on(edit: QDateEdit, today: Today) -> QDateEdit:
    """Give `edit` a calendar popup that opens on its date, or on `today` while it has no date; returns it."""
    edit.setCalendarPopup(True)
    watcher = _OpenOnToday(edit, today)
    edit.calendarWidget().installEventFilter(watcher)
    edit._open_on_today = watcher  # the filter lives as long as the field
    return edit


def date_edit(today: Today, value: date | None = None, display_format: str = "yyyy-MM-dd") -> QDateEdit:
    """A calendar date field set to `value` (else to today) whose popup opens on its date."""
    edit = QDateEdit()
    edit.setDisplayFormat(display_format)
    day = value or _as_date(today)
    edit.setDate(QDate(day.year, day.month, day.day))
    return calendar_opens_on(edit, today)
