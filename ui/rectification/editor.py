"""整改事项 editor: the item's fields, its measures, the read-only progress log with 添加进展, evidence
(佐证材料), and the status buttons 开始整改 / 标记完成 / 销号 / 重新打开.

The status buttons ask for what the rule needs (completion date and text, approver, a reason…) and
hand it to core, which decides; a refusal is shown with core's own message. Dialogs open with
`open()` so tests can fill them and press their buttons.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QStringListModel, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import attachments
from core.db import Store
from core.errors import FILE_WORK_ERRORS, LawDeskError
from core.rectification import items, records, rules
from core.rectification.rules import CLOSED, COMPLETED, IN_PROGRESS, NOT_STARTED, TransitionRequest
from core.staff import roster
from ui.ops import confirm, run_op, show_error
from ui.widgets.dates import DateEdit, Today, calendar_opens_on, fields_read
from ui.widgets.files import ATTACHMENT_KIND, open_files
from ui.widgets.forms import fit_to_screen, keep_enter_in_fields
from ui.widgets.import_preview import RowsModel

NO_DATE = QDate(2000, 1, 1)  # the date edit's minimum, shown as its special text (未填 / 未定)
STATUS_BUTTONS = (("开始整改", IN_PROGRESS, NOT_STARTED), ("标记完成", COMPLETED, IN_PROGRESS),
                  ("销号", CLOSED, COMPLETED), ("重新打开", IN_PROGRESS, None))
LOG_COLUMNS = [
    ("日期", lambda e: e["on_date"]),
    ("类型", lambda e: "进展" if e["kind"] == "progress" else "状态"),
    ("内容", lambda e: _log_text(e)),
    ("记录人", lambda e: e["by_whom"]),
    ("记录时间", lambda e: (e["at"] or "").replace("T", " ")[:16]),  # to the minute: room for 内容
]
EVIDENCE_COLUMNS = [("文件名", lambda a: a["name"]), ("大小", lambda a: _size(a["size"])),
                    ("添加时间", lambda a: (a["added_at"] or "").replace("T", " "))]


def _log_text(entry: dict) -> str:
    text = entry["text"]
    if entry["kind"] == "status" and entry["to_status"]:
        arrow = f"{entry['from_status']} → {entry['to_status']}" if entry["from_status"] else entry["to_status"]
        text = f"[{arrow}] {text}"
    if entry["reason"] and entry["reason"] not in text:
        text += f"（原因：{entry['reason']}）"
    return text


def _why_disabled(status: str, target: str, action: str) -> str | None:
    """None when the rules allow `action` (a status button) from `status`, else why not, for its tooltip."""
    if rules.ACTIONS.get((status, target)) == action:
        return None
    if action == "重新打开":
        return f"只有“已完成”或“已销号”的事项才需要重新打开，该事项目前是“{status}”。"
    if status == target:
        return f"该事项已是“{status}”。"
    if (status, target) in rules.ACTIONS:
        return f"“{status}”的事项请用“{rules.ACTIONS[(status, target)]}”。"
    return rules.forbidden_message(status, target)


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


def date_edit(special: str, value: date | None, today: Today) -> QDateEdit:
    """A calendar date edit that can also mean "no date" (shown as `special`); its calendar opens on
    its date, or on `today` while it has none; a date may be typed in any common form (`2027-3-31`…)."""
    edit = DateEdit(today)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(special)
    set_date(edit, value)
    return calendar_opens_on(edit, today)


def set_date(edit: QDateEdit, value: date | str | None) -> None:
    parsed = rules.to_date(value)
    edit.setDate(QDate(parsed.year, parsed.month, parsed.day) if parsed else NO_DATE)


def get_date(edit: QDateEdit) -> date | None:
    qd = edit.date()
    return None if qd == NO_DATE else date(qd.year(), qd.month(), qd.day())


class _AskDialog(QDialog):
    """A small form that hands its values to `submit`; core's refusal is shown in it and it stays open."""

    def __init__(self, title: str, parent: QWidget | None, submit) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self._submit = submit
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        if not fields_read(self):
            return
        try:
            self._submit(self)
        except LawDeskError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.accept()


