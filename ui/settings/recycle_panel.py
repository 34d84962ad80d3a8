"""设置 → 回收站: deleted records wait here; restore them, or delete them for good after asking.

Restoring and emptying run in a worker (emptying deletes attachment files too); the panel and the pages
showing the records refresh from the commit.
"""
from __future__ import annotations

from PySide6.QtCore import QThread
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core import features, recycle
from core.db import Store
from core.errors import LawDeskError
from ui.changes import follow
from ui.ops import confirm, run_op, show_error
from ui.widgets.row_model import Column, RowTableModel, row_view


def kind_name(table: str) -> str:
    """What the bin calls a deleted record: its feature's label (core.features), or 附件."""
    names = {f.table: f.label for f in features.features() if f.table}
    return {**names, "attachment": "附件"}.get(table, table)


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
        self.refresh()
        self.changes = follow(self, {"recycle_bin"})

    def refresh(self) -> None:
        self.model.set_rows(recycle.entries(self.store))
        count = self.model.rowCount()
        self.hint.setText(
            f"回收站中有 {count} 条记录。删除的{'、'.join(f.label for f in features.listed() if f.table)}"
            "会先放在这里，可以原样恢复（连同附件和关联）；"
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

    def restore_selected(self) -> QThread | None:
        """Put the chosen records back in a worker (errors are shown, the rest go on); returns the worker."""
        # oldest deletion first: a parent deleted before its child must come back first
        bin_ids = sorted(e["id"] for e in self.selected_entries())
        if not bin_ids:
            return None

        def work(own, progress) -> list[LawDeskError]:
            failed = []
            for i, bin_id in enumerate(bin_ids):
                progress(i, len(bin_ids))
                try:
                    recycle.restore(own, bin_id)
                except LawDeskError as exc:
                    failed.append(exc)
            return failed

        def done(failed: list[LawDeskError]) -> None:
            for exc in failed:
                show_error(self, exc, "无法恢复")

        return run_op(self, "正在恢复…", work, done, store=self.store)

    def delete_selected(self, ask: bool = True) -> QThread | None:
        entries = self.selected_entries()
        if not entries:
            return None
        what = f"“{entries[0]['label']}”" if len(entries) == 1 else f"选中的 {len(entries)} 条记录"
        if ask and not confirm(self, "彻底删除", f"彻底删除{what}？\n\n彻底删除后不能再恢复。", "彻底删除"):
            return None
        return self._empty([e["id"] for e in entries])

    def empty_bin(self, ask: bool = True) -> QThread | None:
        count = self.model.rowCount()
        if not count:
            return None
        if ask and not confirm(self, "清空回收站",
                               f"彻底删除回收站中的全部 {count} 条记录？\n\n清空后不能再恢复。", "清空回收站"):
            return None
        return self._empty(None)

    def _empty(self, bin_ids: list[int] | None) -> QThread:
        """Delete for good in a worker (attachment files nobody needs any more go too); returns the worker."""
        return run_op(self, "正在彻底删除…", lambda own, _progress: recycle.empty(own, bin_ids), store=self.store)
