"""Date and time fields that forgive: typed in any common form (core.dates), checked as the clerk leaves
the field, with a calendar popup that opens where the clerk expects: on the field's date, else on today.

A QDateEdit that can mean "no date" (未定, 未填写) holds its minimum date behind the special text;
Qt's popup then opens on that minimum (January 2000 or 1900), and the clerk has to page forward
for years. `calendar_opens_on` moves the popup's page to today whenever the field shows its special
value. "Today" is the page's or editor's own (a date or a function returning one), never read here.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent, QTextCharFormat, QValidator
from PySide6.QtWidgets import QCalendarWidget, QDateEdit, QLineEdit, QToolTip, QWidget

from core.dates import DATE_HINT, TIME_HINT, format_time, parse_date, parse_time

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


def _flag(field: QWidget, problem: str) -> None:
    """Mark a field whose text could not be read (red frame from the stylesheet, the hint beside it)."""
    field.problem = problem
    field.setProperty("invalid", bool(problem))
    field.setToolTip(problem or getattr(field, "hint", ""))
    field.style().unpolish(field)
    field.style().polish(field)
    if problem and field.isVisible():
        QToolTip.showText(field.mapToGlobal(field.rect().bottomLeft()), problem, field)


def _select_all_on_entry(line: QLineEdit, event: QFocusEvent) -> None:
    """Clicked, tabbed or opened into, the whole date/time is selected, so what the clerk types replaces it
    (typing `2027-3-31` into the middle of `2026-11-21` would otherwise make `2027-111-21`). The selection
    waits for the end of the mouse press, which would otherwise place the cursor over it."""
    if event.reason() != Qt.PopupFocusReason:  # back from the calendar popup, the picked date stays as shown
        QTimer.singleShot(0, line, line.selectAll)


def _is_typing(event: QKeyEvent) -> bool:
    return bool(event.text()) and event.text().isprintable() and not (
        event.modifiers() & (Qt.ControlModifier | Qt.AltModifier))


class DateEdit(QDateEdit):
    """A QDateEdit whose text the clerk may type freely (`2027-3-31`, `20270331`, `2027年3月31日`, `3月31日`…):
    read with core.dates when the field is left or Enter is pressed. Text that is not a date keeps the
    previous date and says why (`problem`). Emptying a field that can mean "no date" clears it.

    Qt's own section editing drops keys that do not fit the display format (`-` into `未定`, a
    `2027年` …), so typed characters go straight to the line edit and `validate` lets any text through
    while it is being typed.
    """

    def __init__(self, today: Today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.problem = ""
        self.hint = "可直接输入日期，如 2027-3-31、20270331、2027年3月31日；或点右侧箭头选择"
        self.setToolTip(self.hint)

    def validate(self, text: str, pos: int) -> object:
        state = super().validate(text, pos)
        if (state[0] if isinstance(state, tuple) else state) == QValidator.Acceptable:
            return state
        return QValidator.Intermediate, text, pos  # read on leaving the field, not key by key

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_typing(event):
            self._type_over_special_text()
            QLineEdit.keyPressEvent(self.lineEdit(), event)
            return
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self.commit_text()
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.InputMethod:  # Chinese typed through an input method (2027年3月31日)
            self._type_over_special_text()
        return super().event(event)

    def _type_over_special_text(self) -> None:
        """A date typed into 「未定」 replaces it (clicked into the field, the cursor sat after 「未定」)."""
        if is_empty(self) and self.lineEdit().text() == self.specialValueText():
            self.lineEdit().clear()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        _select_all_on_entry(self.lineEdit(), event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit_text()
        super().focusOutEvent(event)

    def commit_text(self) -> bool:
        """Read what was typed; False (and the field flagged) when it is not a date."""
        text = self.lineEdit().text().strip()
        if self.specialValueText() and text in ("", self.specialValueText()):
            self.setDate(self.minimumDate())
            _flag(self, "")
            return True
        day = parse_date(text, _as_date(self.today))
        if day is None or not self.minimumDate() <= QDate(day.year, day.month, day.day) <= self.maximumDate():
            _flag(self, DATE_HINT)
            self.setDate(self.date())  # show the date kept
            return False
        self.setDate(QDate(day.year, day.month, day.day))
        _flag(self, "")
        return True


class TimeEdit(QLineEdit):
    """A time of day typed freely (`1430`, `14.30`, `下午2:30`, `2:30 pm`), shown as `14:30` once the clerk
    leaves the field; text that is not a time stays, flagged, for the clerk to fix (core refuses it on save)."""

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problem = ""
        self.hint = "如 14:30、1430、下午2:30"
        self.setPlaceholderText(placeholder)
        self.setToolTip(self.hint)
        self.editingFinished.connect(self.commit_text)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        _select_all_on_entry(self, event)

    def commit_text(self) -> bool:
        text = self.text().strip()
        if not text:
            _flag(self, "")
            return True
        value = parse_time(text)
        if value is None:
            _flag(self, TIME_HINT)
            return False
        if self.text() != format_time(value):
            self.setText(format_time(value))
            self.textEdited.emit(self.text())  # the editor's "changed" watch sees the rewrite
        _flag(self, "")
        return True


def date_edit(today: Today, value: date | None = None, display_format: str = "yyyy-MM-dd") -> QDateEdit:
    """A calendar date field set to `value` (else to today) whose popup opens on its date."""
    edit = DateEdit(today)
    edit.setDisplayFormat(display_format)
    day = value or _as_date(today)
    edit.setDate(QDate(day.year, day.month, day.day))
    return calendar_opens_on(edit, today)


def fields_read(form: QWidget) -> bool:
    """Read every visible date and time field of `form` as if the clerk had left it (Ctrl+S or a click on
    保存 may come while one still holds typed text); False, with the focus on the first field that holds
    no date or time, so a dialog never saves or goes on with a value other than the one on screen."""
    unread = [field for field in form.findChildren(QWidget)
              if isinstance(field, (DateEdit, TimeEdit)) and field.isVisibleTo(form) and not field.commit_text()]
    if unread:
        unread[0].setFocus(Qt.OtherFocusReason)
    return not unread
