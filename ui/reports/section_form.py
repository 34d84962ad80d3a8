"""The editing forms beside the outline: one section (heading, level, kind, paragraphs) and the report's own fields.

Paragraphs are edited one per line (a line = a paragraph, empty lines are dropped), shown with the
official first-line indent so the clerk sees paragraphs, not wrapped lines. The forms only report
what the clerk typed (signals); the editor applies it to the Report as undoable commands. The widgets'
own undo is off: Ctrl+Z belongs to the editor's undo stack, so one history covers text and structure.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.reports.model import KIND_TITLES, KINDS, MAX_LEVEL, Section
from ui.widgets.dates import Today, calendar_opens_on

LEVEL_FORMS = ("一、", "（一）", "1.", "（1）")
NO_DATE = QDate(1900, 1, 1)


def paragraphs_of(text: str) -> list[str]:
    """The one rule for paragraphs in every text box here: one per line, empty lines dropped."""
    return [line.strip() for line in text.split("\n") if line.strip()]


class _UndoKeysToEditor(QObject):
    """Leaves Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z to the editor's actions instead of the text widget."""

    KEYS = (QKeySequence.Undo, QKeySequence.Redo)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.ShortcutOverride and any(event.matches(k) for k in self.KEYS):
            event.ignore()  # not accepted: the shortcut system runs the window's action
            return True
        if event.type() == QEvent.KeyPress and any(event.matches(k) for k in self.KEYS):
            event.ignore()
            return True
        return False


class ParagraphEdit(QTextEdit):
    """Plain text, one paragraph per line, each shown with a two-character first-line indent."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)
        self.document().setDocumentMargin(10)

    def set_paragraphs(self, paragraphs: list[str]) -> None:
        self.setPlainText("\n".join(paragraphs))
        self._format_blocks()

    def paragraphs(self) -> list[str]:
        return paragraphs_of(self.toPlainText())

    def _format_blocks(self) -> None:
        block_format = QTextBlockFormat()
        block_format.setTextIndent(2 * self.fontMetrics().horizontalAdvance("中"))
        block_format.setBottomMargin(6)
        block_format.setLineHeight(130, QTextBlockFormat.ProportionalHeight.value)
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.Document)
        was_blocked = self.blockSignals(True)
        cursor.mergeBlockFormat(block_format)
        self.blockSignals(was_blocked)

    def insert_paragraph_at_cursor(self, text: str) -> None:
        """A new paragraph after the cursor's paragraph (or in it, when that one is empty)."""
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.EndOfBlock)
        if cursor.block().text().strip():
            cursor.insertBlock()
        cursor.insertText(text)
        self.setTextCursor(cursor)


class SectionForm(QWidget):
    """Heading, level and kind of the selected section, and its paragraphs."""

    heading_edited = Signal(str)
    level_chosen = Signal(int)
    kind_chosen = Signal(object)  # a kind or None
    body_edited = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.number_label = QLabel()
        self.number_label.setMinimumWidth(36)
        self.heading_edit = QLineEdit()
        self.heading_edit.setPlaceholderText("章节标题（不含序号）")
        self.level_combo = QComboBox()
        for level, form in enumerate(LEVEL_FORMS, start=1):
            self.level_combo.addItem(f"{form} {'一二三四'[level - 1]}级", level)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("无（不属于法定部分）", None)
        for kind in KINDS:
            self.kind_combo.addItem(KIND_TITLES[kind], kind)
        self.body_edit = ParagraphEdit()
        self.body_edit.setPlaceholderText("正文：每行一段。")
        keys = _UndoKeysToEditor(self)
        for widget in (self.heading_edit, self.body_edit):
            widget.installEventFilter(keys)

        heading_row = QHBoxLayout()
        heading_row.addWidget(self.number_label)
        heading_row.addWidget(self.heading_edit, 1)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignRight)
        form.addRow("标题：", heading_row)
        kinds_row = QHBoxLayout()
        kinds_row.addWidget(self.level_combo)
        kinds_row.addWidget(QLabel("法定部分："))
        kinds_row.addWidget(self.kind_combo, 1)
        form.addRow("层级：", kinds_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(form)
        layout.addWidget(self.body_edit, 1)
        note = QLabel("每行一段，空行不计；正文首行缩进两字在导出时自动加上。")
        note.setStyleSheet("color: #777")
        layout.addWidget(note)

        self.heading_edit.textEdited.connect(self._heading_edited)
        self.level_combo.activated.connect(lambda i: self.level_chosen.emit(self.level_combo.itemData(i)))
        self.kind_combo.activated.connect(lambda i: self.kind_chosen.emit(self.kind_combo.itemData(i)))
        self.body_edit.textChanged.connect(self._body_edited)
        self.setEnabled(False)

    def show_section(self, section: Section | None, number: str = "", parent_level: int = 0,
                     top_level: bool = False) -> None:
        """Load a section without emitting edits; keeps the body cursor where it was for the same section."""
        self._loading = True
        try:
            self.setEnabled(section is not None)
            if section is None:
                self.number_label.setText("")
                self.heading_edit.clear()
                self.body_edit.clear()
                return
            self.number_label.setText(number)
            if self.heading_edit.text() != section.heading:
                self.heading_edit.setText(section.heading)
                self.heading_edit.setCursorPosition(0)  # long headings show their beginning
            self.heading_edit.setToolTip(section.heading)
            self._offer_levels(section, parent_level)
            self.level_combo.setCurrentIndex(section.level - 1)
            self.kind_combo.setEnabled(top_level)
            kind_row = self.kind_combo.findData(section.kind) if top_level and section.kind else 0
            self.kind_combo.setCurrentIndex(max(kind_row, 0))
            if self.body_edit.paragraphs() != section.body:
                position = self.body_edit.textCursor().position()
                self.body_edit.set_paragraphs(section.body)
                cursor = self.body_edit.textCursor()
                cursor.setPosition(min(position, len(self.body_edit.toPlainText())))
                self.body_edit.setTextCursor(cursor)
        finally:
            self._loading = False

    def _offer_levels(self, section: Section, parent_level: int) -> None:
        """Only the forms that keep the outline valid: below the parent, above every child."""
        lowest = 1 if parent_level == 0 else parent_level + 1
        highest = min([child.level for child in section.children], default=MAX_LEVEL + 1) - 1
        if parent_level == 0:
            highest = 1  # top-level parts are always 一、
        model = self.level_combo.model()
        for row in range(self.level_combo.count()):
            model.item(row).setEnabled(lowest <= row + 1 <= highest)

    def set_number(self, number: str) -> None:
        self.number_label.setText(number)

    def show_kind(self, kind: str | None) -> None:
        """Show a kind the editor set by itself (the heading named a statutory part); emits nothing."""
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kind), 0) if kind else 0)

    def _heading_edited(self, text: str) -> None:
        if not self._loading:
            self.heading_edited.emit(text.strip())

    def _body_edited(self) -> None:
        if not self._loading:
            self.body_edited.emit(self.body_edit.paragraphs())


