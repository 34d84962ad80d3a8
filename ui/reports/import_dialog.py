"""导入… preview: the outline the parser found, the report's frame (标题, 落款, 成文日期) to check or type in,
the lines of page furniture it left out — each with 「恢复」 to take it back in one click — and (for text in
Traditional characters) the choice to convert it to Simplified. Nothing is written until 导入.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.errors import LawDeskError
from core.reports import parse
from core.reports.model import KIND_TITLES, walk
from ui.ops import show_error
from ui.reports.outline_model import OutlineModel, OutlineView
from ui.widgets.dates import calendar_opens_on

NO_DATE = QDate(1900, 1, 1)
DROPPED_COLUMNS = ("行", "略去的内容", "原因", "")
RESTORE_COLUMN = 3
WARN = "color:#8a5a00"
MISSING_STYLE = "QLineEdit { background: #fff4d6; }"


class ImportPreviewDialog(QDialog):
    """Shows one parsed file; `parsed` is what will be imported when accepted."""

    def __init__(self, path: Path, parsed: parse.ParsedReport, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path, self.today = path, today
        self.parsed = parsed
        self._typed: dict[str, object] = {}  # what the clerk typed in the frame fields; survives a re-parse
        self._loading = False
        self.setWindowTitle(f"导入年度报告 — {path.name}")
        self.resize(900, 640)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.convert_box = QCheckBox("原文是繁体字，转换为简体中文后导入（推荐）")
        self.convert_box.setChecked(parsed.converted)
        self.convert_box.setVisible(parsed.traditional)
        self.convert_box.toggled.connect(self._reparse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.convert_box)
        layout.addWidget(self._frame_box())
        layout.addWidget(self._panes(), 1)
        layout.addWidget(self._buttons())
        self._show()

    # -- building ---------------------------------------------------------------------------------
    def _frame_box(self) -> QGroupBox:
        self.missing_label = QLabel()
        self.missing_label.setStyleSheet(WARN)
        self.missing_label.setWordWrap(True)
        self.title_edit = QLineEdit()
        self.signature_edit = QLineEdit()
        self.issued_edit = QDateEdit()
        self.issued_edit.setDisplayFormat("yyyy年M月d日")
        self.issued_edit.setMinimumDate(NO_DATE)
        self.issued_edit.setSpecialValueText("未填写")
        self.issued_edit.setDate(NO_DATE)
        calendar_opens_on(self.issued_edit, self.today)
        self.title_edit.textEdited.connect(lambda text: self._typed_value("title", text.strip()))
        self.signature_edit.textEdited.connect(lambda text: self._typed_value("signature", text.strip()))
        self.issued_edit.dateChanged.connect(self._date_typed)
        box = QGroupBox("标题和落款（未识别出的请在此填写，也可导入后在编辑器中补上）")
        form = QFormLayout(box)
        form.addRow(self.missing_label)
        form.addRow("标题：", self.title_edit)
        form.addRow("落款单位：", self.signature_edit)
        form.addRow("成文日期：", self.issued_edit)
        return box

    def _panes(self) -> QSplitter:
        self.outline_model = OutlineModel(self.parsed.report, self)
        self.outline = OutlineView()
        self.outline.setModel(self.outline_model)
        self.outline.setDragEnabled(False)
        self.outline.setAcceptDrops(False)
        self.dropped_model = QStandardItemModel(0, len(DROPPED_COLUMNS), self)
        self.dropped_model.setHorizontalHeaderLabels(list(DROPPED_COLUMNS))
        self.dropped = QTableView()
        self.dropped.setModel(self.dropped_model)
        self.dropped.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.dropped.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.dropped.verticalHeader().hide()
        self.dropped.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.dropped.setWordWrap(False)
        header = self.dropped.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        for column in (0, 2, RESTORE_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        self.dropped.clicked.connect(self._dropped_clicked)
        outline_box = QGroupBox("识别出的大纲")
        QVBoxLayout(outline_box).addWidget(self.outline)
        self.dropped_box = QGroupBox()
        dropped_layout = QVBoxLayout(self.dropped_box)
        dropped_layout.addWidget(self.dropped)
        note = QLabel("点“恢复”把该行作为报告内容导入。")
        note.setStyleSheet("color:#777")
        dropped_layout.addWidget(note)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(outline_box)
        splitter.addWidget(self.dropped_box)
        splitter.setSizes([440, 440])
        return splitter

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("导入")
        buttons.button(QDialogButtonBox.Cancel).setText("跳过此文件")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        return buttons

    # -- showing ----------------------------------------------------------------------------------
    def _show(self) -> None:
        self._loading = True
        try:
            self._show_summary()
            self._show_frame()
            self._show_dropped()
            self.outline_model.set_report(self.parsed.report)
            self.outline.expandAll()
        finally:
            self._loading = False

    def _show_summary(self) -> None:
        report = self.parsed.report
        kinds = [KIND_TITLES[s.kind] for s in report.sections if s.kind]
        missing = [title for kind, title in KIND_TITLES.items() if kind not in {s.kind for s in report.sections}]
        lines = [f"<b>{report.title or '（未识别出标题）'}</b>",
                 f"{report.year} 年度；一级标题 {len(report.sections)} 个，章节共 {len(list(walk(report)))} 个；"
                 f"主送：{report.recipient or '无'}"]
        lines.append("法定部分：" + ("、".join(kinds) if kinds else "未识别"))
        if missing:
            lines.append(f"<span style='{WARN}'>缺少：{'、'.join(missing)}</span>")
        if report.import_findings:
            lines.append(f"<span style='{WARN}'>原文编号有 {len(report.import_findings)} 处跳号或重复，"
                         "导入后已按位置重新编号，可用“核稿”查看。</span>")
        if self.parsed.traditional:
            lines.append("原文为繁体字，" + ("已转换为简体。" if self.parsed.converted else "已按原文保留繁体。"))
        self.summary.setText("<br>".join(lines))

    def _show_frame(self) -> None:
        report = self.parsed.report
        missing = self.parsed.missing
        self.missing_label.setText(f"未找到{'、'.join(missing)}，请在下面填写。" if missing else "")
        self.missing_label.setVisible(bool(missing))
        for edit, value, name in ((self.title_edit, report.title, "标题"),
                                  (self.signature_edit, report.signature, "落款")):
            edit.setText(value)
            edit.setPlaceholderText(f"未找到{name}，请在此填写" if not value else "")
            edit.setStyleSheet(MISSING_STYLE if not value else "")
        on = report.issued_on
        self.issued_edit.setDate(QDate(on.year, on.month, on.day) if on else NO_DATE)

    def _show_dropped(self) -> None:
        model = self.dropped_model
        model.removeRows(0, model.rowCount())
        link = QFont()
        link.setUnderline(True)
        for line in self.parsed.dropped_lines:
            number = QStandardItem(str(line.number))
            number.setData(line.number, Qt.UserRole)
            restore = QStandardItem("恢复")
            restore.setForeground(QColor("#1565c0"))
            restore.setFont(link)
            restore.setToolTip("把这一行作为报告内容导入")
            text = QStandardItem(line.text)
            text.setToolTip(line.text)
            model.appendRow([number, text, QStandardItem(line.reason), restore])
        count = len(self.parsed.dropped_lines)
        self.dropped_box.setTitle(f"略去的网页杂项（{count} 行，不导入）" if count else "略去的网页杂项（没有）")

    # -- the clerk's changes ----------------------------------------------------------------------
    def _typed_value(self, name: str, value: object) -> None:
        if not self._loading:
            self._typed[name] = value

    def _date_typed(self, value: QDate) -> None:
        self._typed_value("issued_on", None if value == NO_DATE else value.toPython())

    def _dropped_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() == RESTORE_COLUMN:
            self.restore_line(self.dropped_model.item(index.row(), 0).data(Qt.UserRole))

    def restore_line(self, number: int) -> None:
        """Take source line `number` back: parse again keeping it (it lands where its shape puts it)."""
        keep = set(self.parsed.options.get("keep", frozenset())) | {number}
        self._replace(lambda: parse.reparse(self.parsed, keep=keep))

    def _reparse(self, convert: bool) -> None:
        self._replace(lambda: parse.reparse(self.parsed, convert_traditional=convert))

    def _replace(self, parse_again) -> None:  # noqa: ANN001 - a callable returning a ParsedReport
        try:
            parsed = parse_again()
        except LawDeskError as exc:
            show_error(self, exc)
            return
        self.parsed = parsed
        self._apply_typed()
        self._show()

    def _apply_typed(self) -> None:
        typed = self._typed
        parse.amend(self.parsed, title=typed.get("title"), signature=typed.get("signature"),
                    issued_on=typed.get("issued_on"))

    def accept(self) -> None:
        self._apply_typed()
        super().accept()
