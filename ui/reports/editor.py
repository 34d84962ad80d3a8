"""The report editor: outline on the left, the selected section (or the report's own fields) in the middle,
the official-layout preview on the right, 核稿 findings below.

Every change is a snapshot command on one QUndoStack (structure and text alike), so Ctrl+Z undoes
whatever the clerk did last. Unsaved work is kept as a draft every 30 s and whenever the clerk leaves a
section, and offered back when the report is opened after a crash; Ctrl+S saves and keeps a version.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.db import Store
from core.errors import LawDeskError
from core.features import present
from core.reports import outline, repository
from core.reports.model import Report, Section, find, guess_kind, numbered, parent_of
from ui.ops import confirm, run_op, show_error
from ui.reports.findings import FindingsPanel
from ui.reports.outline_model import OutlineModel, OutlineView
from ui.reports.section_form import ReportInfoForm, SectionForm
from ui.reports.undo import SnapshotCommand, clone_report
from ui.widgets.files import save_export, show_exported
from ui.widgets.icons import icon

AUTOSAVE_MS = 30_000
PREVIEW_DELAY_MS = 300
PREVIEW_CSS_PAGE = "QTextBrowser { background: white; border: 1px solid #c8c8c8; }"


def ask_save(parent: QWidget, title: str) -> str:
    """'save', 'discard' or 'cancel' for unsaved changes (tests replace this function)."""
    box = QMessageBox(QMessageBox.Question, "保存修改", f"“{title}”有尚未保存的修改，是否保存？", parent=parent)
    save = box.addButton("保存", QMessageBox.AcceptRole)
    discard = box.addButton("不保存", QMessageBox.DestructiveRole)
    box.addButton("取消", QMessageBox.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    clicked = box.clickedButton()
    return "save" if clicked is save else "discard" if clicked is discard else "cancel"


class ReportEditor(QWidget):
    """Edits one report; `back_requested` asks the page to show the list again."""

    back_requested = Signal()
    saved = Signal(int)

    def __init__(self, store: Store, report_id: int, window: QWidget | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.window_ = window
        self.report: Report = repository.load(store, report_id)
        self._committed = clone_report(self.report)
        self._ids: dict[str, int] = {}
        self._remember_ids()
        self._draft_dirty = False
        self._recovered = False
        self._text_label: str | None = None  # a one-off label for the next body edit (figures)
        self._current_uid: str | None = None
        self._follow_selection = False
        self.undo_stack = QUndoStack(self)
        self._build()
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave)
        self._autosave.start()
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        self._show_report(self.report.sections[0].uid if self.report.sections else None)
        self.update_preview()
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._update_state()

    # -- building ---------------------------------------------------------------------------------
    def _action(self, text: str, slot: Callable[[], object], shortcuts: tuple = (), tip: str = "",
                owner: QWidget | None = None, context: Qt.ShortcutContext = Qt.WidgetWithChildrenShortcut,
                icon_name: str | None = None) -> QAction:
        action = QAction(icon(icon_name), text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
            action.setShortcutContext(context)
        keys = "，".join(QKeySequence(s).toString(QKeySequence.NativeText) for s in shortcuts)
        action.setToolTip(f"{tip or text}（{keys}）" if keys else tip or text)
        action.triggered.connect(lambda _checked=False: slot())
        (owner or self).addAction(action)
        return action

    def _build(self) -> None:
        self.model = OutlineModel(self.report, self)
        self.tree = OutlineView()
        self.tree.setModel(self.model)
        self.tree.expandAll()
        self.section_form = SectionForm()
        self.info_form = ReportInfoForm(self.store.clock.today)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.section_form, "章节")
        self.tabs.addTab(self.info_form, "报告信息")
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setStyleSheet(PREVIEW_CSS_PAGE)
        self.preview.document().setDocumentMargin(36)
        self.findings = FindingsPanel()
        self.findings.hide()
        self._build_actions()
        self.state_label = QLabel(wordWrap=True, alignment=Qt.AlignRight | Qt.AlignVCenter)
        self.state_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        # a filed or published report says so across the window, where it cannot be missed or cut
        self.filed_notice = QLabel(wordWrap=True, objectName="filedNotice")
        self.filed_notice.setStyleSheet("#filedNotice { background: #fff4e5; color: #8a4b00; padding: 6px 12px; }")
        self.filed_notice.hide()

        outline_pane = QWidget()
        outline_layout = QVBoxLayout(outline_pane)
        outline_layout.setContentsMargins(0, 0, 0, 0)
        outline_layout.setSpacing(0)
        outline_bar = self._outline_toolbar()
        outline_layout.addWidget(outline_bar)
        outline_pane.setMinimumWidth(outline_bar.sizeHint().width())  # ＋下级 and 删除 not hidden behind »
        outline_layout.addWidget(self.tree, 1)
        preview_pane = QWidget()
        preview_pane.setObjectName("previewDesk")
        preview_pane.setStyleSheet("#previewDesk { background: #e6e6e6; }")
        preview_layout = QVBoxLayout(preview_pane)
        preview_layout.setContentsMargins(14, 8, 14, 14)
        caption = QLabel("预览（公文格式）")
        caption.setStyleSheet("color: #555")
        heading = QHBoxLayout()  # the report's state beside the preview of it: the tool bar keeps the whole width
        heading.addWidget(caption)
        heading.addWidget(self.state_label, 1)
        preview_layout.addLayout(heading)
        preview_layout.addWidget(self.preview, 1)

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(outline_pane)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(preview_pane)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([340, 460, 500])
        self.splitter.setChildrenCollapsible(False)
        self.vertical = QSplitter(Qt.Vertical)
        self.vertical.addWidget(self.splitter)
        self.vertical.addWidget(self.findings)
        self.vertical.setStretchFactor(0, 1)
        self.vertical.setSizes([560, 180])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._main_toolbar())
        layout.addWidget(self.filed_notice)
        layout.addWidget(self.vertical, 1)

        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.indent_requested.connect(self.indent)
        self.tree.outdent_requested.connect(self.outdent)
        self.model.move_requested.connect(self._drop_requested)
        self.section_form.heading_edited.connect(self._heading_edited)
        self.section_form.body_edited.connect(self._body_edited)
        self.section_form.level_chosen.connect(self._level_chosen)
        self.section_form.kind_chosen.connect(self._kind_chosen)
        self.info_form.field_edited.connect(self._info_edited)
        self.findings.finding_chosen.connect(self.go_to_finding)
        self.findings.close_requested.connect(self.findings.hide)
        self.findings.fullwidth_requested.connect(self.make_fullwidth)

    def _build_actions(self) -> None:
        self.back_action = self._action("返回列表", self.request_back, icon_name="back")
        self.save_action = self._action("保存", self.save, (QKeySequence.Save,), "保存并留下一个版本", icon_name="save")
        # Fixed labels (the stack's own actions would put the command name into the toolbar button).
        self.undo_action = self._action("撤销", self.undo_stack.undo, (QKeySequence.Undo,), icon_name="mdi6.undo")
        self.redo_action = self._action("重做", self.undo_stack.redo, ("Ctrl+Shift+Z", "Ctrl+Y"), icon_name="mdi6.redo")
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda t: self.undo_action.setToolTip(f"撤销{t}（Ctrl+Z）"))
        self.undo_stack.redoTextChanged.connect(lambda t: self.redo_action.setToolTip(f"重做{t}（Ctrl+Y）"))
        self.up_action = self._action("上移", self.move_up, ("Alt+Up",), icon_name="mdi6.arrow-up")
        self.down_action = self._action("下移", self.move_down, ("Alt+Down",), icon_name="mdi6.arrow-down")
        # In the outline Tab / Shift+Tab also indent / outdent (OutlineView); elsewhere they move focus.
        self.outdent_action = self._action("升级", self.outdent, ("Alt+Left",),
                                           "升级：成为上级章节的同级（大纲中也可按 Shift+Tab）",
                                           icon_name="mdi6.format-indent-decrease")
        self.indent_action = self._action("降级", self.indent, ("Alt+Right",),
                                          "降级：成为前一章节的下级（大纲中也可按 Tab）",
                                          icon_name="mdi6.format-indent-increase")
        self.add_sibling_action = self._action("＋同级", self.add_sibling, ("Ctrl+Return", "Ctrl+Enter"),
                                               "在后面添加同级章节", icon_name="add")
        self.add_child_action = self._action("＋下级", self.add_child, ("Ctrl+Shift+Return",), "添加下级章节",
                                              icon_name="mdi6.subdirectory-arrow-right")
        self.delete_action = self._action("删除", self.delete_section, ("Del",), "删除章节", owner=self.tree,
                                          context=Qt.WidgetShortcut, icon_name="delete")
        self.study_action = self._action("插入学法情况", lambda: self.insert_figures("study"),
                                         tip="按本年度学法记录写一段学法情况，插在光标处", icon_name="study")
        self.rectification_action = self._action("插入整改情况", lambda: self.insert_figures("rectification"),
                                                 tip="按本年度整改事项写一段整改情况，插在光标处", icon_name="rectification")
        self.district_action = self._action("插入汇总情况", lambda: self.insert_figures("district"),
                                            tip="按已导入的下级单位报送包写一段汇总情况，插在光标处", icon_name="district")
        self.check_action = self._action("核稿", self.run_check, ("F7",), "检查缺项、序号、符号、年份、个人信息",
                                         icon_name="check")
        self.shortcomings_action = self._action("生成整改事项", self.generate_items,
                                                tip="把“存在的不足”中的问题生成整改事项", icon_name="mdi6.clipboard-plus-outline")
        self.versions_action = self._action("版本…", self.show_versions, tip="查看、比较、恢复保存过的版本",
                                            icon_name="mdi6.history")
        self.export_actions = {
            "docx": self._action("导出 Word…", lambda: self.choose_export("docx", False), icon_name="word"),
            "docx_public": self._action("导出 Word 公开版（不含联系人）…", lambda: self.choose_export("docx", True)),
            "pdf": self._action("导出 PDF…", lambda: self.choose_export("pdf", False), icon_name="pdf"),
            "pdf_public": self._action("导出 PDF 公开版…", lambda: self.choose_export("pdf", True)),
            "print": self._action("打印预览…", self.print_preview, ("Ctrl+P",), icon_name="print"),
        }

    def _outline_toolbar(self) -> QToolBar:
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonIconOnly)  # the names and keys are in the tooltips: the pane stays narrow
        bar.setStyleSheet("QToolBar { border: none; border-bottom: 1px solid #ddd; padding: 2px; }")
        for action in (self.up_action, self.down_action, self.outdent_action, self.indent_action,
                       self.add_sibling_action, self.add_child_action, self.delete_action):
            bar.addAction(action)
        return bar

    def _main_toolbar(self) -> QToolBar:
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)  # as on the list pages
        bar.setStyleSheet("QToolBar { border-bottom: 1px solid #ccc; padding: 3px; spacing: 2px; }")
        bar.addAction(self.back_action)
        bar.addSeparator()
        for action in (self.save_action, self.undo_action, self.redo_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.study_action)
        bar.addAction(self.rectification_action)
        if _collects(self.store):  # a unit that collects from 下级单位 (汇总)
            bar.addAction(self.district_action)
        bar.addSeparator()
        bar.addAction(self.check_action)
        bar.addAction(self.shortcomings_action)
        bar.addSeparator()
        export_button = QToolButton()
        export_button.setText("导出")
        export_button.setIcon(icon("export"))
        export_button.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        export_button.setPopupMode(QToolButton.InstantPopup)
        menu = QMenu(export_button)
        for key in ("docx", "docx_public", "pdf", "pdf_public"):
            menu.addAction(self.export_actions[key])
        export_button.setMenu(menu)
        self.export_button = export_button
        bar.addWidget(export_button)
        bar.addAction(self.export_actions["print"])
        bar.addAction(self.versions_action)
        for action in (self.undo_action, self.redo_action):  # known by their arrows; names and keys in the tooltips
            bar.widgetForAction(action).setToolButtonStyle(Qt.ToolButtonIconOnly)
        return bar

    # -- showing ------------------------------------------------------------------------------------
    def current_uid(self) -> str | None:
        return self._current_uid

    def current_section(self) -> Section | None:
        return find(self.report, self._current_uid) if self._current_uid else None

    def select_section(self, uid: str | None) -> None:
        index = self.model.index_of(uid)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
            self.tabs.setCurrentWidget(self.section_form)

    def select_section_id(self, section_id: int) -> bool:
        for section, _number, _depth in numbered(self.report):
            if section.id == section_id:
                self.select_section(section.uid)
                return True
        return False

    def _show_report(self, selected_uid: str | None) -> None:
        """After load, undo or a structure edit: outline, forms and preview from `self.report`."""
        collapsed = self.tree.collapsed_uids() if self.model.report is not None else set()
        self.model.set_report(self.report)
        self.tree.expand_except(collapsed)
        self.info_form.show_report(self.report)
        if selected_uid is None or find(self.report, selected_uid) is None:
            selected_uid = self.report.sections[0].uid if self.report.sections else None
        self._current_uid = None
        index = self.model.index_of(selected_uid)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        else:
            self._load_section(None)
        self.schedule_preview()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        section = self.model.section_at(current)
        new_uid = section.uid if section else None
        if self._current_uid is not None and new_uid != self._current_uid:
            self.autosave()  # leaving a section keeps the draft current
        self._current_uid = new_uid
        self._load_section(section)
        if new_uid is not None:
            self._follow_selection = True  # a preview still being rebuilt scrolls there once it is ready
            self.preview.scrollToAnchor(f"s-{new_uid}")

    def _load_section(self, section: Section | None) -> None:
        if section is None:
            self.section_form.show_section(None)
            self._update_actions()
            return
        parent = parent_of(self.report, section.uid)
        self.section_form.show_section(section, self.model.number_of(section.uid),
                                       parent.level if parent else 0, parent is None)
        self._update_actions()

    def _update_actions(self) -> None:
        has = self._current_uid is not None
        for action in (self.up_action, self.down_action, self.outdent_action, self.indent_action,
                       self.add_child_action, self.delete_action):
            action.setEnabled(has)

    def schedule_preview(self) -> None:
        self._preview_timer.start()

    def update_preview(self) -> None:
        from core.reports import layout

        bar = self.preview.verticalScrollBar()
        position = bar.value()
        self.preview.setHtml(layout.to_html(self.report))
        if self._follow_selection and self._current_uid:
            self.preview.scrollToAnchor(f"s-{self._current_uid}")
        else:
            bar.setValue(position)  # typing keeps the clerk's place in the preview
        self._follow_selection = False

    def _update_state(self) -> None:
        unsaved = self.is_dirty()
        state = "有未保存的修改" if unsaved else "已保存"
        self.state_label.setText(f"{self.report.year} 年度 · {self.report.status} · {state}")
        filed = self.report.status in ("已报送", "已公开")  # what was filed or published is the record
        self.filed_notice.setText(f"注意：此报告{self.report.status}。修改后请重新报送或更新公开版本。" if filed else "")
        self.filed_notice.setVisible(filed)
        self.state_label.setStyleSheet("color: #b3261e" if unsaved else "color: #2e7d32")

    def _clean_changed(self, _clean: bool) -> None:
        if shiboken6.isValid(self.undo_stack) and shiboken6.isValid(self.state_label):
            self._update_state()  # the stack also reports while the editor is being torn down

    def is_dirty(self) -> bool:
        return self._recovered or not self.undo_stack.isClean()

    # -- undoable edits -----------------------------------------------------------------------------
    def restore_snapshot(self, snapshot: Report, selected_uid: str | None) -> None:
        """Undo/redo target: make `snapshot` current (the snapshot itself is never edited)."""
        self.report = clone_report(snapshot)
        self._committed = snapshot
        self._apply_ids()
        self._show_report(selected_uid)
        self._changed()

    def _push(self, text: str, selected_before: str | None, selected_after: str | None,
              merge_key: str | None = None) -> None:
        before, after = self._committed, clone_report(self.report)
        self._committed = after
        self.undo_stack.push(SnapshotCommand(self, text, before, after, selected_before, selected_after, merge_key))
        self._changed()

    def _changed(self) -> None:
        self._draft_dirty = True
        if self.findings.isVisible():
            self.findings.mark_stale()
        self.schedule_preview()
        self._update_state()

    def _structure_edit(self, text: str, edit: Callable[[Report], str | None]) -> bool:
        """Apply an outline edit to a copy; on success it becomes current as one undo step."""
        trial = clone_report(self.report)
        try:
            selected = edit(trial)
        except LawDeskError as exc:
            show_error(self, exc, "无法调整章节")
            return False
        before_uid = self._current_uid
        self.report = trial
        self._show_report(selected or before_uid)
        self._push(text, before_uid, selected or before_uid)
        return True

    def _notice(self, title: str, text: str) -> QMessageBox:
        """An information box that does not block (the clerk reads it and closes it)."""
        box = QMessageBox(QMessageBox.Information, title, text, QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()
        self.last_notice = text
        return box

    def _require_section(self) -> str | None:
        if self._current_uid is None:
            self._notice("请选择章节", "请先在左侧大纲中选中一个章节。")
        return self._current_uid

    def move_up(self) -> None:
        if uid := self._require_section():
            self._structure_edit("上移章节", lambda r: outline.move_up(r, uid))

    def move_down(self) -> None:
        if uid := self._require_section():
            self._structure_edit("下移章节", lambda r: outline.move_down(r, uid))

    def indent(self) -> None:
        if uid := self._require_section():
            self._structure_edit("降级章节", lambda r: outline.indent(r, uid))

    def outdent(self) -> None:
        if uid := self._require_section():
            self._structure_edit("升级章节", lambda r: outline.outdent(r, uid))

    def add_sibling(self) -> None:
        if self._structure_edit("添加章节", lambda r: outline.add_section(r, self._current_uid)):
            self._focus_heading()

    def add_child(self) -> None:
        if (uid := self._require_section()) and self._structure_edit(
                "添加下级章节", lambda r: outline.add_section(r, uid, as_child=True)):
            self._focus_heading()

    def _focus_heading(self) -> None:
        self.tabs.setCurrentWidget(self.section_form)
        self.section_form.heading_edit.setFocus()
        self.section_form.heading_edit.selectAll()

    def move_section(self, uid: str, new_parent_uid: str | None, row: int) -> bool:
        """Drag and drop (row = the drop row, counted before the section leaves its place)."""
        return self._structure_edit("移动章节", lambda r: outline.move_to(r, uid, new_parent_uid, row))

    def _drop_requested(self, uid: str, new_parent_uid: str | None, row: int) -> None:
        # The view is still inside its drop event: reset the model once it has returned.
        QTimer.singleShot(0, lambda: self.move_section(uid, new_parent_uid, row))

    def delete_section(self) -> None:
        uid = self._require_section()
        section = self.current_section()
        if uid is None or section is None:
            return
        has_content = any(p.strip() for p in section.body) or section.children
        if has_content:
            label = f"{self.model.number_of(uid)}{section.heading}"
            extra = f"及其 {len(section.children)} 个下级章节" if section.children else ""
            if not confirm(self, "删除章节", f"删除“{label}”{extra}和其中的文字？\n可以用“撤销”（Ctrl+Z）找回。",
                           ok="删除"):
                return
        parent = parent_of(self.report, uid)
        siblings = parent.children if parent else self.report.sections
        position = next(i for i, s in enumerate(siblings) if s.uid == uid)
        neighbour = siblings[position + 1] if position + 1 < len(siblings) else (
            siblings[position - 1] if position else parent)
        after = neighbour.uid if neighbour else None
        self._structure_edit("删除章节", lambda r: (outline.delete_section(r, uid), after)[1])

    def _level_chosen(self, level: int) -> None:
        uid = self._current_uid
        if uid is None or (section := self.current_section()) is None or section.level == level:
            return

        def set_level(report: Report) -> str:
            target = find(report, uid)
            assert target is not None
            target.level = level
            return uid

        self._structure_edit("更改层级", set_level)

    def _kind_chosen(self, kind: str | None) -> None:
        uid = self._current_uid
        if uid is None or (section := self.current_section()) is None or section.kind == kind:
            return

        def set_kind(report: Report) -> str:
            target = find(report, uid)
            assert target is not None
            target.kind = kind
            return uid

        self._structure_edit("更改法定部分", set_kind)

    def _heading_edited(self, heading: str) -> None:
        section = self.current_section()
        if section is None:
            return
        previous, section.heading = section.heading, heading
        if parent_of(self.report, section.uid) is None:
            self._follow_heading_kind(section, previous)
        self.model.section_changed(section.uid)
        self._push("修改标题", section.uid, section.uid, merge_key=f"{section.uid}:heading")

    def _follow_heading_kind(self, section: Section, previous_heading: str) -> None:
        """A top-level heading that names a statutory part gets that 法定部分 by itself, unless the clerk
        chose another one (a kind that is not what the old heading named)."""
        named = guess_kind(section.heading)
        if named and named != section.kind and section.kind in (None, guess_kind(previous_heading)):
            section.kind = named
            self.section_form.show_kind(named)

    def _body_edited(self, body: list[str]) -> None:
        section = self.current_section()
        if section is None or section.body == body:
            return
        section.body = body
        label, self._text_label = self._text_label, None
        self._push(label or "修改正文", section.uid, section.uid, None if label else f"{section.uid}:body")

    def _info_edited(self, name: str, value: object) -> None:
        if getattr(self.report, name) == value:
            return
        setattr(self.report, name, value)
        self._push("修改报告信息", self._current_uid, self._current_uid, merge_key=f"report:{name}")

    # -- figures ----------------------------------------------------------------------------------
    def insert_figures(self, which: str) -> None:
        from core.reports import figures

        if self._require_section() is None:
            return
        try:
            if which == "study":
                text = figures.study_paragraph(self.store, self.report.year)
            elif which == "district":
                from core.district.paragraph import district_paragraph

                text = district_paragraph(self.store, self.report.year)
            else:
                text = figures.rectification_paragraph(self.store, self.report.year)
        except LawDeskError as exc:
            show_error(self, exc)
            return
        self.tabs.setCurrentWidget(self.section_form)
        self._text_label = {"study": "插入学法情况", "district": "插入汇总情况"}.get(which, "插入整改情况")
        self.section_form.body_edit.insert_paragraph_at_cursor(text)
        self.section_form.body_edit.setFocus()

    # -- check ------------------------------------------------------------------------------------
    def run_check(self, today: date | None = None) -> list:
        from core.reports import checks

        today = today or self.store.clock.today()
        found = checks.check(self.report, today, expected_recipient=self._unit_recipient())
        self.findings.show_findings(found)
        if not self.findings.isVisible():
            self.findings.show()
            panel = max(190, round(self.vertical.height() * 0.42))  # about 7 findings at 1366×768
            self.vertical.setSizes([max(self.vertical.height() - panel, 200), panel])
        return found

    def _unit_recipient(self) -> str:
        from core import unit

        return unit.load(self.store).recipient

    def make_fullwidth(self) -> int:
        """「全部改为全角」: every half-width mark in Chinese text, as one undo step; 核稿 runs again after."""
        from core.reports import punctuation

        if not punctuation.fix_report(clone_report(self.report)):
            self._notice("全部改为全角", "没有需要改为全角的半角标点。")
            return 0
        changed = 0

        def fix(report: Report) -> str | None:
            nonlocal changed
            changed = punctuation.fix_report(report)
            return self._current_uid

        self._structure_edit("全部改为全角", fix)
        self.run_check()
        self._notice("全部改为全角", f"已将 {changed} 处半角标点改为全角。可用“撤销”（Ctrl+Z）恢复。")
        return changed

    def go_to_finding(self, finding) -> None:  # noqa: ANN001 - core.reports.checks.Finding
        """Show the finding's section with its text selected (report-level findings open 报告信息)."""
        section = find(self.report, finding.section_uid) if finding.section_uid else None
        if section is None:
            self.tabs.setCurrentWidget(self.info_form)
            return
        self.select_section(section.uid)
        needle = (finding.text or "").strip("…").strip()
        if needle and needle in section.heading:
            self.section_form.heading_edit.setFocus()
            start = section.heading.index(needle)
            self.section_form.heading_edit.setSelection(start, len(needle))
            return
        edit = self.section_form.body_edit
        for probe in (needle, needle[:12]):
            cursor = edit.document().find(probe) if probe else None
            if cursor is not None and not cursor.isNull():
                edit.setTextCursor(cursor)
                edit.ensureCursorVisible()
                break
        edit.setFocus()

    # -- rectification items ----------------------------------------------------------------------
    def generate_items(self, exec_dialog: bool = True):
        """生成整改事项 from the 存在的不足 section; returns the dialog (tests fill it and call accept)."""
        from core.reports import shortcomings
        from ui.reports.dialogs import ShortcomingsDialog

        try:
            problems = shortcomings.propose_items(self.report)
        except LawDeskError as exc:
            show_error(self, exc)
            return None
        if not problems:
            self._notice("生成整改事项", "“存在的不足和原因”部分没有找到可以生成整改事项的问题。\n"
                         "请先写明问题（如“一是……二是……”或分段列出）。")
            return None
        dialog = ShortcomingsDialog(problems, self, year=self.report.year, today=self.store.clock.today(),
                                    departments=self._departments())
        dialog.accepted.connect(lambda: self._create_items(dialog.ticked(), dialog.year, dialog.shared()))
        if exec_dialog:
            dialog.exec()
        return dialog

    def _departments(self) -> list[str]:
        staff = next(present(("core.staff.roster",)), None)
        return staff.departments(self.store) if staff is not None else []

    def _create_items(self, problems: list[str], year: int | None = None, shared: dict | None = None) -> list[int]:
        from core.reports import shortcomings

        try:
            ids = shortcomings.create_items(self.store, self.report, problems, year, shared)
        except LawDeskError as exc:
            show_error(self, exc)
            return []
        self.created_items = ids
        self._created_notice(ids, year or self.report.year)
        return ids

    def _created_notice(self, ids: list[int], year: int) -> QMessageBox:
        """Say what was made (numbers, year) and offer to open them in the 整改事项 list."""
        numbers = [r["number"] for r in self.store.query(
            f"select number from rectification where id in ({','.join('?' * len(ids))}) order by id", ids)]
        span = numbers[0] if len(numbers) == 1 else f"{numbers[0]} 至 {numbers[-1]}"
        box = self._notice("生成整改事项", f"已生成 {len(ids)} 项整改事项（{span}），列入 {year} 年度整改台账，"
                                          "来源记为“年度报告自查”。")
        if self.window_ is not None and hasattr(self.window_, "go_to"):
            open_button = box.addButton("打开整改事项", QMessageBox.AcceptRole)
            open_button.clicked.connect(lambda: self._open_created(ids, year))
            box.setDefaultButton(open_button)
        return box

    def _open_created(self, ids: list[int], year: int) -> None:
        if len(ids) == 1:
            self.window_.go_to("rectification", record_id=ids[0])
        else:
            self.window_.go_to("rectification", year=year, source="年度报告自查")

    # -- saving ---------------------------------------------------------------------------------------
    def _remember_ids(self) -> None:
        self._ids = {s.uid: s.id for s, _n, _d in numbered(self.report) if s.id is not None}

    def _apply_ids(self) -> None:
        """Snapshots taken before a save lack the new sections' ids: give them back so rows stay stable."""
        for section, _number, _depth in numbered(self.report):
            if section.id is None and section.uid in self._ids:
                section.id = self._ids[section.uid]

    def save(self) -> bool:
        try:
            repository.save(self.store, self.report, keep_version=True)
        except Exception as exc:  # noqa: BLE001 - any failure is shown; the text stays in the editor
            show_error(self, exc, "无法保存")
            return False
        self._remember_ids()
        self._draft_dirty = False
        self._recovered = False
        self.undo_stack.setClean()
        self._update_state()
        self.saved.emit(self.report.id)
        return True

    def autosave(self) -> None:
        """Keep unsaved work as a draft (not a version); quiet, shown only in the state label."""
        if not self._draft_dirty or self.report.id is None:
            return
        try:
            repository.save_draft(self.store, self.report)
        except Exception as exc:  # noqa: BLE001 - a timer must not raise; say so where the clerk looks
            self.state_label.setText(f"自动保存失败：{exc}")
            return
        self._draft_dirty = False

    def offer_recovery(self) -> bool:
        """After a crash: offer the draft left behind; True when the clerk took it."""
        draft = repository.pending_draft(self.store, self.report.id)
        if draft is None:
            return False
        when = repository.draft_saved_at(self.store, self.report.id)
        text = (f"发现这份报告有上次未保存的修改（自动保存于 {str(when or '').replace('T', ' ')}），"
                "可能是程序意外退出留下的。\n\n恢复这些修改吗？选“取消”将丢弃它们。")
        if not confirm(self, "恢复未保存的修改", text, ok="恢复"):
            repository.discard_draft(self.store, self.report.id)
            return False
        self.report = draft
        self._apply_ids()
        self._committed = clone_report(draft)
        self.undo_stack.clear()
        self._recovered = True
        self._show_report(self._current_uid)
        self._update_state()
        return True

    def can_close(self) -> bool:
        if not self.is_dirty():
            return True
        answer = ask_save(self, self.report.title)
        if answer == "save":
            return self.save()
        if answer == "discard":
            repository.discard_draft(self.store, self.report.id)
            self._recovered = False
            self.undo_stack.setClean()
            return True
        return False

    def on_close(self) -> None:
        self._autosave.stop()
        self._preview_timer.stop()

    def request_back(self) -> None:
        if self.can_close():
            self.on_close()
            self.back_requested.emit()

    # -- versions -------------------------------------------------------------------------------------
    def show_versions(self, exec_dialog: bool = True):
        from ui.reports.versions import VersionsDialog

        dialog = VersionsDialog(self.store, self.report.id, clone_report(self.report), self)
        dialog.accepted.connect(lambda: self._after_restore(dialog))
        if exec_dialog:
            dialog.exec()
        return dialog

    def _after_restore(self, dialog) -> None:  # noqa: ANN001 - VersionsDialog
        if not dialog.restored:
            return
        self.reload()

    def reload(self) -> None:
        """Read the report again from the database (after a restore); the undo history no longer applies."""
        selected = self._current_uid
        self.report = repository.load(self.store, self.report.id)
        self._committed = clone_report(self.report)
        self._remember_ids()
        self.undo_stack.clear()
        self._recovered = False
        self._draft_dirty = False
        self._show_report(selected)
        self._update_state()

    # -- output -------------------------------------------------------------------------------------
    def _default_name(self, suffix: str, public: bool) -> str:
        name = self.report.title or f"{self.report.year}年度法治政府建设情况报告"
        return f"{name}{'（公开版）' if public else ''}.{suffix}"

    def confirm_export(self) -> bool:
        """Ask before writing a report 核稿 says is not ready (no title or 落款, half-width marks, fill-ins…)."""
        from collections import Counter

        from core.reports import checks
        from ui.reports.findings import CODE_TAGS

        found = checks.before_export(checks.check(self.report, self.store.clock.today(),
                                                  expected_recipient=self._unit_recipient()))
        if not found:
            return True
        counts = Counter(CODE_TAGS.get(f.code, f.code) for f in found)
        listing = "、".join(f"{tag} {n} 处" for tag, n in counts.items())
        if confirm(self, "导出前核稿", f"这份报告还有以下问题：{listing}。\n\n建议先改正再导出（问题已列在下方）。"
                   "仍要导出吗？", ok="仍然导出"):
            return True
        self.run_check()
        return False

    def choose_export(self, fmt: str, public: bool) -> None:
        if not self.confirm_export():
            return
        filters = {"docx": "Word 文档 (*.docx)", "pdf": "PDF 文件 (*.pdf)"}
        path = save_export(self, self._default_name(fmt, public), filters[fmt])
        if path:
            self.export_to(path, fmt, public)

    def export_to(self, path: Path, fmt: str, public: bool = False,
                  on_done: Callable[[object], None] | None = None):
        """Export off the UI thread; returns the worker thread (tests wait on it)."""
        from core import docmeta

        snapshot = clone_report(self.report)
        info = docmeta.for_report(self.store, snapshot)  # read here: the store's connection stays on this thread

        def work(_store, progress):  # noqa: ANN001 - ui.ops.Progress; the snapshot needs no store
            progress(0, 1, f"正在导出“{path.name}”…")
            if fmt == "docx":
                from core.reports.export_docx import export_docx
                export_docx(snapshot, path, public=public, info=info)
            else:
                from ui.reports.pdf import write_pdf
                write_pdf(snapshot, path, public=public)
            progress(1, 1)
            return path

        def done(result: object) -> None:
            self.state_label.setText(f"已导出：{Path(str(result)).name}")
            self.export_box = show_exported(self, Path(str(result)))
            if on_done:
                on_done(result)

        return run_op(self, "正在导出…", work, done)

    def print_preview(self) -> None:
        from ui.reports.pdf import print_report

        try:
            print_report(clone_report(self.report), self)
        except LawDeskError as exc:
            show_error(self, exc)


def _collects(store: Store) -> bool:
    """Offer 插入汇总情况 when the 汇总 feature is there and this unit collects, or has received packages."""
    from core import features, unit

    if not any(f.key == "district" for f in features.features()):
        return False
    from core.district import view

    return unit.load(store).collects_subordinates or view.has_packages(store)
