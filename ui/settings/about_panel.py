"""设置 → 关于与诊断: version and build date, where the data, attachments, backups and log are, which Qt,
SQLite and Python the app runs on, buttons to open the log and data folders, and 「复制诊断信息」.

When something goes wrong, support asks for the version and the log; the clerk finds both here (the
crash dialog names the same log file) and pastes the copied text into a mail or chat. The rows come
from core.version, the same ones `lawdesk --version` prints.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core import logs, version
from core.db import Store
from ui.versions import qt_versions


def _path_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)  # a path to read out or copy on the phone
    return label


def _form(box: QGroupBox) -> QFormLayout:
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
    return form


class AboutPanel(QWidget):
    def __init__(self, store: Store, window=None) -> None:  # noqa: ANN001 - the main window
        super().__init__()
        self.store = store
        self.opened: list[QUrl] = []  # what the buttons asked the desktop to open (tests read it)
        self.version_label = QLabel(f"LawDesk 法治台账 {version.app_version()}")
        self.build_label = QLabel(version.build_date())
        # One label per row of core.version.file_locations, by its label; the usual ones also by name.
        self.location_labels: dict[str, QLabel] = {
            label: _path_label() for label, _value in version.file_locations(store.path)}
        self.data_label = self.location_labels["数据文件夹"]
        self.db_label = self.location_labels["数据库文件"]
        self.attachments_label = self.location_labels["附件文件夹"]
        self.backups_label = self.location_labels["自动备份文件夹"]
        self.log_label = self.location_labels["日志文件"]
        self.runtime_labels: dict[str, QLabel] = {}
        self.open_log_button = QPushButton("打开日志文件夹")
        self.open_log_button.clicked.connect(self.open_log_folder)
        self.open_data_button = QPushButton("打开数据文件夹")
        self.open_data_button.clicked.connect(self.open_data_folder)
        self.copy_button = QPushButton("复制诊断信息")
        self.copy_button.setToolTip("把版本、文件位置和运行环境复制到剪贴板，可粘贴给技术支持人员")
        self.copy_button.clicked.connect(self.copy_diagnostics)
        self.copied_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self._files_box())
        layout.addWidget(self._runtime_box())
        layout.addStretch(1)
        self.refresh()

    def _files_box(self) -> QGroupBox:
        box = QGroupBox("版本与文件位置")
        form = _form(box)
        form.addRow("版本：", self.version_label)
        form.addRow("构建日期：", self.build_label)
        for label, widget in self.location_labels.items():
            form.addRow(f"{label}：", widget)
        note = QLabel("程序出错时，详细情况记录在日志文件中。联系技术支持时，请把日志文件夹中的文件一并发送。")
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_log_button)
        buttons.addWidget(self.open_data_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        return box

    def _runtime_box(self) -> QGroupBox:
        box = QGroupBox("运行环境")
        form = _form(box)
        for label, value in self._qt_rows() + version.runtime_versions():
            widget = QLabel(value)
            widget.setWordWrap(True)
            widget.setTextInteractionFlags(Qt.TextSelectableByMouse)
            self.runtime_labels[label] = widget
            form.addRow(f"{label}：", widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.copied_label)
        buttons.addStretch(1)
        form.addRow(buttons)
        return box

    @staticmethod
    def _qt_rows() -> list[tuple[str, str]]:
        # The platform plugin (xcb, wayland, windows) explains most "the window looks wrong" reports.
        return qt_versions() + [("图形平台", QGuiApplication.platformName() or "未知")]

    @property
    def log_file(self) -> Path:
        """The file being written now; where it will be when logging is not set up (pages built alone)."""
        return logs.current_log_path() or logs.log_path(self.store.path)

    def refresh(self) -> None:
        for label, value in version.file_locations(self.store.path, self.log_file):
            self.location_labels[label].setText(value)
        self.copied_label.clear()

    def diagnostics_text(self) -> str:
        """Everything on this panel as text, for support."""
        return version.as_text(version.diagnostics(self.store.path, self.log_file, qt=self._qt_rows()))

    def copy_diagnostics(self) -> None:
        QGuiApplication.clipboard().setText(self.diagnostics_text())
        self.copied_label.setText("已复制，可粘贴到邮件或聊天窗口中发给技术支持。")

    def _open(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        url = QUrl.fromLocalFile(str(folder))
        self.opened.append(url)
        QDesktopServices.openUrl(url)

    def open_log_folder(self) -> None:
        self._open(self.log_file.parent)

    def open_data_folder(self) -> None:
        self._open(self.store.path.parent)
