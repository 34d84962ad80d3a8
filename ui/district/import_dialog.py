"""What importing the chosen packages would do (a dry run: every package verified), then 导入 on confirmation.

Packages whose unit now signs with another key are listed as refused; 「核对后接受新密钥…」 shows old and new
fingerprints and, once the clerk confirms having checked them with the unit by phone, checks again with the
new keys accepted. 导入 runs the real import (the same checks again, then one transaction) off the UI thread.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.db import Store
from core.district import receive
from core.district.receive import ImportResult
from ui.ops import confirm, run_op
from ui.widgets.row_model import Column, RowTableModel, row_view

OUTCOMES = (
    Column("结果", lambda r: r["outcome"]), Column("文件", lambda r: Path(r["file"]).name),
    Column("单位 / 原因", lambda r: r["what"]),
)


def rows_of(result: ImportResult) -> list[dict]:
    verb = "可导入" if result.dry_run else "已导入"
    rows = [{"outcome": verb + ("（替换旧版）" if i["replaced"] else ""), "file": i["file"],
             "what": f"{i['unit']} {i['year']}年度：学法 {i['sessions']} 次，整改 {i['items']} 项"
                     + ("，含年度报告" if i["report"] else "，无年度报告")} for i in result.imported]
    rows += [{"outcome": "跳过", "file": s["file"], "what": s["reason"]} for s in result.skipped]
    rows += [{"outcome": "拒绝", "file": r["file"], "what": r["reason"]} for r in result.rejected]
    return rows


class PackageImportDialog(QDialog):
    last: PackageImportDialog | None = None  # tests reach the dialog here

    def __init__(self, parent: QWidget | None, store: Store, files: list[Path], preview: ImportResult,
                 on_done: Callable[[ImportResult], None] | None = None) -> None:
        super().__init__(parent)
        PackageImportDialog.last = self
        self.store, self.files, self.on_done = store, files, on_done
        self.accept_units: set[str] = set()
        self.commit_thread: QThread | None = None
        self.result_value: ImportResult | None = None
        self.setWindowTitle("导入汇总报送包")
        self.resize(980, 520)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = RowTableModel(self, [], OUTCOMES)
        self.view = row_view(self.model, QAbstractItemView.ExtendedSelection, self)
        self.view.setWordWrap(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setStretchLastSection(True)
        # wrapped reasons need the row's height for the column's final width
        header.sectionResized.connect(lambda *_: self.view.resizeRowsToContents())
        self.key_button = QPushButton("核对后接受新密钥…")
        self.key_button.clicked.connect(self.accept_new_keys)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.start_import)
        buttons = QDialogButtonBox()
        buttons.addButton(self.key_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.import_button, QDialogButtonBox.AcceptRole)
        cancel = buttons.addButton("取消", QDialogButtonBox.RejectRole)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.show_preview(preview)

    def show_preview(self, preview: ImportResult) -> None:
        self.preview = preview
        self.model.set_rows(rows_of(preview))
        QTimer.singleShot(0, self.view.resizeRowsToContents)
        count = len(preview.imported)
        pins = "".join(f"<br>首次导入“{p['unit']}”：将记住其密钥指纹 <b>{p['fingerprint']}</b>，请与该单位电话核对。"
                       for p in preview.pinned)
        self.summary.setText(f"已校验 {len(self.files)} 个报送包：可导入 {count} 个，跳过 {len(preview.skipped)} 个，"
                             f"拒绝 {len(preview.rejected)} 个。点击“导入”前不会写入任何数据。{pins}")
        self.import_button.setText(f"导入 {count} 个报送包")
        self.import_button.setEnabled(count > 0)
        self.import_button.setDefault(count > 0)
        self.key_button.setVisible(bool(preview.key_changes))

    def accept_new_keys(self) -> None:
        changes = self.preview.key_changes
        lines = "\n".join(f"· {c['unit']}：原指纹 {c['old_fingerprint']} → 新指纹 {c['new_fingerprint']}" for c in changes)
        text = (f"以下单位更换了签名密钥：\n{lines}\n\n请先打电话向这些单位核对新指纹，确认无误后再接受。"
                "如果对方没有重装系统或更换电脑，报送包可能是别人冒充的，请不要接受。")
        if not confirm(self, "接受新密钥", text, "已核对，接受新密钥"):
            return
        self.accept_units |= {c["unit"] for c in changes}
        self._run(True, self.show_preview)

    def start_import(self) -> None:
        self.import_button.setEnabled(False)  # one import, however often it is clicked
        self._run(False, self._imported)

    def _run(self, dry_run: bool, done: Callable[[Any], None]) -> None:
        files, units = list(self.files), set(self.accept_units)

        def work(own: Store, progress) -> ImportResult:
            return receive.import_packages(own, files, dry_run=dry_run, accept_units=units, progress=progress)

        self.commit_thread = run_op(self, "正在校验报送包…" if dry_run else "正在导入…", work, done,
                                    self._failed, store=self.store)

    def _imported(self, result: ImportResult) -> None:
        self.result_value = result
        if self.on_done:
            self.on_done(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from ui.ops import show_error

        self.commit_thread = None
        self.import_button.setEnabled(bool(self.preview.imported))
        show_error(self, exc, "无法导入")

    def reject(self) -> None:
        if self.commit_thread is None or self.commit_thread.isFinished():
            super().reject()
