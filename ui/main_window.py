"""The main window: navigation on the left, one page per feature, the open database in the status bar.

Navigation is 首页, then each feature's page (the `PAGE` its ui package declares, titled with the feature's
label, in the features' order; Ctrl+1… by position), then 设置; a feature whose ui package is not there has
no page (the window shows only what works). Pages are `QWidget`s built as `Page(store, window)`; they may
offer `refresh()`, `open_record(record_id)` and `show_filtered(**criteria)`, which other pages (首页, search)
use through `MainWindow.go_to`.
"""
from __future__ import annotations

import importlib
from types import ModuleType

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from core import features
from core.db import Store
from core.features import present
from ui.changes import Changes
from ui.widgets.forms import fit_to_screen
from ui.widgets.icons import icon


def pages() -> dict[str, tuple[str, ModuleType]]:
    """Each page's key → (title, ui package declaring it), in navigation order."""
    home, settings = (importlib.import_module(name) for name in ("ui.home", "ui.settings"))
    found = {"home": (home.TITLE, home)}
    for feature in features.listed():
        for package in present((feature.ui or f"ui.{feature.key}",)):
            if hasattr(package, "PAGE"):
                found[feature.key] = (feature.label, package)
    return {**found, "settings": (settings.TITLE, settings)}


GEOMETRY_KEY = "main_window/geometry"
NAV_INK = "#dbe5f1"  # the navigation's text colour on its dark blue (resources/lawdesk.qss)


def window_settings() -> QSettings:
    """This machine's window settings (an ini file in the user's config folder; tests point it elsewhere)."""
    return QSettings(QSettings.IniFormat, QSettings.UserScope, "LawDesk", "window")


class MainWindow(QMainWindow):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.changes = Changes.for_store(store)  # pages refresh from it; see ui.changes
        self.setWindowTitle("LawDesk 法治台账")
        self._place()
        self.pages: dict[str, QWidget] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(148)
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_pages()
        self.nav.currentRowChanged.connect(self._show_row)
        self._build_menus()
        self._build_search()
        self.db_label = QLabel(f"数据库：{store.path}")
        self.db_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.db_label)
        self.nav.setCurrentRow(0)

    # -- size and place ---------------------------------------------------------------------------
    def _place(self) -> None:
        """Where the clerk left it on this machine, else 1280×800 shrunk to fit the screen (a 768-px
        laptop would hide the status bar) and centred. Per machine, not per database: QSettings."""
        saved = window_settings().value(GEOMETRY_KEY)
        if saved is not None and self.restoreGeometry(saved):
            fit_to_screen(self, self.width(), self.height())  # saved on a bigger screen than this one
            return
        fit_to_screen(self, 1280, 800)
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            frame = self.frameGeometry()
            frame.moveCenter(screen.availableGeometry().center())
            self.move(frame.topLeft())

    # -- pages ------------------------------------------------------------------------------------
    def _build_pages(self) -> None:
        for key, (title, package) in pages().items():
            page = features.load(package.PAGE)(self.store, self)
            self.pages[key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(title)
            item.setIcon(icon(getattr(package, "ICON", None), NAV_INK))
            item.setData(Qt.UserRole, key)
            item.setSizeHint(QSize(120, 40))
            self.nav.addItem(item)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        key = self.nav.item(row).data(Qt.UserRole)
        page = self.pages[key]
        self.stack.setCurrentWidget(page)
        if hasattr(page, "refresh"):
            page.refresh()
            page.stale = False  # whatever a write marked stale while it was hidden is read now
        if hasattr(page, "focus_page"):
            page.focus_page()  # keyboard-first: Ctrl+N, Ctrl+F, Delete work without a click

    def page_keys(self) -> list[str]:
        return [self.nav.item(i).data(Qt.UserRole) for i in range(self.nav.count())]

    def show_page(self, key: str) -> QWidget:
        self.nav.setCurrentRow(self.page_keys().index(key))
        return self.pages[key]

    def go_to(self, key: str, record_id: int | None = None, section_id: int | None = None,
              **criteria) -> QWidget:
        """Open a page, then a record on it (a report at a section) or the list filtered by `criteria`."""
        page = self.show_page(key)
        if criteria and hasattr(page, "show_filtered"):
            page.show_filtered(**criteria)
        if record_id is not None and hasattr(page, "open_record"):
            if section_id is not None:
                page.open_record(record_id, section_id=section_id)
            else:
                page.open_record(record_id)
        return page

    def _build_search(self) -> None:
        """Search everywhere: a box at the top right (Ctrl+K), once the search feature is there."""
        self.search_box = None
        for module in present(("ui.search.box",)):
            self.search_box = module.install(self)
        # what opening left for the index (other programs' writes, a rebuild) runs once the window is shown
        self.index_catch_up = None
        for module in present(("ui.search.catch_up",)):
            self.index_catch_up = module.install(self)

    # -- menus ------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.extra_file_actions: list[QAction] = []
        quit_action = QAction("退出(&Q)", self)
        quit_action.setShortcut(QKeySequence.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.file_menu = file_menu
        go_menu = self.menuBar().addMenu("转到(&G)")
        for i, key in enumerate(self.page_keys()):
            title = self.nav.item(i).text()
            action = QAction(title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, k=key: self.show_page(k))
            go_menu.addAction(action)
            self.addAction(action)

    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self.pages.values():
            if hasattr(page, "can_close") and not page.can_close():
                event.ignore()
                return
        for page in self.pages.values():
            if hasattr(page, "on_close"):
                page.on_close()
        window_settings().setValue(GEOMETRY_KEY, self.saveGeometry())
        event.accept()