class ProgressDialog(_AskDialog):
    """添加进展: date and text."""

    def __init__(self, parent: QWidget | None, today: date, submit) -> None:
        super().__init__("添加进展", parent, submit)
        self.date_edit = date_edit("", today, today)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText("例如：已起草制度初稿，正在征求意见")
        self.by_edit = QLineEdit()
        self.by_edit.setPlaceholderText("不填则记为当前电脑用户")
        self.form.addRow("日期", self.date_edit)
        self.form.addRow("进展内容", self.text_edit)
        self.form.addRow("记录人", self.by_edit)


class TransitionDialog(_AskDialog):
    """Asks what a change of status needs: completion (date + what was done), 销号 (approver, date,
    reason when there is no evidence) or reopening (a reason)."""

    def __init__(self, parent: QWidget | None, item: records.Item, target: str, evidence_count: int, today: date,
                 approvers: list[str], submit) -> None:
        title = rules.ACTIONS.get((item.status, target), target)
        super().__init__(f"{title}：{item.number}", parent, submit)
        self.target, self.reopen = target, item.status in rules.DONE_STATUSES
        self.date_edit = date_edit("", today, today)
        self.completion_edit = QPlainTextEdit(item.completion or "")
        self.approver_combo = QComboBox()
        self.approver_combo.setEditable(True)
        self.approver_combo.addItems(approvers)
        self.approver_combo.setEditText("")
        self.no_evidence_edit = QLineEdit()
        self.reason_edit = QPlainTextEdit()
        self.by_edit = QLineEdit()
        self.by_edit.setPlaceholderText("不填则记为当前电脑用户")
        if target == COMPLETED:
            self.form.addRow("完成日期", self.date_edit)
            self.form.addRow("完成情况（做了什么）", self.completion_edit)
        elif target == CLOSED:
            self.form.addRow("销号日期", self.date_edit)
            self.form.addRow("审批人", self.approver_combo)
            hint = f"已有 {evidence_count} 份佐证材料。" if evidence_count else "还没有佐证材料：请先添加，或在下面写明原因。"
            self.form.addRow("", QLabel(hint))
            self.form.addRow("无佐证材料的原因", self.no_evidence_edit)
        elif self.reopen:
            self.form.addRow("重新打开的原因", self.reason_edit)
        self.form.addRow("记录人", self.by_edit)

    def request(self) -> TransitionRequest:
        return TransitionRequest(
            self.target, on_date=get_date(self.date_edit) if self.target in (COMPLETED, CLOSED) else None,
            completion=self.completion_edit.toPlainText(), approver=self.approver_combo.currentText(),
            no_evidence_reason=self.no_evidence_edit.text(), reason=self.reason_edit.toPlainText())


