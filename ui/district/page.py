"""汇总 page: the units that sent packages × their report, 学法 and 整改 figures for a year, sortable, marked.

Shown in the navigation when the unit profile says the unit collects from 下级单位, or as soon as a package has
been imported (the page hides its own navigation entry otherwise). Packages arrive by 导入报送包… (several
files at once) or by dropping the files on the page; each is verified before anything is written
(`ui.district.import_dialog`). Double-clicking a unit opens its records read-only, on the tab of the column
clicked. Every unit also finds 文件 → 导出汇总报送包… here: the page puts it in the window's file menu.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import unit
from core.db import EVERYTHING, Store
from core.district import fmt, keys, receive
from core.district import view as district_view
from core.errors import LawDeskError
from ui.changes import Changes, follow
from ui.district.import_dialog import PackageImportDialog
from ui.district.model import ITEM_COLUMNS, STAFF_COLUMNS, STUDY_COLUMNS, DistrictModel, DistrictProxy
from ui.district.unit_dialog import UnitDialog
from ui.ops import run_op, show_error
from ui.widgets.files import open_files, save_export, show_exported

KEY = "district"
TABLES = {"district_package", "district_unit", "settings"}
PACKAGE_FILTER = f"汇总报送包 (*{fmt.SUFFIX});;所有文件 (*)"
WIDTHS = (230, 120, 96, 70, 70, 70, 60, 70, 80, 70, 60, 50)


def should_show(store: Store) -> bool:
    return bool(unit.load(store).collects_subordinates) or district_view.has_packages(store)


class _Visibility(QObject):
    """Keeps the page's navigation entry in step with `should_show` (also while the page is hidden)."""

    def __init__(self, page: DistrictPage) -> None:
        super().__init__(page)
        self.page = page
        Changes.for_store(page.store).changed.connect(self.heard)

    @Slot(object)
    def heard(self, changed: frozenset[str]) -> None:
        if EVERYTHING in changed or not TABLES.isdisjoint(changed):
            self.page.sync_navigation()


