"""The 学法记录 editor: one dialog for a session's facts, laws, attendees (by 科室), exam scores and attachments.

Ctrl+S saves, Esc asks before throwing edits away, and saving a second session with the same date and
topic asks first (`confirm_duplicate`, which tests answer through the real message box).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import attachments
from core.db import Store
from core.errors import FILE_WORK_ERRORS, LawDeskError
from core.staff import roster
from core.study import laws, records, sessions
from core.study.sessions import ATTENDED, EXAM_FORM, ON_LEAVE, Attendee, Session
from ui.ops import confirm, run_op, show_error
from ui.widgets.dates import TimeEdit, date_edit, fields_read
from ui.widgets.files import ATTACHMENT_KIND, open_files
from ui.widgets.flow import flow_box
from ui.widgets.forms import fit_to_screen, keep_enter_in_fields, scrolling

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invalid index Qt passes for the table's root
THUMB = QSize(96, 72)

# (key, header)
ATTENDEE_COLUMNS = (("department", "科室"), ("name", "姓名"), ("attended", "参加"), ("on_leave", "请假"),
                    ("leave_reason", "请假原因"), ("score", "考试成绩"))


class AttendeeModel(QAbstractTableModel):
    """The roster grouped by 科室 with each person's attendance: 参加 / 请假 (+ reason) / neither; exam score."""

    changed = Signal()

    def __init__(self, people: list[dict], parent=None) -> None:
        super().__init__(parent)
        self.people = people  # roster rows
        self.state: dict[int, dict] = {p["id"]: {"status": None, "leave_reason": "", "score": None} for p in people}
        self.exam = False

    def set_exam(self, exam: bool) -> None:
        self.exam = exam
        self.headerDataChanged.emit(Qt.Horizontal, 0, len(ATTENDEE_COLUMNS) - 1)
        self._all_changed()

    def load(self, attendees: list[Attendee]) -> None:
        for a in attendees:
            if a.staff_id in self.state:
                self.state[a.staff_id] = {"status": a.status, "leave_reason": a.leave_reason, "score": a.score}
        self._all_changed()

    def attendees(self) -> list[Attendee]:
        out = []
        for p in self.people:
            st = self.state[p["id"]]
            if st["status"]:
                out.append(Attendee(p["id"], st["status"], st["leave_reason"] if st["status"] == ON_LEAVE else "",
                                    st["score"] if self.exam and st["status"] == ATTENDED else None))
        return out

    def set_status(self, staff_ids: list[int], status: str | None) -> None:
        for sid in staff_ids:
            if sid in self.state:
                self.state[sid]["status"] = status
        self._all_changed()

    def ids_in(self, department: str | None = None) -> list[int]:
        return [p["id"] for p in self.people if department is None or p["department"] == department]

    def row_of(self, staff_id: int) -> int:
        return next(i for i, p in enumerate(self.people) if p["id"] == staff_id)

    def counts(self) -> tuple[int, int]:
        statuses = [s["status"] for s in self.state.values()]
        return statuses.count(ATTENDED), statuses.count(ON_LEAVE)

    def _all_changed(self) -> None:
        if self.people:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.people) - 1, len(ATTENDEE_COLUMNS) - 1))
        self.changed.emit()

    # -- Qt model ---------------------------------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(ATTENDEE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(ATTENDEE_COLUMNS):
            return ATTENDEE_COLUMNS[section][1]
        return None

    def flags(self, index: Index) -> Qt.ItemFlags:
        if not index.isValid():
            return Qt.NoItemFlags
        key = ATTENDEE_COLUMNS[index.column()][0]
        st = self.state[self.people[index.row()]["id"]]
        base = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if key in ("attended", "on_leave"):
            return base | Qt.ItemIsUserCheckable
        if key == "leave_reason" and st["status"] == ON_LEAVE:
            return base | Qt.ItemIsEditable
        if key == "score" and self.exam and st["status"] == ATTENDED:
            return base | Qt.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.people):
            return None
        person = self.people[index.row()]
        st = self.state[person["id"]]
        key = ATTENDEE_COLUMNS[index.column()][0]
        if role == Qt.CheckStateRole and key in ("attended", "on_leave"):
            wanted = ATTENDED if key == "attended" else ON_LEAVE
            return Qt.Checked if st["status"] == wanted else Qt.Unchecked
        if role in (Qt.DisplayRole, Qt.EditRole):
            if key in ("department", "name"):
                return person[key] + ("（离职）" if key == "name" and not person["active"] else "")
            if key == "leave_reason":
                return st["leave_reason"] if st["status"] == ON_LEAVE else ""
            if key == "score" and self.exam and st["status"] == ATTENDED:
                if role == Qt.EditRole:
                    return float(st["score"] if st["score"] is not None else 0.0)
                return "" if st["score"] is None else sessions.format_hours(st["score"])
        if role == Qt.UserRole:
            return person["id"]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.EditRole) -> bool:
        if not index.isValid():
            return False
        st = self.state[self.people[index.row()]["id"]]
        key = ATTENDEE_COLUMNS[index.column()][0]
        if role == Qt.CheckStateRole and key in ("attended", "on_leave"):
            checked = Qt.CheckState(value) == Qt.Checked if not isinstance(value, bool) else value
            wanted = ATTENDED if key == "attended" else ON_LEAVE
            st["status"] = wanted if checked else None
        elif role == Qt.EditRole and key == "leave_reason" and st["status"] == ON_LEAVE:
            st["leave_reason"] = str(value or "").strip()
        elif role == Qt.EditRole and key == "score" and self.exam and st["status"] == ATTENDED:
            st["score"] = None if value in (None, "") else float(value)
        else:
            return False
        row = index.row()
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(ATTENDEE_COLUMNS) - 1))
        self.changed.emit()
        return True


