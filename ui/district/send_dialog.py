"""文件 → 导出汇总报送包: any unit packs its year for the unit above, and reads out its key's fingerprint."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from core import unit
from core.db import Store
from core.district import fmt, keys, send
from core.errors import LawDeskError
from core.study import sessions
from ui.ops import run_op, show_error
from ui.widgets.files import save_file, show_exported


class SendDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.thread = None
        self.setWindowTitle("导出汇总报送包")
        today = store.clock.today()
        self.year = QComboBox()
        # in the reporting season (the report is due 1 March) the package is for last year
        default = today.year - 1 if today.month <= 4 else today.year
        for year in sorted({*sessions.years(store), today.year, today.year - 1}, reverse=True):
            self.year.addItem(f"{year}年度", year)
        self.year.setCurrentIndex(max(self.year.findData(default), 0))
        self.attachments = QCheckBox("附带佐证材料、照片等附件文件")
        self.attachments.setChecked(True)
        try:
            fingerprint = keys.own_fingerprint(store.path)
        except LawDeskError as exc:
            fingerprint = exc.message
        self.fingerprint = QLabel(f"<b>{fingerprint}</b>")
        note = QLabel("报送包含本单位该年度的学法记录（含人员学时）、整改事项和年度报告，由本机密钥签名。"
                      "上级单位第一次导入时会看到上面的指纹，请电话与对方核对。")
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("单位：", QLabel(unit.load(store).full_name or "（请先在“设置”中填写单位全称）"))
        form.addRow("年度：", self.year)
        form.addRow("", self.attachments)
        form.addRow("本机密钥指纹：", self.fingerprint)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton("导出…", QDialogButtonBox.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.RejectRole).clicked.connect(self.reject)
        self.export_button.clicked.connect(lambda: self.export())
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def default_name(self) -> str:
        profile = unit.load(self.store)
        return f"{profile.display_short or '本单位'}-{self.year.currentData()}年度{fmt.SUFFIX}"

    def export(self, path: str | Path | None = None):
        if path is None:
            path = save_file(self, "district_package", "导出汇总报送包", self.default_name(),
                             f"汇总报送包 (*{fmt.SUFFIX})")
            if not path:
                return None
        year, with_files = self.year.currentData(), self.attachments.isChecked()
        self.export_button.setEnabled(False)
        self.thread = run_op(self, "正在导出报送包…",
                             lambda own, p: send.export_package(own, year, path, attachments=with_files, progress=p),
                             self._done, self._failed, store=self.store)
        return self.thread

    def _done(self, written) -> None:
        """The dialog closes; the message (with 打开文件/打开所在文件夹) stays, on the window it came from."""
        c = written.counts
        self.export_box = show_exported(self.parentWidget(), Path(written.path), (
            f"已导出：{written.path}\n学法记录 {c['sessions']} 次，整改事项 {c['items']} 项，"
            f"{'含' if c['report'] else '不含'}年度报告，附件 {c['attachments']} 个。\n\n"
            f"本机密钥指纹：{written.fingerprint}\n请把文件发给上级单位，并电话告知指纹。"))
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        show_error(self, exc, "无法导出")
