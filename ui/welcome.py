"""First start: ask for the unit's name and offer demo data or an empty start."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)


class WelcomeDialog(QDialog):
    """`choice` is "demo" or "empty" after accept; `unit_name` the name typed."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("欢迎使用 LawDesk 法治台账")
        self.choice = "empty"
        intro = QLabel(
            "LawDesk 把学法记录、整改事项和法治政府建设年度报告放在一个本地数据库里。\n"
            "请先填写本单位全称。可以载入一套示例数据先熟悉功能，也可以从空白开始。")
        intro.setWordWrap(True)
        self.unit_edit = QLineEdit()
        self.unit_edit.setPlaceholderText("例如：青山区政务服务数据管理局")
        form = QFormLayout()
        form.addRow("单位全称：", self.unit_edit)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox()
        self.demo_button = QPushButton("载入示例数据")
        self.empty_button = QPushButton("空白开始")
        self.empty_button.setDefault(True)
        buttons.addButton(self.demo_button, QDialogButtonBox.AcceptRole)
        buttons.addButton(self.empty_button, QDialogButtonBox.AcceptRole)
        self.demo_button.clicked.connect(lambda: self._choose("demo"))
        self.empty_button.clicked.connect(lambda: self._choose("empty"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    @property
    def unit_name(self) -> str:
        return self.unit_edit.text().strip()

    def _choose(self, choice: str) -> None:
        if choice == "empty" and not self.unit_name:
            self.message.setText("请填写单位全称，导出的台账和报告都会用到它。")
            self.unit_edit.setFocus()
            return
        self.choice = choice
        self.accept()
