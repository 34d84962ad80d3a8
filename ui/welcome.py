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
        self.setMinimumWidth(560)
        self.choice = "empty"
        heading = QLabel("欢迎使用 LawDesk 法治台账")
        heading.setStyleSheet("font-size: 18px; font-weight: bold; margin-bottom: 6px;")
        intro = QLabel(
            "学法记录、整改事项和法治政府建设年度报告，都放在本机的一个数据库文件里。\n\n"
            "请先填写本单位全称（导出的台账和报告都会用到，以后可在“设置”中修改）。"
            "想先熟悉功能，可以载入一套示例数据（一个 25 名在职人员、5 个科室的局），不填单位名称也可以。")
        intro.setWordWrap(True)
        self.unit_edit = QLineEdit()
        self.unit_edit.setPlaceholderText("例如：青山区政务服务数据管理局")
        form = QFormLayout()
        form.addRow("单位全称：", self.unit_edit)
        self.message = QLabel()
        self.message.setObjectName("error")  # red, from the app's stylesheet
        self.message.setStyleSheet("color: #b00020")
        self.unit_edit.textEdited.connect(self._clear_message)
        buttons = QDialogButtonBox()
        self.demo_button = QPushButton("载入示例数据")
        self.empty_button = QPushButton("空白开始")
        self.empty_button.setDefault(True)
        buttons.addButton(self.demo_button, QDialogButtonBox.AcceptRole)
        buttons.addButton(self.empty_button, QDialogButtonBox.AcceptRole)
        self.demo_button.clicked.connect(lambda: self._choose("demo"))
        self.empty_button.clicked.connect(lambda: self._choose("empty"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    @property
    def unit_name(self) -> str:
        return self.unit_edit.text().strip()

    def _clear_message(self, text: str) -> None:
        """The red line asked for a name: once one is typed it has been answered."""
        if text.strip():
            self.message.clear()

    def _choose(self, choice: str) -> None:
        if choice == "empty" and not self.unit_name:
            self.message.setText("请填写单位全称，导出的台账和报告都会用到它。")
            self.unit_edit.setFocus()
            return
        self.choice = choice
        self.accept()