class ReportInfoForm(QWidget):
    """The report's own fields: 年度, 标题, 主送, 开头段, 落款, 成文日期, 联系人."""

    field_edited = Signal(str, object)  # Report attribute name, new value

    def __init__(self, today: Today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setSuffix(" 年度")
        self.year_spin.setKeyboardTracking(False)  # one edit per year typed, not per digit
        self.title_edit = QLineEdit()
        self.recipient_edit = QLineEdit()
        self.recipient_edit.setPlaceholderText("例如：区委、区政府：")
        self.opening_edit = ParagraphEdit()
        self.opening_edit.setPlaceholderText("开头段：每行一段。")
        self.signature_edit = QLineEdit()
        self.issued_edit = QDateEdit()
        self.issued_edit.setDisplayFormat("yyyy年M月d日")
        self.issued_edit.setMinimumDate(NO_DATE)
        self.issued_edit.setSpecialValueText("未填写")
        self.issued_edit.setDate(NO_DATE)  # empty until a report is loaded, not QDateEdit's 2000-01-01
        calendar_opens_on(self.issued_edit, today)
        self.contact_edit = QLineEdit()
        self.contact_edit.setPlaceholderText("（联系人：…，联系电话：…）公开版不含此行")
        keys = _UndoKeysToEditor(self)
        for widget in (self.title_edit, self.recipient_edit, self.opening_edit, self.signature_edit,
                       self.contact_edit):
            widget.installEventFilter(keys)

        form = QFormLayout(self)
        form.setContentsMargins(8, 8, 8, 8)
        form.setLabelAlignment(Qt.AlignRight)
        form.addRow("报告年度：", self.year_spin)
        form.addRow("标题：", self.title_edit)
        form.addRow("主送：", self.recipient_edit)
        form.addRow("开头段：", self.opening_edit)
        form.addRow("落款单位：", self.signature_edit)
        form.addRow("成文日期：", self.issued_edit)
        form.addRow("联系人：", self.contact_edit)

        self.year_spin.valueChanged.connect(lambda v: self._emit("year", v))
        self.title_edit.textEdited.connect(lambda t: self._emit("title", t.strip()))
        self.recipient_edit.textEdited.connect(lambda t: self._emit("recipient", t.strip()))
        self.opening_edit.textChanged.connect(lambda: self._emit("opening", self.opening_edit.paragraphs()))
        self.signature_edit.textEdited.connect(lambda t: self._emit("signature", t.strip()))
        self.issued_edit.dateChanged.connect(lambda d: self._emit("issued_on", self._date_value(d)))
        self.contact_edit.textEdited.connect(lambda t: self._emit("contact", t.strip()))

    @staticmethod
    def _date_value(value: QDate) -> date | None:
        return None if value == NO_DATE else value.toPython()

    def _emit(self, name: str, value: object) -> None:
        if not self._loading:
            self.field_edited.emit(name, value)

    def show_report(self, report) -> None:  # noqa: ANN001 - core.reports.model.Report
        self._loading = True
        try:
            self.year_spin.setValue(report.year)
            for edit, value in ((self.title_edit, report.title), (self.recipient_edit, report.recipient),
                                (self.signature_edit, report.signature), (self.contact_edit, report.contact)):
                if edit.text() != value:
                    edit.setText(value)
            if self.opening_edit.paragraphs() != report.opening:
                self.opening_edit.set_paragraphs(report.opening)
            self.issued_edit.setDate(QDate(report.issued_on) if report.issued_on else NO_DATE)
        finally:
            self._loading = False