class SessionEditor(QDialog):
    """New (session_id None) or existing session; `saved_id` holds the id after a successful save."""

    saved = Signal(int)

    def __init__(self, store: Store, session_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.saved_id: int | None = None
        self.session = records.get(store, session_id) if session_id else None
        self.dirty = False
        self.setWindowTitle("编辑学法记录" if session_id else "新增学法记录")
        fit_to_screen(self, 1180, 720)
        self._staff = self._roster()
        self._build()
        self._load(self.session)
        self._watch()
        self.dirty = False
        self.date_edit.setFocus(Qt.OtherFocusReason)  # the first field, not the scroll area around the form

    # -- building ---------------------------------------------------------------------------------
    def _roster(self) -> list[dict]:
        store = self.store
        people = roster.list_staff(store, roster.StaffFilter(active=True))
        if self.session:  # people who left since still show on their old sessions
            ids = {p["id"] for p in people}
            people += [roster.get(store, a.staff_id) for a in self.session.attendees if a.staff_id not in ids]
        order = {d: i for i, d in enumerate(roster.departments(store))}
        return sorted(people, key=lambda p: (order.get(p["department"], 999), -p["is_leader"], p["id"]))

    def _build(self) -> None:
        names = [p["name"] for p in self._staff]
        self.date_edit = date_edit(self.store.clock.today)
        self.start_edit = TimeEdit("09:00")
        self.end_edit = TimeEdit("11:00")
        times = QHBoxLayout()
        times.addWidget(self.start_edit)
        times.addWidget(QLabel("至"))
        times.addWidget(self.end_edit)
        self.location_edit = QLineEdit(placeholderText="如：局三楼会议室")
        self.form_combo = QComboBox(editable=True)
        self.form_combo.addItems(sessions.forms(self.store))
        self.form_combo.setToolTip("可从列表选择，也可直接输入本单位自己的学习形式")
        self.topic_edit = QLineEdit(placeholderText="如：学习新修订《行政复议法》")
        self.lecturer_combo = _name_combo(names, "本单位人员，或外来主讲人如“律师 张某”")
        self.host_combo = _name_combo(names, "主持人")
        self.recorder_combo = _name_combo(names, "记录人")
        self.hours_spin = QDoubleSpinBox(decimals=1, minimum=0, maximum=24, singleStep=0.5, value=2.0, suffix=" 学时")
        self.outside_spin = QSpinBox(minimum=0, maximum=9999, suffix=" 人")
        self.pass_spin = QDoubleSpinBox(decimals=1, minimum=0, maximum=1000, value=60, suffix=" 分")
        self.summary_edit = QPlainTextEdit(placeholderText="学习内容摘要")
        self.summary_edit.setTabChangesFocus(True)

        form = QFormLayout()
        form.addRow("日期", self.date_edit)
        form.addRow("时间", times)
        form.addRow("地点", self.location_edit)
        form.addRow("学习形式", self.form_combo)
        form.addRow("学习主题", self.topic_edit)
        form.addRow("学习内容（法律法规）", self._build_laws())
        form.addRow("主讲人", self.lecturer_combo)
        form.addRow("主持人", self.host_combo)
        form.addRow("记录人", self.recorder_combo)
        form.addRow("学时", self.hours_spin)
        form.addRow("外单位参加", self.outside_spin)
        self.pass_label = QLabel("合格分数线")
        form.addRow(self.pass_label, self.pass_spin)
        form.addRow("内容摘要", self.summary_edit)
        left = QWidget()
        left.setLayout(form)
        left = scrolling(left)  # on a 768-px screen the form scrolls instead of pushing 保存 off-screen

        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        rlay.addWidget(self._build_attendees(), 3)
        rlay.addWidget(self._build_attachments(), 1)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([470, 690])
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText("保存 (Ctrl+S)")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.Save, self, activated=self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        keep_enter_in_fields(self)  # Enter in the law field adds the law; it must not save a half-filled session
        self.form_combo.currentTextChanged.connect(self._form_changed)

    def _build_laws(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.law_list = QListWidget()
        self.law_list.setMaximumHeight(96)
        self.law_combo = QComboBox(editable=True)
        self.law_combo.setInsertPolicy(QComboBox.NoInsert)
        self._fill_law_combo()
        self.law_combo.lineEdit().setPlaceholderText("选择或输入法律法规名称")
        self.law_combo.lineEdit().returnPressed.connect(self.add_law_from_combo)
        add = QPushButton("添加")
        add.clicked.connect(self.add_law_from_combo)
        remove = QPushButton("移除")
        remove.clicked.connect(self._remove_law)
        row = QHBoxLayout()
        row.addWidget(self.law_combo, 1)
        row.addWidget(add)
        row.addWidget(remove)
        lay.addWidget(self.law_list)
        lay.addLayout(row)
        box.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)  # extra height goes to the summary
        return box

    def _fill_law_combo(self) -> None:
        self.law_combo.clear()
        for law in laws.catalogue(self.store):
            label = law["short_name"] if law["short_name"] == law["full_name"] else \
                f"{law['short_name']}（{law['full_name']}）"
            self.law_combo.addItem(label, law["id"])
        self.law_combo.setCurrentIndex(-1)

    def _build_attendees(self) -> QWidget:
        box = QGroupBox("参学人员（勾选“参加”或“请假”）")
        lay = QVBoxLayout(box)
        self.all_button = QPushButton("全体")
        self.all_button.clicked.connect(lambda: self.attendees.set_status(self.attendees.ids_in(), ATTENDED))
        row = [self.all_button]
        self.department_buttons: dict[str, QPushButton] = {}
        for dept in dict.fromkeys(p["department"] for p in self._staff):
            button = QPushButton(dept or "未分科室")
            button.setToolTip(f"{dept}全体参加")
            button.clicked.connect(lambda _=False, d=dept: self.attendees.set_status(self.attendees.ids_in(d), ATTENDED))
            self.department_buttons[dept] = button
            row.append(button)
        clear = QPushButton("清空")
        clear.clicked.connect(lambda: self.attendees.set_status(self.attendees.ids_in(), None))
        row.append(clear)
        for button in row:
            button.setAutoDefault(False)
        self.attendee_buttons = flow_box(row)  # wraps: one button per 科室 must not widen the dialog
        self.attendees = AttendeeModel(self._staff, self)
        self.attendee_view = QTableView()
        self.attendee_view.setModel(self.attendees)
        self.attendee_view.verticalHeader().hide()
        self.attendee_view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.attendee_view.setEditTriggers(QAbstractItemView.AllEditTriggers)
        header = self.attendee_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.Stretch)
        self.attendee_view.verticalHeader().setDefaultSectionSize(24)
        self.count_label = QLabel()
        self.attendees.changed.connect(self._update_count)
        lay.addWidget(self.attendee_buttons)
        lay.addWidget(self.attendee_view, 1)
        lay.addWidget(self.count_label)
        return box

    def _build_attachments(self) -> QWidget:
        box = QGroupBox("附件（照片、签到表扫描件、课件）")
        lay = QHBoxLayout(box)
        self.attachment_list = QListWidget()
        self.attachment_list.setViewMode(QListWidget.IconMode)
        self.attachment_list.setIconSize(THUMB)
        self.attachment_list.setResizeMode(QListWidget.Adjust)
        self.attachment_list.setWordWrap(True)
        self.attachment_list.setMinimumHeight(130)
        side = QVBoxLayout()
        add = QPushButton("添加附件…")
        add.clicked.connect(self._pick_attachments)
        remove = QPushButton("移除")
        remove.clicked.connect(lambda: [self.attachment_list.takeItem(self.attachment_list.row(i))
                                        for i in self.attachment_list.selectedItems()] and self._mark_dirty())
        side.addWidget(add)
        side.addWidget(remove)
        side.addStretch(1)
        lay.addWidget(self.attachment_list, 1)
        lay.addLayout(side)
        return box

    # -- loading and collecting -------------------------------------------------------------------
    def _load(self, s: Session | None) -> None:
        if s is None:
            self.form_combo.setCurrentText("集中学法")  # the most common form
            self._form_changed(self.form_combo.currentText())
            self._update_count()
            return
        self.date_edit.setDate(QDate.fromString(s.held_on, "yyyy-MM-dd"))
        self.start_edit.setText(s.start_time)
        self.end_edit.setText(s.end_time)
        self.location_edit.setText(s.location)
        self.form_combo.setCurrentText(s.form)
        self.topic_edit.setText(s.topic)
        for law_id, name in zip(s.law_ids, laws.names_of(self.store, s.law_ids)):
            self._add_law_item(law_id, name)
        self.lecturer_combo.setCurrentText(s.lecturer_name)
        self.host_combo.setCurrentText(s.host)
        self.recorder_combo.setCurrentText(s.recorder)
        self.hours_spin.setValue(s.hours)
        self.outside_spin.setValue(s.outside_count)
        if s.pass_mark is not None:
            self.pass_spin.setValue(s.pass_mark)
        self.summary_edit.setPlainText(s.summary)
        self.attendees.load(s.attendees)
        for att in sessions.attachments(self.store, s.id):
            self._add_attachment_item(att)
        self._form_changed(s.form)

    def collect(self) -> Session:
        """The session as the widgets show it (not yet checked: core checks on save)."""
        lecturer = self.lecturer_combo.currentText().strip()
        staff_ids = {p["name"]: p["id"] for p in self._staff}
        exam = self.form_combo.currentText().strip() == EXAM_FORM
        return Session(
            id=self.session.id if self.session else None,
            held_on=self.date_edit.date().toString("yyyy-MM-dd"),
            start_time=self.start_edit.text(), end_time=self.end_edit.text(),
            location=self.location_edit.text(), form=self.form_combo.currentText(), topic=self.topic_edit.text(),
            law_ids=self.law_ids(), lecturer_staff_id=staff_ids.get(lecturer),
            lecturer_name=lecturer, host=self.host_combo.currentText(), recorder=self.recorder_combo.currentText(),
            hours=self.hours_spin.value(), outside_count=self.outside_spin.value(),
            summary=self.summary_edit.toPlainText(), pass_mark=self.pass_spin.value() if exam else None,
            attendees=self.attendees.attendees(),
            attachment_ids=[self.attachment_list.item(i).data(Qt.UserRole) for i in range(self.attachment_list.count())],
        )

    def law_ids(self) -> list[int]:
        return [self.law_list.item(i).data(Qt.UserRole) for i in range(self.law_list.count())]

    # -- laws ---------------------------------------------------------------------------------------
    def add_law_from_combo(self) -> int | None:
        """Add the chosen or typed law; a name not in the catalogue is added to it after asking."""
        text = self.law_combo.currentText().strip()
        if not text:
            return None
        index = self.law_combo.findText(text)
        law_id = self.law_combo.itemData(index) if index >= 0 else laws.resolve(self.store, text)
        if law_id is None:
            if not self.confirm_new_law(laws.normalize(text)):
                return None
            try:
                law_id = laws.add(self.store, text)
            except LawDeskError as exc:
                show_error(self, exc)
                return None
            self._fill_law_combo()
        if law_id not in self.law_ids():
            self._add_law_item(law_id, laws.names_of(self.store, [law_id])[0])
            self._mark_dirty()
        self.law_combo.setCurrentIndex(-1)
        self.law_combo.clearEditText()
        return law_id

    def confirm_new_law(self, name: str) -> bool:
        return confirm(self, "新增法律法规", f"法规目录中没有《{name}》。要把它加入目录吗？", "加入目录")

    def _add_law_item(self, law_id: int, name: str) -> None:
        item = QListWidgetItem(f"《{name}》")
        item.setData(Qt.UserRole, law_id)
        self.law_list.addItem(item)

    def _remove_law(self) -> None:
        for item in self.law_list.selectedItems():
            self.law_list.takeItem(self.law_list.row(item))
        self._mark_dirty()

    # -- attachments ------------------------------------------------------------------------------
    def _pick_attachments(self) -> None:
        self.add_attachment_files(open_files(
            self, ATTACHMENT_KIND, "添加附件", "图片和文档 (*.png *.jpg *.jpeg *.gif *.bmp *.pdf *.doc *.docx *.ppt "
                                              "*.pptx *.xls *.xlsx);;所有文件 (*)"))

    def add_attachment_files(self, files: list[Path]) -> QThread | None:
        """Copy the files in (up to 512 MB each, fsynced) off the UI thread; the ones that cannot be added
        are shown, the others listed."""
        if not files:
            return None

        def work(own: Store, progress) -> tuple[list[dict], list[BaseException]]:
            added, failed = [], []
            for i, path in enumerate(files):
                progress(i, len(files), f"正在添加“{path.name}”…")
                try:
                    added.append(attachments.get(own, attachments.add_file(own, path)))
                except FILE_WORK_ERRORS as exc:  # a full disk or a file held open by WPS, or core's refusals
                    failed.append(exc)
            return added, failed

        return run_op(self, "正在添加附件…", work, lambda result: self._attachments_added(*result), store=self.store)

    def _attachments_added(self, added: list[dict], failed: list[BaseException]) -> None:
        for exc in failed:
            show_error(self, exc, "无法添加附件")
        for row in added:
            self._add_attachment_item(row)
        if added:
            self._mark_dirty()

    def _add_attachment_item(self, row: dict) -> None:
        item = QListWidgetItem(row["name"])
        item.setData(Qt.UserRole, row["id"])
        item.setToolTip(row["name"])
        if attachments.is_image(row):
            try:
                pixmap = QPixmap(str(attachments.path_of(self.store, row["id"])))
            except FILE_WORK_ERRORS:
                pixmap = QPixmap()
            if not pixmap.isNull():
                item.setIcon(QIcon(pixmap.scaled(THUMB, Qt.KeepAspectRatio, Qt.SmoothTransformation)))
        if item.icon().isNull():
            item.setIcon(self.style().standardIcon(self.style().StandardPixmap.SP_FileIcon))
        self.attachment_list.addItem(item)

    # -- state ------------------------------------------------------------------------------------
    def _watch(self) -> None:
        for edit in (self.start_edit, self.end_edit, self.location_edit, self.topic_edit):
            edit.textEdited.connect(self._mark_dirty)
        for combo in (self.form_combo, self.lecturer_combo, self.host_combo, self.recorder_combo):
            combo.currentTextChanged.connect(self._mark_dirty)
        for spin in (self.hours_spin, self.outside_spin, self.pass_spin):
            spin.valueChanged.connect(self._mark_dirty)
        self.date_edit.dateChanged.connect(self._mark_dirty)
        self.summary_edit.textChanged.connect(self._mark_dirty)
        self.attendees.changed.connect(self._mark_dirty)

    def _mark_dirty(self, *_args) -> None:
        self.dirty = True

    def _form_changed(self, form: str) -> None:
        exam = form.strip() == EXAM_FORM
        self.pass_label.setVisible(exam)
        self.pass_spin.setVisible(exam)
        self.attendees.set_exam(exam)
        self.attendee_view.setColumnHidden(5, not exam)

    def _update_count(self) -> None:
        attended, on_leave = self.attendees.counts()
        self.count_label.setText(f"参加 {attended} 人，请假 {on_leave} 人")

    # -- closing ----------------------------------------------------------------------------------
    def confirm_duplicate(self, existing: dict) -> bool:
        """Ask before saving a second session with the same date and topic; the safe answer is 取消."""
        box = QMessageBox(QMessageBox.Warning, "可能重复",
                          f"{existing['held_on']} 已有一条主题为“{existing['topic']}”的学法记录。\n\n"
                          "仍要再保存一条吗？", parent=self)
        box.setObjectName("duplicate_warning")
        keep = box.addButton("仍然保存", QMessageBox.AcceptRole)
        box.setDefaultButton(box.addButton("取消", QMessageBox.RejectRole))
        box.exec()
        return box.clickedButton() is keep

    def accept(self) -> None:
        if not fields_read(self):
            return
        focus = QApplication.focusWidget()
        if focus is not None and self.attendee_view.isAncestorOf(focus):
            self.attendee_view.setFocus()  # Ctrl+S while typing a 请假原因 or score: the cell keeps what was typed
        session = self.collect()
        duplicate = sessions.find_duplicate(self.store, session.held_on, session.topic, session.id)
        if duplicate and not self.confirm_duplicate(duplicate):
            return
        try:
            self.saved_id = records.save(self.store, session)
        except LawDeskError as exc:
            show_error(self, exc, "无法保存")
            return
        self.dirty = False
        self.saved.emit(self.saved_id)
        super().accept()

    def reject(self) -> None:
        if self.dirty and not confirm(self, "放弃修改", "本条学法记录有未保存的修改，确定放弃吗？", "放弃修改"):
            return
        super().reject()


def _name_combo(names: list[str], tip: str) -> QComboBox:
    combo = QComboBox(editable=True)
    combo.addItems(names)
    combo.setCurrentIndex(-1)
    combo.setToolTip(tip)
    combo.setInsertPolicy(QComboBox.NoInsert)
    return combo
