"""设置 page: 单位信息, 备份与恢复, 回收站, 关于与诊断 as tabs."""
from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from core.db import Store
from core.features import present
from ui.settings.unit_form import UnitForm
from ui.widgets.forms import scrolling

PANELS = (
    ("ui.settings.backup_panel", "BackupPanel", "备份与恢复"),
    ("ui.settings.recycle_panel", "RecyclePanel", "回收站"),
    ("ui.settings.about_panel", "AboutPanel", "关于与诊断"),
)


class SettingsPage(QWidget):
    def __init__(self, store: Store, window) -> None:
        super().__init__(window)
        self.store = store
        self.window_ = window
        self.tabs = QTabWidget()
        self.unit_form = UnitForm(store)
        self.tabs.addTab(self.unit_form, "单位信息")
        wanted = {module: (cls, title) for module, cls, title in PANELS}
        self.panels: dict[str, QWidget] = {}
        for module in present(wanted):
            cls, title = wanted[module.__name__]
            panel = getattr(module, cls)(store, window)
            self.panels[cls] = panel
            self.tabs.addTab(panel, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # the tallest panel needs ~700 px: on a 768-px screen the page scrolls rather than push the window taller
        layout.addWidget(scrolling(self.tabs))
        self.tabs.currentChanged.connect(lambda index: self._shown(self.tabs.widget(index)))

    def refresh(self) -> None:
        self.unit_form.load()
        for panel in self.panels.values():
            if hasattr(panel, "refresh"):
                panel.stale = False
                panel.refresh()

    @staticmethod
    def _shown(panel: QWidget) -> None:
        """A panel a write touched while its tab was hidden (`ui.changes.follow`) reloads when shown."""
        if getattr(panel, "stale", False):
            panel.stale = False
            panel.refresh()
