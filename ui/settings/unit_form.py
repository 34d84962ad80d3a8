"""单位信息: the unit profile every export uses, and a few preferences."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core import settings, unit
from core.db import Store
from core.errors import LawDeskError


class UnitForm(QWidget):
    saved = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.full_name = QLineEdit()
        self.full_name.setPlaceholderText("例如：青山区政务服务数据管理局")
        self.short_name = QLineEdit()
        self.short_name.setPlaceholderText("例如：区政数局（用于台账标题）")
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText("例如：区委、区政府")
        self.contact_person = QLineEdit()
        self.contact_phone = QLineEdit()
        self.credit_code = QLineEdit()
        self.credit_code.setPlaceholderText("18 位，不知道可以不填（报送包中注明）")
        self.credit_code.setMaxLength(18)
        self.collects = QCheckBox("本单位汇总下级单位的报送包（显示“汇总”页）")
        self.min_hours = QDoubleSpinBox()
        self.min_hours.setRange(1, 1000)
        self.min_hours.setDecimals(1)
        self.min_hours.setSuffix(" 学时")
        self.due_soon = QSpinBox()
        self.due_soon.setRange(1, 90)
        self.due_soon.setSuffix(" 天")

        unit_box = QGroupBox("单位信息")
        form = QFormLayout(unit_box)
        form.addRow("单位全称：", self.full_name)
        form.addRow("单位简称：", self.short_name)
        form.addRow("主送机关：", self.recipient)
        form.addRow("联系人：", self.contact_person)
        form.addRow("联系电话：", self.contact_phone)
        form.addRow("年度学法学时要求：", self.min_hours)
        form.addRow("统一社会信用代码：", self.credit_code)
        form.addRow("", self.collects)
        prefs = QGroupBox("提醒")
        prefs_form = QFormLayout(prefs)
        prefs_form.addRow("整改事项临期提醒：", self.due_soon)

        self.message = QLabel()
        self.save_button = QPushButton("保存")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        for box in (unit_box, prefs):
            box.setMaximumWidth(720)
        layout.addWidget(unit_box)
        layout.addWidget(prefs)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.load()

    def load(self) -> None:
        profile = unit.load(self.store)
        self.full_name.setText(profile.full_name)
        self.short_name.setText(profile.short_name)
        self.recipient.setText(profile.recipient)
        self.contact_person.setText(profile.contact_person)
        self.contact_phone.setText(profile.contact_phone)
        self.min_hours.setValue(float(profile.min_study_hours))
        self.credit_code.setText(profile.credit_code)
        self.collects.setChecked(bool(profile.collects_subordinates))
        self.due_soon.setValue(int(settings.get(self.store, "rectification.due_soon_days")))
        self.message.clear()

    def save(self) -> bool:
        profile = unit.UnitProfile(
            full_name=self.full_name.text(),
            short_name=self.short_name.text(),
            recipient=self.recipient.text().strip(),
            contact_person=self.contact_person.text().strip(),
            contact_phone=self.contact_phone.text().strip(),
            min_study_hours=self.min_hours.value(),
            credit_code=self.credit_code.text(),
            collects_subordinates=self.collects.isChecked(),
        )
        try:
            with self.store.transaction():
                unit.save(self.store, profile)
                settings.put(self.store, "rectification.due_soon_days", self.due_soon.value())
        except LawDeskError as exc:
            self.message.setStyleSheet("color: #b00020")
            self.message.setText(exc.message)
            return False
        self.message.setStyleSheet("color: #1b5e20")
        self.message.setText("已保存。")
        self.saved.emit()
        return True
