"""核稿 results: a table of findings (code tag, section, message, text) and, above it, the days left to the
deadlines (the check's `deadline` findings). When half-width punctuation was found, 「全部改为全角」 asks the
editor to fix it all at once.

Clicking a finding asks the editor to show its section (`finding_chosen`).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.row_model import Column, RowTableModel, row_view

CODE_TAGS = {
    "missing_title": "缺标题",
    "missing_recipient": "缺主送",
    "missing_signature": "缺落款",
    "missing_date": "缺日期",
    "date_out_of_window": "成文日期",
    "missing_part": "缺少部分",
    "numbering": "序号",
    "unbalanced_mark": "符号不成对",
    "stray_space": "多余空格",
    "year_mismatch": "年份",
    "ascii_punctuation": "半角标点",
    "template_hint": "模板提示",
    "placeholder": "占位内容",
    "personal_info": "个人信息",
    "deadline": "时限",
}
SERIOUS = {"missing_title", "missing_signature", "missing_date", "missing_part", "template_hint", "placeholder",
           "personal_info", "year_mismatch"}
COLUMNS = (
    Column("类别", lambda f: CODE_TAGS.get(f.code, f.code)),
    Column("位置", lambda f: f.section),
    Column("问题", lambda f: f.message),
    Column("原文", lambda f: f.text),
)


def deadline_text(findings: list[Any]) -> str:
    """The days left to 报送 (3月1日) and 公开 (4月1日), from the check's own `deadline` findings."""
    messages = [f.message for f in findings if f.code == "deadline"]
    return " ".join(messages) if messages else "报送、公开期限已办结或已过，无需提醒。"


class FindingsModel(RowTableModel):
    """One row per `core.reports.checks.Finding`; `Qt.UserRole` gives the finding."""

    columns = COLUMNS

    def role_data(self, finding: Any, column: int, role: int) -> Any:
        if role == Qt.ForegroundRole and column == 0:
            return QColor("#b3261e") if finding.code in SERIOUS else QColor("#8a5a00")
        return None

    @property
    def findings(self) -> list[Any]:
        return self.rows

    def set_findings(self, findings: list[Any]) -> None:
        self.set_rows(findings)

    def finding_at(self, row: int) -> Any:
        return self.row_at(row)


class FindingsPanel(QWidget):
    finding_chosen = Signal(object)
    close_requested = Signal()
    fullwidth_requested = Signal()  # 「全部改为全角」: the editor changes every half-width mark, as one undo step

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.deadlines = QLabel()
        self.deadlines.setStyleSheet("color: #1565c0")
        self.model = FindingsModel(self)
        self.table = row_view(self.model)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((84, 200, 300)):
            self.table.setColumnWidth(column, width)
        top = QHBoxLayout()
        top.addWidget(self.summary)
        top.addStretch(1)
        top.addWidget(self.deadlines)
        self.fullwidth_button = QPushButton("全部改为全角")
        self.fullwidth_button.setToolTip("把中文里的半角标点（, : ; ( ) 等）全部改为全角，可撤销（Ctrl+Z）")
        self.fullwidth_button.hide()
        self.fullwidth_button.clicked.connect(self.fullwidth_requested)
        top.addWidget(self.fullwidth_button)
        close = QPushButton("关闭")
        close.setFlat(True)
        close.clicked.connect(self.close_requested)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.table.clicked.connect(self._chosen)
        self.table.activated.connect(self._chosen)

    def show_findings(self, findings: list[Any]) -> None:
        """Deadlines go to the header line; the table lists what can be fixed in the text."""
        listed = [f for f in findings if f.code != "deadline"]
        self.model.set_findings(listed)
        self.summary.setText(f"核稿发现 {len(listed)} 处问题，单击一条可转到所在章节。" if listed
                             else "核稿未发现问题。")
        self.deadlines.setText(deadline_text(findings))
        self.fullwidth_button.setVisible(any(f.code == "ascii_punctuation" for f in listed))

    def mark_stale(self) -> None:
        """The text changed since the check: say so rather than re-run under the clerk's cursor."""
        if not self.summary.text().endswith("（内容已修改，按 F7 重新核稿）"):
            self.summary.setText(self.summary.text() + "（内容已修改，按 F7 重新核稿）")

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.finding_chosen.emit(self.model.finding_at(index.row()))
