"""Add or edit one person; core's error appears in the dialog, which stays open until the data is right."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.db import Store
from core.errors import LawDeskError
from core.staff import records, roster
from core.staff.records import StaffRecord
from ui.widgets.dates import date_edit, fields_read

ERROR_STYLE = "color: #b00020"


class StaffEditor(QDialog):
    """`StaffEditor(store)` adds a person, `StaffEditor(store, staff_id)` edits one; `saved_id` after accept."""

    def __init__(self, store: Store, staff_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.staff_id = staff_id
        self.saved_id: int | None = None
        self._duplicate_ok = False
        self.setWindowTitle("编辑人员" if staff_id else "新增人员")
        self.setMinimumWidth(420)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(40)
        self.name_edit.setPlaceholderText("必填")
        self.department_combo = QComboBox()
        self.department_combo.setEditable(True)
        self.department_combo.addItems(roster.departments(store))
        self.department_combo.setInsertPolicy(QComboBox.NoInsert)
        self.position_edit = QLineEdit()
        self.position_edit.setPlaceholderText("如：科长、科员")
        self.leader_check = QCheckBox("领导干部")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setFixedHeight(64)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("姓名：", self.name_edit)
        form.addRow("科室：", self.department_combo)
        form.addRow("职务：", self.position_edit)
        form.addRow("", self.leader_check)
        form.addRow("备注：", self.note_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if staff_id:
            self._load(records.get(store, staff_id))
        else:
            self.department_combo.setCurrentIndex(-1)
            self.department_combo.setEditText("")
        self.name_edit.textEdited.connect(self._forget_duplicate)
        self.department_combo.editTextChanged.connect(self._forget_duplicate)

    def _load(self, person: StaffRecord) -> None:
        self.name_edit.setText(person.name)
        self.department_combo.setEditText(person.department)
        self.position_edit.setText(person.position)
        self.leader_check.setChecked(person.is_leader)
        self.note_edit.setPlainText(person.note)

    def fields(self) -> dict:
        return {
            "name": self.name_edit.text(),
            "department": self.department_combo.currentText(),
            "position": self.position_edit.text(),
            "is_leader": self.leader_check.isChecked(),
            "note": self.note_edit.toPlainText(),
        }

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _forget_duplicate(self, *_: object) -> None:
        self._duplicate_ok = False

    def _twin(self, fields: dict) -> dict | None:
        """Someone else already on the roster with the same name in the same 科室."""
        name = " ".join(fields["name"].split())
        for row in roster.by_name(self.store).get(name, []):
            if row["department"] == fields["department"].strip() and row["id"] != self.staff_id:
                return row
        return None

    def save(self) -> None:
        fields = self.fields()
        twin = self._twin(fields)
        if twin and not self._duplicate_ok:
            # Two people with one name in one 科室 happen, but far more often it is a second entry by mistake.
            self._duplicate_ok = True
            self.show_error(f"{twin['department'] or '未填科室'}已有一位“{twin['name']}”"
                            f"（{'在职' if twin['active'] else '已离职'}）。如确是另一人，请再次点击“确定”。")
            return
        try:
            self.saved_id = records.save(self.store, StaffRecord(id=self.staff_id or None, **fields))
        except LawDeskError as exc:
            self.show_error(exc.message)
            self.name_edit.setFocus()
            return
        self.accept()


class LeftDateDialog(QDialog):
    """Ask the day someone left (离职) and confirm it in one step."""

    def __init__(self, names: list[str], today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("标记离职")
        shown = "、".join(names[:5]) + (f"等 {len(names)} 人" if len(names) > 5 else "")
        text = QLabel(f"将把“{shown}”标记为离职。离职人员保留在名单中（历史记录不受影响），"
                      "可随时恢复在职。")
        text.setWordWrap(True)
        self.date_edit = date_edit(today)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("标记离职")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.button(QDialogButtonBox.Cancel).setDefault(True)
        buttons.accepted.connect(lambda: fields_read(self) and self.accept())
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form = QFormLayout()
        form.addRow("离职日期：", self.date_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def left_on(self) -> str:
        return self.date_edit.date().toString("yyyy-MM-dd")
