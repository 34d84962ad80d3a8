"""`ListPage`, the one list page: a feature's page is a configuration of it.

The feature declares its `noun` (「学法记录」), the `tables` it shows, `columns` (`ui.widgets.row_model.Column`),
`filters` (`Choice`, `Check`, `Search`), its actions (`extra_actions`: import, exports…) and a few hooks:

    make_filter(values) -> the core filter     query(flt, order_by, descending) -> rows or Lazy
    open_editor(record_id | None)              delete_records(records)             describe(record) -> str

The page gives every list the same behaviour: 新增 (Ctrl+N), 编辑 (Enter, double-click), 删除 (Delete; to
the recycle bin after a confirmation naming the record), Ctrl+F to the search box, a header click sorts
(in SQL when the column names a sort), filters refilled on `refresh` keeping what is chosen, the selection
kept over reloads, `show_filtered(**values)` (首页, search) and `open_record(id)`, exports in `ui.ops.run_op`,
and a refresh when a commit touches its tables (`ui.changes.follow`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from core import demo
from core.db import Store
from core.errors import LawDeskError
from ui.changes import follow
from ui.demo import load_demo
from ui.ops import confirm, run_op, show_error
from ui.widgets.files import save_export, show_exported
from ui.widgets.icons import icon
from ui.widgets.row_model import Column, RowTableModel, row_view


@dataclass(frozen=True)
class Choice:
    """A combo box filter: `choices(store)` values or (text, value) pairs; `all_text` first unless None."""

    key: str
    label: str
    choices: Callable[[Store], Iterable[Any]] | Sequence[Any]
    all_text: str | None = "全部"
    fmt: Callable[[Any], str] = str
    width: int = 0


@dataclass(frozen=True)
class Check:
    key: str
    label: str


@dataclass(frozen=True)
class Search:
    placeholder: str
    delay_ms: int = 0  # wait for a pause in typing when a query is slow
    key: str = "text"
    max_width: int = 0


@dataclass(frozen=True)
class Act:
    """A declared action: `needs` "one", "any" or None (always on); `menu`: also in the row menu."""

    text: str
    slot: Callable[[], Any]
    shortcut: QKeySequence | str | None = None
    tip: str = ""
    needs: str | None = None
    menu: bool = False
    name: str = ""  # the page keeps the QAction as `<name>_action`
    icon: str = ""  # a name for `ui.widgets.icons.icon`


@dataclass(frozen=True)
class Empty:
    """What an empty list says: a title, the first step, and buttons for it (`Act`s; `needs` is ignored)."""

    title: str
    text: str
    acts: Sequence[Act] = ()


class Placeholder(QWidget):
    """Shown instead of the list when it is empty: a title, a line of explanation, buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeholder")
        self.title = QLabel(objectName="placeholderTitle", alignment=Qt.AlignCenter,
                            styleSheet="font-size: 16px; font-weight: bold;")
        self.text = QLabel(wordWrap=True, alignment=Qt.AlignCenter, styleSheet="color: #5a6677;")
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addSpacing(8)
        layout.addLayout(self.buttons)
        layout.addStretch(2)

    def show_hint(self, hint: Empty) -> None:
        self.title.setText(hint.title)
        self.text.setText(hint.text)
        while (item := self.buttons.takeAt(0)) is not None:
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons.addStretch(1)
        for act in hint.acts:
            button = QPushButton(icon(act.icon), act.text, toolTip=act.tip or act.text)
            button.clicked.connect(lambda _=False, slot=act.slot: slot())
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)

    def button_texts(self) -> list[str]:
        return [w.text() for i in range(self.buttons.count()) if isinstance(w := self.buttons.itemAt(i).widget(),
                                                                           QPushButton)]


