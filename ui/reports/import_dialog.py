"""导入… preview: the outline the parser found, the lines of page furniture it left out, and (for text in
Traditional characters) the choice to convert it to Simplified. Nothing is written until 导入.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QListView,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.errors import LawDeskError
from core.reports import parse
from core.reports.model import KIND_TITLES, walk
from ui.ops import show_error
from ui.reports.outline_model import OutlineModel, OutlineView


class ImportPreviewDialog(QDialog):
    """Shows one parsed file; `parsed` is what will be imported when accepted."""

    def __init__(self, path: Path, parsed: parse.ParsedReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.parsed = parsed
        self.setWindowTitle(f"导入年度报告 — {path.name}")
        self.resize(820, 600)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.convert_box = QCheckBox("原文是繁体字，转换为简体中文后导入（推荐）")
        self.convert_box.setChecked(parsed.converted)
        self.convert_box.setVisible(parsed.traditional)
        self.convert_box.toggled.connect(self._reparse)
        self.outline_model = OutlineModel(parsed.report, self)
        self.outline = OutlineView()
        self.outline.setModel(self.outline_model)
        self.outline.setDragEnabled(False)
        self.outline.setAcceptDrops(False)
        self.outline.expandAll()
        self.dropped_model = QStringListModel(self)
        self.dropped = QListView()
        self.dropped.setModel(self.dropped_model)
        self.dropped.setEditTriggers(QListView.NoEditTriggers)
        outline_box = QGroupBox("识别出的大纲")
        QVBoxLayout(outline_box).addWidget(self.outline)
        dropped_box = QGroupBox("略去的网页杂项（不导入）")
        QVBoxLayout(dropped_box).addWidget(self.dropped)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(outline_box)
        splitter.addWidget(dropped_box)
        splitter.setSizes([520, 280])
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("导入")
        buttons.button(QDialogButtonBox.Cancel).setText("跳过此文件")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.convert_box)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self._show()

    def _show(self) -> None:
        report = self.parsed.report
        kinds = [KIND_TITLES[s.kind] for s in report.sections if s.kind]
        missing = [title for kind, title in KIND_TITLES.items() if kind not in {s.kind for s in report.sections}]
        lines = [f"<b>{report.title or '（未识别出标题）'}</b>",
                 f"{report.year} 年度；一级标题 {len(report.sections)} 个，章节共 {len(list(walk(report)))} 个；"
                 f"主送：{report.recipient or '无'}；落款：{report.signature or '无'} "
                 f"{report.issued_on.isoformat() if report.issued_on else ''}"]
        lines.append("法定部分：" + ("、".join(kinds) if kinds else "未识别"))
        if missing:
            lines.append(f"<span style='color:#8a5a00'>缺少：{'、'.join(missing)}</span>")
        if report.import_findings:
            lines.append(f"<span style='color:#8a5a00'>原文编号有 {len(report.import_findings)} 处跳号或重复，"
                         "导入后已按位置重新编号，可用“核稿”查看。</span>")
        lines += [f"<span style='color:#8a5a00'>提示：{w}</span>" for w in self.parsed.warnings]
        self.summary.setText("<br>".join(lines))
        self.outline_model.set_report(report)
        self.outline.expandAll()
        self.dropped_model.setStringList(list(report.dropped) or ["（没有）"])

    def _reparse(self, convert: bool) -> None:
        try:
            self.parsed = parse.parse_file(self.path, convert_traditional=convert)
        except LawDeskError as exc:
            show_error(self, exc)
            return
        self._show()
