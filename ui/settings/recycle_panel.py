"""设置 → 回收站: deleted records wait here; restore them, or delete them for good after asking."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core import recycle
from core.db import Store
from core.errors import LawDeskError
from ui.ops import confirm, show_error
from ui.widgets.row_model import Column, RowTableModel, row_view

KIND_NAMES = {
    "staff": "人员",
    "study_session": "学法记录",
    "rectification": "整改事项",
    "report": "年度报告",
    "attachment": "附件",
}


def kind_name(table: str) -> str:
    return KIND_NAMES.get(table, table)


def when_text(deleted_at: str) -> str:
    """2026-11-21T09:05:00 → 2026-11-21 09:05."""
    return (deleted_at or "").replace("T", " ")[:16]


COLUMNS = (
    Column("删除时间", lambda r: when_text(r["deleted_at"])),
    Column("操作人", lambda r: r["os_user"]),
    Column("类型", lambda r: kind_name(r["table_name"])),
    Column("内容", lambda r: r["label"]),
)


class RecycleModel(RowTableModel):
    """One row per recycle-bin entry, newest first; `Qt.UserRole` gives the entry dict."""

    columns = COLUMNS

    def entry(self, row: int) -> dict:
        return self.row_at(row)


class RecyclePanel(QWidget):
    def __init__(self, store: Store, window) -> None:
        super().__init__()
        self.store = store
        self.window_ = window
        self.model = RecycleModel(self)
        self.view = row_view(self.model, QAbstractItemView.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(80)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.restore_button = QPushButton("恢复")
        self.delete_button = QPushButton("彻底删除…")
        self.empty_button = QPushButton("清空回收站…")
        self.restore_button.clicked.connect(lambda: self.restore_selected())
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.empty_button.clicked.connect(lambda: self.empty_bin())
        self.view.doubleClicked.connect(lambda _index: self.restore_selected())
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.empty_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        window.data_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(recycle.entries(self.store))
        count = self.model.rowCount()
        self.hint.setText(
            f"回收站中有 {count} 条记录。删除的人员、学法记录、整改事项和报告会先放在这里，可以原样恢复（连同附件和关联）；"
            "“彻底删除”后不能再找回。" if count else "回收站是空的。删除的记录会先放在这里，可以原样恢复。")
        self._update_buttons()

    def selected_entries(self) -> list[dict]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.model.entry(r) for r in rows]

    def _update_buttons(self) -> None:
        chosen = bool(self.view.selectionModel().selectedRows())
        self.restore_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.empty_button.setEnabled(self.model.rowCount() > 0)

    def restore_selected(self) -> int:
        """Put the chosen records back; returns how many came back (errors are shown, the rest go on)."""
        restored = 0
        # oldest deletion first: a parent deleted before its child must come back first
        for entry in sorted(self.selected_entries(), key=lambda e: e["id"]):
            try:
                recycle.restore(self.store, entry["id"])
                restored += 1
            except LawDeskError as exc:
                show_error(self, exc, "无法恢复")
        if restored:
            self.window_.data_changed.emit()
        self.refresh()
        return restored

    def delete_selected(self, ask: bool = True) -> int:
        entries = self.selected_entries()
        if not entries:
            return 0
        what = f"“{entries[0]['label']}”" if len(entries) == 1 else f"选中的 {len(entries)} 条记录"
        if ask and not confirm(self, "彻底删除", f"彻底删除{what}？\n\n彻底删除后不能再恢复。", "彻底删除"):
            return 0
        return self._empty([e["id"] for e in entries])

    def empty_bin(self, ask: bool = True) -> int:
        count = self.model.rowCount()
        if not count:
            return 0
        if ask and not confirm(self, "清空回收站",
                               f"彻底删除回收站中的全部 {count} 条记录？\n\n清空后不能再恢复。", "清空回收站"):
            return 0
        return self._empty(None)

    def _empty(self, bin_ids: list[int] | None) -> int:
        try:
            count = recycle.empty(self.store, bin_ids)
        except LawDeskError as exc:
            show_error(self, exc)
            return 0
        self.window_.data_changed.emit()
        self.refresh()
        return count
