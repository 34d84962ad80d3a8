"""设置 → 备份与恢复: back up now, restore from a backup file, the automatic backup folder and how many to keep.

Restoring replaces the database the window has open, so the panel closes the store and releases the
window's lock, lets `core.backup.restore` (which takes the lock itself) do its work in a worker, then
reconnects the same `Store` object (`Store.reconnect`), so every page keeps working and reloads.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core import backup, features, paths, settings
from core.db import Store
from core.errors import Cancelled
from ui.ops import confirm, run_op, show_error
from ui.widgets.files import open_file, save_file, show_exported
from ui.widgets.row_model import Column, RowTableModel, row_view

FILE_FILTER = "LawDesk 备份 (*.lawdesk-backup);;所有文件 (*)"
BACKUP_KIND = "backup"  # 备份到 and 选择备份文件 start in the folder last used for either (ui.widgets.files)
_CANCELLED = object()

BACKUP_COLUMNS = (
    Column("时间", lambda r: r["modified"].replace("T", " ")[:16]),
    Column("类型", lambda r: r["kind"]),
    Column("大小", lambda r: backup.human_size(r["size"])),
    Column("文件", lambda r: r["name"]),
)


class BackupListModel(RowTableModel):
    """Backup files in the backup folder (core.backup.list_backups rows), newest first."""

    columns = BACKUP_COLUMNS

    def role_data(self, row: dict, column: int, role: int) -> Any:
        return str(row["path"]) if role == Qt.ToolTipRole else None

    def path(self, row: int) -> Path:
        return self.row_at(row)["path"]


def manifest_summary(manifest: dict) -> str:
    counts = manifest.get("counts") or {}
    parts = [f"备份时间：{str(manifest.get('created_at', '')).replace('T', ' ')}"]
    if manifest.get("unit"):
        parts.append(f"单位：{manifest['unit']}")
    shown = [f"{f.label} {counts[f.table]} 条" for f in features.listed() if f.table in counts]
    if shown:
        parts.append("内容：" + "，".join(shown))
    parts.append(f"附件文件：{max(len(manifest.get('files', {})) - 1, 0)} 个")
    return "\n".join(parts)


class BackupPanel(QWidget):
    def __init__(self, store: Store, window) -> None:
        super().__init__()
        self.store = store
        self.window_ = window
        self.last_result: object = None  # what the last backup/restore returned (tests read it)
        self.backup_button = QPushButton("立即备份…")
        self.restore_button = QPushButton("从备份恢复…")
        self.open_folder_button = QPushButton("打开文件夹")
        self.backup_button.clicked.connect(self.choose_backup_file)
        self.restore_button.clicked.connect(self.choose_restore_file)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.last_label = QLabel()
        self.list_model = BackupListModel(self)
        self.list_view = row_view(self.list_model)
        self.list_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.list_view.horizontalHeader().setStretchLastSection(True)
        self.list_view.horizontalHeader().setMinimumSectionSize(90)
        self.restore_chosen_button = QPushButton("从选中的备份恢复…")
        self.restore_chosen_button.clicked.connect(self.restore_chosen)
        self.list_view.doubleClicked.connect(lambda _index: self.restore_chosen())
        self.list_view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.keep_spin = QSpinBox()
        self.keep_spin.setMaximumWidth(110)
        self.keep_spin.setRange(1, 100)
        self.keep_spin.setSuffix(" 份")
        self._keep_timer = QTimer(self)
        self._keep_timer.setSingleShot(True)
        self._keep_timer.setInterval(600)  # one audit row per decision, not per arrow click
        self._keep_timer.timeout.connect(self.save_keep)
        self.keep_spin.valueChanged.connect(lambda _v: self._keep_timer.start())
        self._build_layout()
        self.refresh()

    def _build_layout(self) -> None:
        manual = QGroupBox("备份与恢复")
        text = QLabel("备份文件包含全部数据和附件，可以存到 U 盘或其他电脑。恢复前会先校验整个备份文件，"
                      "并把当前数据另存为一份安全副本。")
        text.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        box = QVBoxLayout(manual)
        box.addWidget(text)
        box.addLayout(row)
        auto = QGroupBox("自动备份")
        form = QFormLayout(auto)
        note = QLabel("每天第一次关闭程序时自动备份一次。")
        note.setWordWrap(True)
        form.addRow(note)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.open_folder_button)
        form.addRow("备份文件夹：", folder_row)
        form.addRow("最近一次：", self.last_label)
        form.addRow("保留最近：", self.keep_spin)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        listed = QGroupBox("备份文件夹中的备份")
        box = QVBoxLayout(listed)
        box.addWidget(self.list_view)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.restore_chosen_button)
        box.addLayout(row)
        layout = QVBoxLayout(self)
        layout.addWidget(manual)
        layout.addWidget(auto)
        layout.addWidget(listed, 1)

    @property
    def folder(self) -> Path:
        return paths.backups_dir(self.store.path)

    def refresh(self) -> None:
        self.folder_label.setText(str(self.folder))
        last = str(settings.get(self.store, "backup.last_auto") or "")
        self.last_label.setText(last.replace("T", " ") if last else "尚未自动备份")
        self.keep_spin.blockSignals(True)
        self.keep_spin.setValue(int(settings.get(self.store, "backup.keep") or 10))
        self.keep_spin.blockSignals(False)
        self.list_model.set_rows(backup.list_backups(self.folder))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_chosen_button.setEnabled(bool(self.list_view.selectionModel().selectedRows()))

    def restore_chosen(self) -> None:
        rows = self.list_view.selectionModel().selectedRows()
        if rows:
            self.check_then_restore(self.list_model.path(rows[0].row()))

    def save_keep(self) -> None:
        self._keep_timer.stop()
        settings.put(self.store, "backup.keep", self.keep_spin.value())

    def open_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    # -- back up ----------------------------------------------------------------------------------
    def choose_backup_file(self) -> None:
        target = save_file(self, BACKUP_KIND, "备份到", backup.default_name(self.store.clock.now()), FILE_FILTER)
        if target:
            self.backup_to(target)

    def backup_to(self, target: Path):
        """Write a backup in a worker (with its own connection); returns the worker thread."""
        db_path = self.store.path

        def work(_store, progress):  # its own connection, opened by path with FULL sync
            backup.backup_db_file(db_path, target, progress)
            return target

        def done(path: Path) -> None:
            self.last_result = path
            self.refresh()
            self.message = show_exported(self, path, f"已备份到：\n{path}", "备份完成")

        return run_op(self, "正在备份…", work, on_done=done)

    # -- restore ----------------------------------------------------------------------------------
    def choose_restore_file(self) -> None:
        chosen = open_file(self, BACKUP_KIND, "选择备份文件", FILE_FILTER, fallback=self.folder)
        if chosen:
            self.check_then_restore(chosen)

    def check_then_restore(self, source: Path, ask: bool = True):
        """Verify the whole file first (nothing changes), then ask, then restore."""
        def checked(manifest: dict) -> None:
            question = (f"用这份备份替换当前的全部数据？\n\n{manifest_summary(manifest)}\n\n"
                        f"当前数据会先另存为一份安全副本，放在：\n{self.folder}\n需要时可以再从它恢复。")
            if not ask or confirm(self, "从备份恢复", question, "恢复"):
                self.restore_from(source)

        db_path = self.store.path  # its temporary folder takes the scratch copy (swept after a crash)
        return run_op(self, "正在校验备份文件…", lambda _store, progress: backup.verify(source, progress, db_path=db_path),
                      on_done=checked)

    def restore_from(self, source: Path):
        """Close the store, release the lock, restore in a worker, then reopen in place either way."""
        db_path = self.store.path
        self.store.close()
        self.window_.lock.release()

        def work(_store, progress):  # the store is closed: the worker replaces its file
            try:
                return backup.restore(db_path, source, progress)
            except Cancelled:  # run_op drops cancellations silently, but the store must be reopened
                return _CANCELLED

        def done(safety: Path | None) -> None:
            self.last_result = safety
            if self._reopen() and safety is not _CANCELLED:
                kept = f"\n\n恢复前的数据已另存为：\n{safety}" if safety else ""
                self._tell("恢复完成", f"已从备份恢复。{kept}")

        def failed(exc: BaseException) -> None:
            self.last_result = exc
            self._reopen()
            show_error(self, exc, "无法恢复")

        return run_op(self, "正在恢复…", work, on_done=done, on_error=failed)

    def _tell(self, title: str, text: str) -> QMessageBox:
        """A result message that does not block (open, not exec), so the panel stays scriptable."""
        box = QMessageBox(QMessageBox.Information, title, text, QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()
        self.message = box
        return box

    def _reopen(self) -> bool:
        try:
            self.window_.lock.acquire()
            self.store.reconnect()  # announces that everything changed: the pages reload
        except Exception as exc:  # noqa: BLE001 - shown; the data on disk is intact either way
            show_error(self, exc, "无法重新打开数据库")
            return False
        self.refresh()
        return True