class ListPage(QWidget):
    noun = ""
    tables: frozenset[str] | set[str] = frozenset()
    columns: Sequence[Column] = ()
    filters: Sequence[Choice | Check | Search] = ()
    order_by: Any = None
    descending = False
    selection = QAbstractItemView.SingleSelection
    sort_header = True  # header clicks sort
    offers_demo = False  # on a database with no record at all, the empty list also offers 载入示例数据

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__(window)
        self.store = store
        self.window_ = window
        self.editor: Any = None
        self.import_dialog: Any = None
        self.filter: Any = None
        self._holding = True  # filter widgets emit while being built and set: no reload meanwhile
        self.model = RowTableModel(self, columns=self.columns, query=self._query, order_by=self.order_by,
                                   descending=self.descending)
        self.toolbar = self._build_toolbar()
        self.filter_row = self._build_filters()
        self.view = self._build_view()
        self.placeholder = Placeholder()
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.view)
        self.list_stack.addWidget(self.placeholder)
        self.build(QVBoxLayout(self))
        self._holding = False
        self.refresh()
        self.changes = follow(self, self.tables)

    # -- feature hooks --------------------------------------------------------------------------------
    def make_filter(self, values: dict[str, Any]) -> Any:
        return values

    def query(self, flt: Any, order_by: Any, descending: bool) -> Any:
        """Rows for the filter and order (held rows or a `Lazy`): every list page supplies its own."""
        raise NotImplementedError(f"{type(self).__name__} must say how its rows are queried")

    def open_editor(self, record_id: Any) -> Any:
        return None

    def delete_records(self, records: list[Any]) -> None:
        """Move the chosen records to the recycle bin: every list page with 删除 supplies its own."""
        raise NotImplementedError(f"{type(self).__name__} must say how its records are deleted")

    def describe(self, record: Any) -> str:
        return self.noun

    def delete_note(self) -> str:
        return "可在“设置 → 回收站”中恢复。"

    def extra_actions(self) -> list[Act]:
        return []

    def empty_hint(self) -> Empty:
        """What the page says, and offers, when it has no records at all."""
        return Empty(f"还没有{self.noun}", f"点“新增”添加第一条{self.noun}。",
                     [Act(f"新增{self.noun}", self.new_record, icon="add")])

    def has_records(self) -> bool:
        """Whether any record exists, filters aside (asked only when the filtered list is empty)."""
        rows = self.query(self.make_filter(self.cleared_values()), self.order_by, self.descending)
        return bool(rows.count if hasattr(rows, "count") and isinstance(rows.count, int) else len(list(rows)))

    def after_reload(self) -> None:
        """Totals, counters: whatever follows the list."""

    def build(self, layout: QVBoxLayout) -> None:
        """Lay the page out (a page with tabs puts the list in one of them)."""
        self.place_list(layout)

    def above_list(self) -> list[QWidget | QHBoxLayout]:
        return []

    def below_list(self) -> list[QWidget]:
        return []

    def place_list(self, layout: QVBoxLayout) -> None:
        for part in (self.toolbar, self.filter_row, *self.above_list(), self.list_stack, *self.below_list()):
            if isinstance(part, QWidget):
                layout.addWidget(part, 1 if part is self.list_stack else 0)
            else:
                layout.addLayout(part)

    # -- building -------------------------------------------------------------------------------------
    def _action(self, act: Act) -> QAction:
        action = QAction(icon(act.icon), act.text, self)
        if act.shortcut:
            action.setShortcut(QKeySequence(act.shortcut))
            action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
            self.addAction(action)
        action.setToolTip(act.tip or act.text)
        action.triggered.connect(lambda _=False: act.slot())
        return action

    def _build_toolbar(self) -> QToolBar:
        standard = [Act("新增", self.new_record, QKeySequence.New, f"新增{self.noun}（Ctrl+N）", name="new", icon="add"),
                    Act("编辑", self.edit_selected, None, f"编辑所选{self.noun}（回车或双击）", "one", True, "edit",
                        "edit"),
                    Act("删除", self.delete_selected, None, "移到回收站（Delete）", "any", True, "delete", "delete")]
        self.acts: list[tuple[Act, QAction]] = []
        toolbar = QToolBar(self.noun)
        toolbar.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        for group in (standard, self.extra_actions()):
            for act in group:
                if act.text == "|":
                    toolbar.addSeparator()
                    continue
                action = self._action(act)
                self.acts.append((act, action))
                if act.name:
                    setattr(self, f"{act.name}_action", action)
                toolbar.addAction(action)
            toolbar.addSeparator()
        focus = QAction("查找", self, shortcut=QKeySequence.Find, shortcutContext=Qt.WidgetWithChildrenShortcut)
        focus.triggered.connect(self._focus_search)
        self.addAction(focus)
        return toolbar

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.filter_widgets: dict[str, QWidget] = {}
        for spec in self.filters:
            if isinstance(spec, Choice):
                widget = QComboBox(minimumWidth=spec.width) if spec.width else QComboBox()
                if not callable(spec.choices):
                    self._fill(widget, spec)
                widget.currentIndexChanged.connect(lambda _: self.apply_filter())
                setattr(self, f"{spec.key.removesuffix('_id')}_combo", widget)
                row.addWidget(QLabel(spec.label))
                row.addWidget(widget)
                row.addSpacing(6)
            elif isinstance(spec, Check):
                widget = QCheckBox(spec.label)
                widget.toggled.connect(lambda _: self.apply_filter())
                setattr(self, f"{spec.key}_check", widget)
                row.addWidget(widget)
            else:
                widget = self.search_edit = QLineEdit(placeholderText=spec.placeholder, clearButtonEnabled=True)
                if spec.max_width:
                    widget.setMaximumWidth(spec.max_width)
                if spec.delay_ms:
                    self._text_timer = QTimer(self, singleShot=True, interval=spec.delay_ms, timeout=self.apply_filter)
                    widget.textChanged.connect(self._text_timer.start)
                else:
                    widget.textChanged.connect(self.apply_filter)
                row.addWidget(widget, 1)
            self.filter_widgets[spec.key] = widget
        return row

    def _build_view(self):
        view = row_view(self.model, self.selection)
        view.setWordWrap(False)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setDefaultSectionSize(26)
        header = view.horizontalHeader()
        header.setStretchLastSection(True)
        self.model.apply_widths(view)
        if self.sort_header:
            column = next((n for n, c in enumerate(self.columns) if c.sort == self.order_by), -1)
            header.setSortIndicator(column, Qt.DescendingOrder if self.descending else Qt.AscendingOrder)
            view.setSortingEnabled(True)
        view.activated.connect(lambda _: self.edit_selected())  # Enter and double-click both activate
        delete = QAction("删除", view, shortcut=QKeySequence.Delete, shortcutContext=Qt.WidgetShortcut)
        delete.triggered.connect(self.delete_selected)
        view.addAction(delete)
        view.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        view.setContextMenuPolicy(Qt.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        return view

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        for act, action in self.acts:
            if act.menu:
                menu.addAction(action)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def focus_page(self) -> None:
        """Put the keyboard in the page (the list, or the placeholder's first button) so Ctrl+N, Ctrl+F and
        Delete work right after a page switch."""
        target = self.list_stack.currentWidget() if hasattr(self, "list_stack") else self
        if target is self.placeholder:
            target = next(iter(self.placeholder.findChildren(QPushButton)), self.placeholder)
        if target.isVisibleTo(self):
            target.setFocus(Qt.OtherFocusReason)
        else:
            self.setFocus(Qt.OtherFocusReason)

    def _focus_search(self) -> None:
        if hasattr(self, "search_edit"):
            self.search_edit.setFocus()
            self.search_edit.selectAll()

    # -- filters --------------------------------------------------------------------------------------
    def _fill(self, combo: QComboBox, spec: Choice) -> None:
        """(Re)fill a choice, keeping what is chosen."""
        current, had = combo.currentData(), combo.count() > 0
        combo.blockSignals(True)
        combo.clear()
        if spec.all_text is not None:
            combo.addItem(spec.all_text, None)
        values = spec.choices(self.store) if callable(spec.choices) else spec.choices
        for value in values:
            text, data = value if isinstance(value, tuple) else (spec.fmt(value), value)
            combo.addItem(text, data)
        combo.setCurrentIndex(max(combo.findData(current), 0) if had else 0)
        combo.blockSignals(False)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.filter_widgets.items():
            if isinstance(widget, QComboBox):
                out[key] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            else:
                out[key] = widget.text().strip()
        return out

    def current_filter(self) -> Any:
        return self.make_filter(self.values())

    def apply_filter(self) -> None:
        if hasattr(self, "_text_timer"):
            self._text_timer.stop()
        if self._holding:
            return
        keep = self.selected_ids()
        self.filter = self.current_filter()
        self.model.reload()
        if keep:
            self.select_ids(keep)
        self.show_placeholder()
        self.after_reload()
        self.update_actions()

    def cleared_values(self) -> dict[str, Any]:
        """The filters' values with nothing chosen (first choice, unchecked, empty)."""
        out: dict[str, Any] = {}
        for spec in self.filters:
            widget = self.filter_widgets[spec.key]
            out[spec.key] = (widget.itemData(0) if isinstance(spec, Choice) else False if isinstance(spec, Check)
                             else "")
        return out

    def show_placeholder(self) -> None:
        """The list, or when it is empty what to do: the first step, or clearing filters that hide all."""
        if self.model.rowCount():
            self.list_stack.setCurrentWidget(self.view)
            return
        if self.values() != self.cleared_values() and self.has_records():
            hint = Empty("没有符合筛选条件的记录", "换个筛选条件，或清除筛选看全部记录。",
                         [Act("清除筛选", lambda: self.show_filtered(), icon="filter")])
        else:
            hint = self.empty_hint()
            if self.offers_demo and demo.is_empty(self.store):
                hint = Empty(hint.title, f"{hint.text}\n想先熟悉功能，也可以载入一套示例数据。",
                             [*hint.acts, Act("载入示例数据", self.load_demo, tip="载入一个示例单位的人员和各项记录",
                                              icon="demo")])
        self.placeholder.show_hint(hint)
        self.list_stack.setCurrentWidget(self.placeholder)

    def _query(self, order_by: Any, descending: bool) -> Any:
        return self.query(self.filter if self.filter is not None else self.current_filter(), order_by, descending)

    def refresh(self) -> None:
        """Refill the choices and re-read the rows (when the page is shown and after changes)."""
        for spec in self.filters:
            if isinstance(spec, Choice) and callable(spec.choices):
                self._fill(self.filter_widgets[spec.key], spec)
        self.apply_filter()

    def show_filtered(self, **values: Any) -> None:
        """Set every filter at once (absent ones to their first choice, unchecked, empty) and reload."""
        self._holding = True
        try:
            for spec in self.filters:
                widget, value = self.filter_widgets[spec.key], values.get(spec.key)
                if isinstance(spec, Choice):
                    if value is not None and widget.findData(value) < 0:
                        widget.addItem(spec.fmt(value), value)
                    widget.setCurrentIndex(max(widget.findData(value), 0) if value is not None else 0)
                elif isinstance(spec, Check):
                    widget.setChecked(bool(value))
                else:
                    widget.setText(value or "")
        finally:
            self._holding = False
        self.apply_filter()

    # -- selection ------------------------------------------------------------------------------------
    def selected_ids(self) -> list[Any]:
        selection = self.view.selectionModel() if hasattr(self, "view") else None
        rows = sorted({i.row() for i in selection.selectedRows()}) if selection else []
        return [rid for r in rows if (rid := self.model.record_id(r)) is not None]

    def selected_records(self) -> list[Any]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [rec for r in rows if (rec := self.model.row_at(r)) is not None]

    def selected_id(self) -> Any:
        return next(iter(self.selected_ids()), None)

    def select_ids(self, ids: Iterable[Any], fetch_blocks: int = 0) -> bool:
        selection, first = self.view.selectionModel(), True
        selection.clearSelection()
        for record_id in ids:
            row = self.model.row_of(record_id, fetch_blocks)
            if row < 0:
                continue
            index = self.model.index(row, 0)
            flags = QItemSelectionModel.Select | QItemSelectionModel.Rows
            if first:
                selection.setCurrentIndex(index, flags)
                self.view.scrollTo(index)
                first = False
            else:
                selection.select(index, flags)
        return not first

    def select_id(self, record_id: Any, fetch_blocks: int = 5) -> bool:
        return self.select_ids([record_id], fetch_blocks)

    def update_actions(self) -> None:
        count = len(self.selected_ids())
        for act, action in self.acts:
            if act.needs:
                action.setEnabled(count == 1 if act.needs == "one" else count > 0 if act.needs == "any" else True)

    # -- actions --------------------------------------------------------------------------------------
    def new_record(self) -> Any:
        return self.open_editor(None)

    def load_demo(self) -> Any:
        """The welcome dialog's demo, on an empty database (`ui.demo`); the lists refresh as it commits."""
        return load_demo(self, self.store, self.status)

    def edit_selected(self) -> Any:
        ids = self.selected_ids()
        return self.open_editor(ids[0]) if len(ids) == 1 else None

    def open_record(self, record_id: Any, **_: Any) -> Any:
        """Select one record (clearing filters that hide it) and open its editor."""
        if not self.select_id(record_id):
            self.show_filtered(**self.filters_showing(record_id))
            self.select_id(record_id)
        return self.open_editor(record_id)

    def filters_showing(self, record_id: Any) -> dict[str, Any]:
        """Filters under which `record_id` is listed (default: none)."""
        return {}

    def delete_selected(self) -> bool:
        records = self.selected_records()
        if not records:
            return False
        what = (f"选中的 {len(records)} 条{self.noun}" if len(records) > 1 else self.describe(records[0]))
        if not confirm(self, f"删除{self.noun}", f"把{what}移到回收站？\n{self.delete_note()}", ok="删除"):
            return False
        return self.write(lambda: self.delete_records(records))

    def write(self, work: Callable[[], Any], select: Iterable[Any] = ()) -> bool:
        """One change from the page: its error shown, or the lists refreshed at once (and `select` chosen)."""
        try:
            with self.store.transaction():
                work()
        except LawDeskError as exc:
            show_error(self, exc)
            return False
        self.changes.flush()
        if select:
            self.select_ids(select)
        return True

    def export(self, name: str, kind: str, write: Callable[[Store, Any, Path], Any], path: str | Path | None = None,
               done: Callable[[Path, Any], str] | None = None):
        """Ask where (unless `path`), then `write(own_store, progress, path)` off the UI thread; returns the thread."""
        if path is None:
            path = save_export(self, name, kind)
            if not path:
                return None
        out = Path(path)

        def finished(result: Any) -> None:
            self.last_export = out
            text = (done or (lambda p, _r: f"已导出到 {p}"))(out, result)
            self.status(text)
            self.export_box = show_exported(self, out, text)

        return run_op(self, "正在导出…", lambda own, progress: write(own, progress, out), finished, store=self.store)

    def status(self, text: str) -> None:
        window = self.window_ or self.window()
        if window is not None and hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 8000)

    def can_close(self) -> bool:
        """An open editor with unsaved edits asks first (its close runs the 放弃修改 question)."""
        editor = self.editor
        return editor is None or not isValid(editor) or not editor.isVisible() or editor.close()
