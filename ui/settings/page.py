"""设置 page: 单位信息, 备份与恢复, 回收站 as tabs."""
from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from core.db import Store
from core.features import present
from ui.settings.unit_form import UnitForm

PANELS = (
    ("ui.settings.backup_panel", "BackupPanel", "备份与恢复"),
    ("ui.settings.recycle_panel", "RecyclePanel", "回收站"),
)


class SettingsPage(QWidget):
    def __init__(self, store: Store, window) -> None:
        super().__init__(window)
        self.store = store
        self.window_ = window
        self.tabs = QTabWidget()
        self.unit_form = UnitForm(store)
        self.unit_form.saved.connect(window.data_changed)
        self.tabs.addTab(self.unit_form, "单位信息")
        wanted = {module: (cls, title) for module, cls, title in PANELS}
        self.panels: dict[str, QWidget] = {}
        for module in present(wanted):
            cls, title = wanted[module.__name__]
            panel = getattr(module, cls)(store, window)
            self.panels[cls] = panel
            self.tabs.addTab(panel, title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        self.unit_form.load()
        for panel in self.panels.values():
            if hasattr(panel, "refresh"):
                panel.refresh()