class DistrictPage(QWidget):
    def __init__(self, store: Store, window=None) -> None:
        super().__init__()
        self.store = store
        self.window_ = window
        self.dialog: UnitDialog | None = None
        self.model = DistrictModel(self)
        self.proxy = DistrictProxy(self)
        self.proxy.setSourceModel(self.model)
        self.setAcceptDrops(True)
        self._build()
        self.refresh()
        self.changes = follow(self, TABLES)
        self._visibility = _Visibility(self)
        # the window adds the navigation entry and builds its menus after building the pages
        QTimer.singleShot(0, self._after_window)

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.year_combo = QComboBox()
        self.year_combo.currentIndexChanged.connect(lambda _i: self.show_year())
        self.import_button = QPushButton("导入报送包…")
        self.import_button.clicked.connect(lambda: self.import_files())
        self.xlsx_button = QPushButton("导出汇总表 (Excel)…")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.docx_button = QPushButton("导出汇总情况 (Word)…")
        self.docx_button.clicked.connect(lambda: self.export("docx"))
        self.open_button = QPushButton("查看单位…")
        self.open_button.clicked.connect(self.open_current)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度"))
        top.addWidget(self.year_combo)
        for button in (self.import_button, self.open_button):
            top.addWidget(button)
        top.addStretch(1)
        for button in (self.xlsx_button, self.docx_button):
            top.addWidget(button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)  # by name until a click
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(28)
        header = self.view.horizontalHeader()
        for column, width in enumerate(WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        self.view.activated.connect(self.open_index)  # double-click or Enter
        self.hint = QLabel(
            "双击单位查看其年度报告、学法记录和整改事项（只读）；可把报送包文件直接拖到本页导入。"
            "红色：年度报告未按时（3月1日前）报送、整改事项逾期；黄色：有人员学时未达标。")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555")
        self.fingerprint = QLabel()
        self.fingerprint.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.fingerprint.setStyleSheet("color: #555")
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.fingerprint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

    def _after_window(self) -> None:
        self.sync_navigation()
        self._add_send_action()

    def _add_send_action(self) -> None:
        """文件 → 导出汇总报送包…: every unit sends, whether or not it collects."""
        menu = getattr(self.window_, "file_menu", None)
        if menu is None or getattr(self, "send_action", None) is not None:
            return
        self.send_action = QAction("导出汇总报送包（报上级单位）…", self.window_)
        self.send_action.triggered.connect(lambda: self.open_send_dialog())
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, self.send_action)
        menu.insertSeparator(first)

    def open_send_dialog(self):
        from ui.district.send_dialog import SendDialog

        dialog = SendDialog(self.store, self.window_ or self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- showing ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        years = sorted({*district_view.years(self.store), self.store.clock.today().year,
                        self.store.clock.today().year - 1}, reverse=True)
        current = self.year_combo.currentData() or self._default_year(years)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(f"{year}年度", year)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(current), 0))
        self.year_combo.blockSignals(False)
        self.show_year()
        try:
            mine = keys.existing_fingerprint(self.store.path)
        except (LawDeskError, OSError):
            mine = None
        self.fingerprint.setText(f"本机密钥指纹：{mine}" if mine else "")

    def _default_year(self, years: list[int]) -> int:
        """The year packages were received for most recently: before 1 March, usually last year's."""
        received = district_view.years(self.store)
        return received[0] if received else years[0]

    def show_year(self, year: int | None = None) -> None:
        if year is not None:
            self.year_combo.setCurrentIndex(max(self.year_combo.findData(year), 0))
            return
        year = self.year_combo.currentData()
        if year is None:
            return
        shown = district_view.district(self.store, year)
        self.model.set_view(shown)
        self.summary.setText(self._summary(shown))
        has = bool(shown.received)
        self.xlsx_button.setEnabled(has)
        self.docx_button.setEnabled(has)

    @staticmethod
    def _summary(shown: district_view.DistrictView) -> str:
        got = shown.received
        if not got:
            return (f"{shown.year}年度还没有导入任何单位的报送包。请点击“导入报送包…”，或把下级单位发来的"
                    f" {fmt.SUFFIX} 文件拖到这里。")
        submitted = [u for u in got if u.submitted_on]
        late = sum(1 for u in got if u.late)
        missing = len(shown.units) - len(got)
        return (f"{shown.year}年度：已收到 {len(got)} 个单位的报送包"
                + (f"（另有 {missing} 个单位本年度未报送）" if missing else "")
                + f"；年度报告已报送 {len(submitted)} 个，按时 {sum(1 for u in submitted if u.on_time)} 个"
                + (f"，未按时 {late} 个" if late else "") + "。")

    def sync_navigation(self) -> None:
        nav = getattr(self.window_, "nav", None)
        if nav is None:
            return
        try:
            shown = should_show(self.store)
        except sqlite3.ProgrammingError:  # the window's store was closed before this turn of the event loop
            return
        for row in range(nav.count()):
            item = nav.item(row)
            if item.data(Qt.UserRole) == KEY:
                item.setHidden(not shown)

    # -- opening a unit ---------------------------------------------------------------------------
    def open_index(self, index: QModelIndex) -> UnitDialog | None:
        source = self.proxy.mapToSource(index)
        figures = self.model.unit_at(source.row())
        if figures is None:
            return None
        column = source.column()
        tab = ("sessions" if column in STUDY_COLUMNS else "staff" if column in STAFF_COLUMNS
               else "items" if column in ITEM_COLUMNS else "report")
        return self.open_unit(figures, tab)

    def open_current(self) -> UnitDialog | None:
        index = self.view.currentIndex()
        return self.open_index(index) if index.isValid() else None

    def open_unit(self, figures, tab: str = "report") -> UnitDialog | None:
        try:
            dialog = UnitDialog(self.store, figures, tab, self)
        except LawDeskError as exc:
            show_error(self, exc)
            return None
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    # -- importing ----------------------------------------------------------------------------------
    def import_files(self, paths: list[str | Path] | None = None, on_dialog=None) -> None:
        if paths is None:
            chosen = open_files(self, "district_import", "导入汇总报送包", PACKAGE_FILTER)
            if not chosen:
                return
            paths = chosen
        files = [Path(p) for p in paths]

        def check(own: Store, progress) -> receive.ImportResult:
            return receive.import_packages(own, files, dry_run=True, progress=progress)

        def show(preview: receive.ImportResult) -> None:
            dialog = PackageImportDialog(self, self.store, files, preview, self._imported)
            dialog.setAttribute(Qt.WA_DeleteOnClose)
            if on_dialog:
                on_dialog(dialog)
            dialog.open()

        run_op(self, "正在校验报送包…", check, show, store=self.store)

    def _imported(self, result: receive.ImportResult) -> None:
        self.changes.flush()
        if result.imported:
            self.show_year(result.imported[-1]["year"])
        self.window_status(f"已导入 {len(result.imported)} 个报送包，跳过 {len(result.skipped)} 个，"
                           f"拒绝 {len(result.rejected)} 个。")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _package_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _package_paths(event)
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    # -- exporting ----------------------------------------------------------------------------------
    def export(self, kind: str, path: str | Path | None = None):
        year = self.year_combo.currentData()
        names = {"xlsx": (f"{year}年度汇总表.xlsx", "Excel 工作簿 (*.xlsx)"),
                 "docx": (f"{year}年度汇总情况.docx", "Word 文档 (*.docx)")}
        if path is None:
            path = save_export(self, *names[kind])
            if not path:
                return None
        path = Path(path)

        def write(own: Store, _progress) -> int:
            if kind == "xlsx":
                from core.district import export_xlsx

                return export_xlsx.write_summary(own, year, path)
            from core.district import export_docx

            return export_docx.write_draft(own, year, path)

        def done(_n) -> None:
            self.window_status(f"已导出到 {path}")
            self.export_box = show_exported(self, path)

        return run_op(self, "正在导出…", write, done, lambda exc: show_error(self, exc, "无法导出"), store=self.store)

    def window_status(self, text: str) -> None:
        if self.window_ is not None and hasattr(self.window_, "statusBar"):
            self.window_.statusBar().showMessage(text, 8000)


def _package_paths(event) -> list[str]:
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    return [u.toLocalFile() for u in urls if u.isLocalFile() and u.toLocalFile().lower().endswith(fmt.SUFFIX)]
