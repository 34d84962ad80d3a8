"""Small dialogs of the reports page: new report (year), status change, 生成整改事项.

Each dialog can be filled and accepted without exec() (tests construct it, set widgets, call accept()).
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.reports.model import STATUSES
from ui.widgets.dates import DateEdit, calendar_opens_on, date_edit, fields_read, is_empty


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    buttons.button(QDialogButtonBox.Ok).setText(ok)
    buttons.button(QDialogButtonBox.Cancel).setText("取消")
    buttons.accepted.connect(lambda: fields_read(dialog) and dialog.accept())
    buttons.rejected.connect(dialog.reject)
    return buttons


class NewReportDialog(QDialog):
    """Asks the year reported on (default: last year — the report is written in the winter after it)."""

    def __init__(self, today: date, taken_years: set[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建年度报告")
        self.setMinimumWidth(380)
        self.taken_years = taken_years
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setSuffix(" 年度")
        self.year_spin.setValue(today.year - 1)
        note = QLabel("报告年度是所报告的那一年：例如 2026 年初写的是 2025 年度的报告。\n"
                      "新报告按法定五部分模板生成，标题、主送、落款取自单位信息。")
        note.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setStyleSheet("color: #8a5a00")
        form = QFormLayout()
        form.addRow("报告年度：", self.year_spin)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(_buttons(self, "新建"))
        self.year_spin.valueChanged.connect(self._check_year)
        self._check_year(self.year_spin.value())

    def _check_year(self, year: int) -> None:
        self.warning.setText(f"已有 {year} 年度的报告，仍可再建一份。" if year in self.taken_years else "")

    @property
    def year(self) -> int:
        return self.year_spin.value()


class StatusDialog(QDialog):
    """草稿 → 已定稿 → 已报送 → 已公开, with the date it happened (back to 草稿 is allowed, with a warning)."""

    def __init__(self, current: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("更改报告状态")
        self.setMinimumWidth(380)
        self.current = current
        self.status_combo = QComboBox()
        position = STATUSES.index(current) if current in STATUSES else 0
        if position + 1 < len(STATUSES):
            self.status_combo.addItem(STATUSES[position + 1])  # the next step is the usual choice
        if position > 0:
            self.status_combo.addItem("草稿")
        self.date_edit = date_edit(today, display_format="yyyy年M月d日")
        form = QFormLayout()
        form.addRow("当前状态：", QLabel(current))
        form.addRow("改为：", self.status_combo)
        form.addRow("日期：", self.date_edit)
        note = QLabel("状态依次推进：草稿 → 已定稿 → 已报送（3月1日前）→ 已公开（4月1日前）。")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        self.buttons = _buttons(self, "更改")
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(self.status_combo.count() > 0)
        layout.addWidget(self.buttons)

    @property
    def status(self) -> str:
        return self.status_combo.currentText()

    @property
    def on(self) -> date:
        return self.date_edit.date().toPython()


class ShortcomingsDialog(QDialog):
    """The problems proposed from 存在的不足, one per line, all ticked; the clerk unticks or rewords."""

    def __init__(self, problems: list[str], parent: QWidget | None = None, *, today: date, year: int | None = None,
                 departments: list[str] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle("生成整改事项")
        self.resize(720, 480)
        self.model = QStandardItemModel(self)
        for problem in problems:
            item = QStandardItem(problem)
            item.setCheckable(True)
            item.setCheckState(Qt.Checked)
            item.setEditable(True)
            item.setToolTip(problem)
            self.model.appendRow(item)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        note = QLabel(f"从“存在的不足”中找出 {len(problems)} 个问题。勾选要建立整改事项的问题（双击可修改文字），"
                      "事项来源记为“年度报告自查”，并关联到本报告。")
        note.setWordWrap(True)
        all_button = QPushButton("全选")
        none_button = QPushButton("全不选")
        all_button.clicked.connect(lambda: self._tick_all(Qt.Checked))
        none_button.clicked.connect(lambda: self._tick_all(Qt.Unchecked))
        ticks = QHBoxLayout()
        ticks.addWidget(all_button)
        ticks.addWidget(none_button)
        ticks.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addLayout(ticks)
        layout.addLayout(self._shared_fields(year or today.year, departments, today))
        self.buttons = _buttons(self, "生成")
        layout.addWidget(self.buttons)
        self.model.itemChanged.connect(self._update_ok)
        self._update_ok()

    def _shared_fields(self, year: int, departments: list[str], today: date) -> QFormLayout:
        """What every item gets: the year it is numbered and counted under, 责任科室, 整改时限."""
        self.year_spin = QSpinBox(minimum=2000, maximum=2100, value=year)
        self.year_spin.setToolTip("事项编号（ZG-年度-序号）和首页统计都按这个年度")
        self.department_combo = QComboBox(editable=True)
        self.department_combo.addItems(departments)
        self.department_combo.setEditText("")
        self.department_combo.lineEdit().setPlaceholderText("可暂不填写，以后逐条指定")
        self.deadline_edit = DateEdit(today)
        self.deadline_edit.setMinimumDate(QDate(2000, 1, 1))
        self.deadline_edit.setSpecialValueText("未定")
        self.deadline_edit.setDisplayFormat("yyyy-MM-dd")
        self.deadline_edit.setDate(self.deadline_edit.minimumDate())
        calendar_opens_on(self.deadline_edit, today)
        form = QFormLayout()
        form.addRow("整改年度", self.year_spin)
        form.addRow("责任科室", self.department_combo)
        form.addRow("整改时限", self.deadline_edit)
        return form

    @property
    def year(self) -> int:
        return self.year_spin.value()

    def shared(self) -> dict:
        """The fields every generated item gets."""
        deadline = None if is_empty(self.deadline_edit) else self.deadline_edit.date().toPython()
        return {"department": self.department_combo.currentText().strip(), "deadline": deadline}

    def _tick_all(self, state: Qt.CheckState) -> None:
        for row in range(self.model.rowCount()):
            self.model.item(row).setCheckState(state)

    def _update_ok(self) -> None:
        count = len(self.ticked())
        ok = self.buttons.button(QDialogButtonBox.Ok)
        ok.setEnabled(count > 0)
        ok.setText(f"生成 {count} 项")

    def ticked(self) -> list[str]:
        return [self.model.item(row).text().strip() for row in range(self.model.rowCount())
                if self.model.item(row).checkState() == Qt.Checked and self.model.item(row).text().strip()]