class ItemEditor(QDialog):
    """Edit one item (or a new one: `item_id=None`; saving it once unlocks progress, evidence and status)."""

    changed = Signal()  # something was written: the list should reload
    open_report = Signal(int, object)  # (report id, section id or None): the report this item came from

    def __init__(self, store: Store, item_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.item_id = store, item_id
        self.saved_id: int | None = item_id
        self.dialog: QDialog | None = None  # the ask dialog now open (tests reach it here)
        fit_to_screen(self, 1120, 720)
        self._build()
        self._load()

    def today(self) -> date:
        return self.store.clock.today()

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.header_label = QLabel()
        self.header_label.setStyleSheet("font-size: 15px; font-weight: bold")
        top = QHBoxLayout()
        top.addWidget(self.header_label, 1)
        left = QVBoxLayout()
        left.addWidget(self._fields_box())
        left.addWidget(self._measures_box(), 1)
        right = QVBoxLayout()
        right.addWidget(self._status_box())
        right.addWidget(self._log_box(), 2)
        right.addWidget(self._evidence_box(), 1)
        body = QHBoxLayout()
        body.addLayout(left, 4)
        body.addLayout(right, 7)  # the log's 内容 is what the clerk reads: the wider side, most of it for 内容
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("保存", QDialogButtonBox.ApplyRole)
        self.ok_button = self.buttons.addButton("保存并关闭", QDialogButtonBox.AcceptRole)
        self.close_button = self.buttons.addButton("关闭", QDialogButtonBox.RejectRole)
        self.ok_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.ok_button.clicked.connect(self._save_and_close)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.Save, self, activated=self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        # once every field is the dialog's child: Enter in the measure field adds the measure, never 保存并关闭
        keep_enter_in_fields(self, self.measure_edit)

    def _fields_box(self) -> QGroupBox:
        box = QGroupBox("事项信息")
        form = QFormLayout(box)
        self.source_combo = QComboBox()
        self.source_combo.addItems(rules.SOURCES)
        self.source_doc_edit = QLineEdit()
        self.source_doc_edit.setPlaceholderText("如：市法治政府建设督察反馈意见")
        self.source_date_edit = date_edit("未填", None, self.today)
        self.problem_edit = QPlainTextEdit()
        self.problem_edit.setPlaceholderText("发现的问题（必填）")
        self.problem_edit.setMaximumHeight(90)
        self.goal_edit = QPlainTextEdit()
        self.goal_edit.setMaximumHeight(50)
        self.leader_combo = QComboBox()
        self.leader_combo.setEditable(True)
        self.department_combo = QComboBox()
        self.department_combo.setEditable(True)
        self.owner_combo = QComboBox()
        self.deadline_edit = date_edit("未定", None, self.today)
        self.standing_check = QCheckBox("长期坚持")
        self.standing_check.toggled.connect(lambda on: self.deadline_edit.setEnabled(not on))
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.deadline_edit, 1)
        deadline_row.addWidget(self.standing_check)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source_combo)
        source_row.addWidget(QLabel("文件日期"))
        source_row.addWidget(self.source_date_edit)
        form.addRow("问题来源", source_row)
        self.report_button = QPushButton("打开来源报告")
        self.report_button.setToolTip("这条事项由年度报告“存在的不足”生成，打开报告的那一部分")
        self.report_button.setAutoDefault(False)
        self.report_button.hide()
        self.report_button.clicked.connect(self._open_source_report)
        doc_row = QHBoxLayout()
        doc_row.addWidget(self.source_doc_edit, 1)
        doc_row.addWidget(self.report_button)
        form.addRow("来源文件", doc_row)
        form.addRow("问题描述", self.problem_edit)
        form.addRow("整改目标", self.goal_edit)
        form.addRow("责任领导", self.leader_combo)
        form.addRow("责任科室", self.department_combo)
        form.addRow("责任人", self.owner_combo)
        form.addRow("整改时限", deadline_row)
        self.owner_combo.currentIndexChanged.connect(self._owner_changed)
        return box

    def _measures_box(self) -> QGroupBox:
        box = QGroupBox("整改措施（双击修改）")
        self.measures_model = QStringListModel(self)
        self.measures_view = QListView()
        self.measures_view.setModel(self.measures_model)
        self.measures_view.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        self.measure_edit = QLineEdit()
        self.measure_edit.setPlaceholderText("输入一条措施，回车添加")
        self.measure_edit.returnPressed.connect(self.add_measure)
        buttons = QHBoxLayout()
        for text, slot in (("添加", self.add_measure), ("删除", self.remove_measure), ("上移", lambda: self.move_measure(-1)),
                           ("下移", lambda: self.move_measure(1))):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, s=slot: s())
            buttons.addWidget(button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.measures_view, 1)
        layout.addWidget(self.measure_edit)
        layout.addLayout(buttons)
        return box

    def _status_box(self) -> QGroupBox:
        box = QGroupBox("整改状态")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for text, _target, _ in STATUS_BUTTONS:
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, t=text: self.ask_status(t))
            self.status_buttons[text] = button
            row.addWidget(button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.status_label)
        layout.addLayout(row)
        return box

    def _log_box(self) -> QGroupBox:
        box = QGroupBox("进展记录（只增不改）")
        self.log_model = RowsModel(LOG_COLUMNS, [], self)
        self.log_view = self._table(self.log_model)
        self.log_view.setWordWrap(True)
        self._fit_log_columns()
        self.add_progress_button = QPushButton("添加进展…")
        self.add_progress_button.setAutoDefault(False)
        self.add_progress_button.clicked.connect(self.ask_progress)
        layout = QVBoxLayout(box)
        layout.addWidget(self.log_view, 1)
        layout.addWidget(self.add_progress_button, 0, Qt.AlignLeft)
        return box

    def _evidence_box(self) -> QGroupBox:
        box = QGroupBox("佐证材料")
        self.evidence_model = RowsModel(EVIDENCE_COLUMNS, [], self)
        self.evidence_view = self._table(self.evidence_model)
        self.evidence_view.doubleClicked.connect(lambda _: self.open_evidence())
        row = QHBoxLayout()
        for text, slot in (("添加文件…", self.pick_evidence), ("打开", self.open_evidence), ("移除", self.remove_evidence)):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, s=slot: s())
            row.addWidget(button)
        row.addStretch()
        layout = QVBoxLayout(box)
        layout.addWidget(self.evidence_view, 1)
        layout.addLayout(row)
        return box

    def _fit_log_columns(self) -> None:
        """The text column takes the width and wraps; the others fit their contents."""
        header = self.log_view.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(len(LOG_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.Stretch if column == 2 else QHeaderView.ResizeToContents)
        header.setMinimumSectionSize(48)
        self.log_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)

    def _table(self, model) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    # -- loading ----------------------------------------------------------------------------------
    def _load(self) -> None:
        leaders = [r["name"] for r in roster.list_staff(self.store) if r["is_leader"] and r["department"] == "局领导"]
        self.leader_combo.addItems(leaders or [r["name"] for r in roster.list_staff(self.store) if r["is_leader"]])
        self.department_combo.addItems(roster.departments(self.store))
        item = records.get(self.store, self.item_id) if self.item_id else None
        people = roster.list_staff(self.store, roster.StaffFilter(active=True))
        if item and item.owner_staff_id and all(p["id"] != item.owner_staff_id for p in people):
            people.append(roster.get(self.store, item.owner_staff_id))  # someone who has left since
        self._people = people
        self._saved_owner = item.owner_staff_id if item else None
        self._fill_owners("")
        self.department_combo.currentTextChanged.connect(self._fill_owners)
        if item:
            self._fill(item)
        else:
            self.leader_combo.setEditText("")
            self.department_combo.setEditText("")
            self.source_combo.setCurrentText("自查自纠")
        self._refresh_side()
        self._saved_values = self.values()

    def _open_source_report(self) -> None:
        item = records.get(self.store, self.saved_id)
        self.open_report.emit(item.report_id, item.report_section_id)

    def _fill(self, item: records.Item) -> None:
        self.report_button.setVisible(item.report_id is not None)
        self.source_combo.setCurrentText(item.source)
        self.source_doc_edit.setText(item.source_doc)
        set_date(self.source_date_edit, item.source_date)
        self.problem_edit.setPlainText(item.problem)
        self.goal_edit.setPlainText(item.goal)
        self.leader_combo.setEditText(item.leader)
        self.department_combo.setEditText(item.department)
        self.owner_combo.blockSignals(True)
        index = self.owner_combo.findData(item.owner_staff_id) if item.owner_staff_id else 0
        self.owner_combo.setCurrentIndex(max(index, 0))
        if item.owner_staff_id is None and item.owner_name:
            self.owner_combo.setToolTip(f"原台账中的责任人：{item.owner_name}（不在人员名单中）")
        self.owner_combo.blockSignals(False)
        set_date(self.deadline_edit, item.deadline)
        self.standing_check.setChecked(bool(item.standing))
        self.measures_model.setStringList(item.measures)

    def _refresh_side(self) -> None:
        """Header, status line, buttons, log and evidence from the database."""
        saved = self.item_id is not None
        for widget in (self.add_progress_button, self.evidence_view, *self.status_buttons.values()):
            widget.setEnabled(saved)
        if not saved:
            self.setWindowTitle("新增整改事项")
            self.header_label.setText("新增整改事项（编号保存时自动生成）")
            self.status_label.setText("保存后可开始整改、添加进展和佐证材料。")
            return
        item = records.get(self.store, self.item_id)
        self.item = item
        self.setWindowTitle(f"整改事项 {item.number}")
        flags = ""
        if rules.is_overdue(item.deadline, item.standing, item.status, self.today()):
            flags = "　<span style='color:#c00000'>逾期</span>"
        elif rules.is_due_soon(item.deadline, item.standing, item.status, self.today(),
                               items.due_soon_days(self.store)):
            flags = "　<span style='color:#9c5700'>临期</span>"
        self.header_label.setText(f"{item.number}　{item.status}{flags}")
        self.status_label.setText(self._status_line(item))
        for text, target, _source in STATUS_BUTTONS:
            why_not = _why_disabled(item.status, target, text)
            button = self.status_buttons[text]
            button.setEnabled(why_not is None)
            button.setToolTip(why_not or f"{text}：{item.status} → {target}")
        self.log_model = RowsModel(LOG_COLUMNS, items.log(self.store, self.item_id), self)
        self.log_view.setModel(self.log_model)
        self._fit_log_columns()
        self.log_view.scrollToBottom()
        self.evidence_model = RowsModel(EVIDENCE_COLUMNS, items.evidence(self.store, self.item_id), self)
        self.evidence_view.setModel(self.evidence_model)

    @staticmethod
    def _status_line(item: records.Item) -> str:
        parts = [f"当前状态：{item.status}"]
        if item.completed_on:
            parts.append(f"完成日期 {item.completed_on}")
        if item.status == CLOSED:
            parts.append(f"{item.closed_on} 由 {item.closed_by} 审批销号")
            if item.no_evidence_reason:
                parts.append(f"无佐证材料原因：{item.no_evidence_reason}")
        return "；".join(parts)

    # -- fields -----------------------------------------------------------------------------------
    def _fill_owners(self, department: str) -> None:
        """责任人 from the chosen 责任科室 (everyone while none is chosen); the saved owner always stays."""
        department = department.strip()
        current = self.owner_combo.currentData()
        self.owner_combo.blockSignals(True)
        self.owner_combo.clear()
        self.owner_combo.addItem("（未指定）", None)
        for person in self._people:
            if department and person["department"] != department and person["id"] != self._saved_owner:
                continue
            self.owner_combo.addItem(f"{person['name']}（{person['department']}）" if person["department"]
                                     else person["name"], person["id"])
        self.owner_combo.setCurrentIndex(max(self.owner_combo.findData(current), 0) if current else 0)
        self.owner_combo.blockSignals(False)

    def _owner_changed(self, _index: int) -> None:
        staff_id = self.owner_combo.currentData()
        if staff_id and not self.department_combo.currentText().strip():
            self.department_combo.setEditText(roster.get(self.store, staff_id)["department"])

    def values(self) -> dict:
        standing = self.standing_check.isChecked()
        data = {
            "source": self.source_combo.currentText(), "source_doc": self.source_doc_edit.text(),
            "source_date": get_date(self.source_date_edit), "problem": self.problem_edit.toPlainText(),
            "goal": self.goal_edit.toPlainText(), "measures": self.measures_model.stringList(),
            "leader": self.leader_combo.currentText(), "department": self.department_combo.currentText(),
            "deadline": None if standing else get_date(self.deadline_edit), "standing": standing,
        }
        owner = self.owner_combo.currentData()
        if owner is not None or self.item_id is None or records.get(self.store, self.item_id).owner_staff_id:
            data["owner_staff_id"] = owner  # keep an imported free-text owner until someone is picked
        return data

    def add_measure(self) -> None:
        text = self.measure_edit.text().strip()
        if not text:
            return
        rows = self.measures_model.rowCount()
        self.measures_model.insertRows(rows, 1)
        self.measures_model.setData(self.measures_model.index(rows), text)
        self.measure_edit.clear()

    def remove_measure(self) -> None:
        index = self.measures_view.currentIndex()
        if index.isValid():
            self.measures_model.removeRows(index.row(), 1)

    def move_measure(self, step: int) -> None:
        index = self.measures_view.currentIndex()
        if not index.isValid():
            return
        rows = self.measures_model.stringList()
        new = index.row() + step
        if 0 <= new < len(rows):
            rows[index.row()], rows[new] = rows[new], rows[index.row()]
            self.measures_model.setStringList(rows)
            self.measures_view.setCurrentIndex(self.measures_model.index(new))

    # -- writing ----------------------------------------------------------------------------------
    def save(self) -> bool:
        """Create or update the item; False (with the reason shown) when core refuses."""
        if not fields_read(self):
            return False
        if self.measure_edit.text().strip():
            self.add_measure()  # a typed but not yet added measure is clearly meant to be kept
        try:
            if self.item_id is None:
                self.item_id = items.create(self.store, self.values(), today=self.today())
                self.saved_id = self.item_id
            else:
                items.update(self.store, self.item_id, self.values())
        except LawDeskError as exc:
            show_error(self, exc, "无法保存")
            return False
        self._refresh_side()
        self._saved_values = self.values()
        self._saved_owner = self.owner_combo.currentData()
        self.changed.emit()
        return True

    def has_unsaved_changes(self) -> bool:
        return self.values() != self._saved_values

    def reject(self) -> None:
        """关闭 / Esc: ask before dropping edits that were not saved."""
        if self.has_unsaved_changes() and not confirm(self, "放弃修改", "事项信息有未保存的修改，关闭将放弃这些修改。", ok="放弃修改"):
            return
        super().reject()

    def _save_and_close(self) -> None:
        if self.save():
            self.accept()

    def ask_progress(self) -> ProgressDialog | None:
        if self.item_id is None:
            return None

        def submit(dlg: ProgressDialog) -> None:
            items.add_progress(self.store, self.item_id, dlg.text_edit.toPlainText(), on_date=get_date(dlg.date_edit),
                               by=dlg.by_edit.text(), today=self.today())
            self._after_write()

        return self._open(ProgressDialog(self, self.today(), submit))

    def ask_status(self, action: str) -> TransitionDialog | None:
        """A status button: refused at once with core's message when the move is not allowed from here,
        else a dialog asking for what the move needs."""
        if self.item_id is None:
            return None
        item = records.get(self.store, self.item_id)
        target = next(t for text, t, _ in STATUS_BUTTONS if text == action)
        if action == "重新打开" and item.status not in rules.DONE_STATUSES:
            show_error(self, LawDeskError(f"只有“已完成”或“已销号”的事项才需要重新打开，该事项目前是“{item.status}”。"),
                       "不能改变状态")
            return None
        if (item.status, target) not in rules.ACTIONS or target == IN_PROGRESS and item.status == NOT_STARTED:
            try:  # let core decide: it either refuses with its message or (开始整改) just does it
                items.transition(self.store, self.item_id, TransitionRequest(target), today=self.today())
            except LawDeskError as exc:
                show_error(self, exc, "不能改变状态")
                return None
            self._after_write()
            return None
        approvers = [self.leader_combo.itemText(i) for i in range(self.leader_combo.count())]

        def submit(dlg: TransitionDialog) -> None:
            items.transition(self.store, self.item_id, dlg.request(), by=dlg.by_edit.text(), today=self.today())
            self._after_write()

        dialog = TransitionDialog(self, item, target, items.evidence_count(self.store, self.item_id), self.today(),
                                  approvers, submit)
        return self._open(dialog)

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _after_write(self) -> None:
        self._refresh_side()
        self.changed.emit()

    def pick_evidence(self) -> None:
        paths = open_files(self, ATTACHMENT_KIND, "添加佐证材料", "所有文件 (*)")
        if paths:
            self.add_evidence_files(paths)

    def add_evidence_files(self, paths: list[str | Path]) -> QThread | None:
        """Copy the files in (up to 512 MB each, fsynced) off the UI thread; all or none are added."""
        if self.item_id is None:
            return None
        item_id = self.item_id

        def work(own: Store, progress) -> None:
            with own.transaction():
                for i, path in enumerate(paths):
                    progress(i, len(paths), f"正在添加“{Path(path).name}”…")
                    items.add_evidence(own, item_id, path)

        return run_op(self, "正在添加佐证材料…", work, lambda _r: self._after_write(),
                      lambda exc: show_error(self, exc, "无法添加佐证材料"), store=self.store)

    def _selected_evidence(self) -> dict | None:
        rows = self.evidence_view.selectionModel().selectedRows()
        return self.evidence_model.item(rows[0].row()) if rows else None

    def open_evidence(self) -> None:
        chosen = self._selected_evidence()
        if chosen is None:
            return
        try:
            path = attachments.path_of(self.store, chosen["id"])
        except FILE_WORK_ERRORS as exc:
            show_error(self, exc)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def remove_evidence(self) -> None:
        chosen = self._selected_evidence()
        if chosen is None or not confirm(self, "移除佐证材料", f"从此事项中移除“{chosen['name']}”？", ok="移除"):
            return
        try:
            items.remove_evidence(self.store, self.item_id, chosen["id"])
        except LawDeskError as exc:
            show_error(self, exc)
        self._after_write()
