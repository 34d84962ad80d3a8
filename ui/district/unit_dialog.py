"""One unit's package, read-only: its annual report, 学法记录, people's hours, 整改事项 and what it has sent."""
from __future__ import annotations

import html
import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.db import Store
from core.district import records
from core.district.view import UnitFigures
from core.rectification.rules import deadline_text
from core.study.sessions import format_hours
from ui.widgets.row_model import Column, RowTableModel, row_view

TABS = ("report", "sessions", "staff", "items", "packages")
LATE = QColor("#9C0006")


class ItemsModel(RowTableModel):
    columns = (
        Column("编号", lambda r: r["number"]), Column("问题来源", lambda r: r["source"]),
        Column("问题描述", lambda r: r["problem"]), Column("责任科室", lambda r: r["department"]),
        Column("责任人", lambda r: r["owner"]),
        Column("整改时限", lambda r: deadline_text(r["deadline"], bool(r["standing"]))),
        Column("状态", lambda r: r["status"] + ("（逾期）" if r["overdue"] else "")),
    )

    def role_data(self, row: dict, column: int, role: int):
        return QBrush(LATE) if role == Qt.ForegroundRole and row["overdue"] else None


class SessionsModel(RowTableModel):
    columns = (
        Column("日期", lambda r: r["held_on"]), Column("形式", lambda r: r["form"]), Column("主题", lambda r: r["topic"]),
        Column("主讲人", lambda r: r["lecturer"]), Column("学时", lambda r: format_hours(r["hours"]), Qt.AlignCenter),
        Column("参学人次", lambda r: r["attended_count"] + r["outside_count"], Qt.AlignCenter),
        Column("请假", lambda r: r["on_leave_count"], Qt.AlignCenter), Column("法规", lambda r: r["laws_text"]),
    )


class StaffModel(RowTableModel):
    columns = (
        Column("姓名", lambda r: r["name"]), Column("科室", lambda r: r["department"]),
        Column("职务", lambda r: r["position"]), Column("学法次数", lambda r: r["sessions"], Qt.AlignCenter),
        Column("学时", lambda r: format_hours(r["hours"]), Qt.AlignCenter),
        Column("是否达标", lambda r: "达标" if r["reached"] else ("已离职" if not r["active"] else "未达标")),
    )

    def role_data(self, row: dict, column: int, role: int):
        return QBrush(LATE) if role == Qt.ForegroundRole and row["active"] and not row["reached"] else None


class PackagesModel(RowTableModel):
    columns = (
        Column("年度", lambda r: r["year"]), Column("生成时间", lambda r: r["created"].replace("T", " ")),
        Column("导入时间", lambda r: r["imported_at"].replace("T", " ")), Column("文件", lambda r: r["file_name"]),
        Column("密钥指纹", lambda r: r["fingerprint"]),
        Column("状态", lambda r: "当前" if r["current"] else f"已被新版替换（{(r['replaced_at'] or '')[:10]}）"),
        Column("内容", lambda r: "学法 {sessions} 次，整改 {items} 项，人员 {staff} 人".format(**json.loads(r["counts"]))),
    )


class UnitDialog(QDialog):
    """Opened from the 汇总 table; `tab` is one of TABS. Nothing here can be edited."""

    def __init__(self, store: Store, figures: UnitFigures, tab: str = "report", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.figures = store, figures
        self.setWindowTitle(f"{figures.unit}（只读）")
        self.resize(1100, 640)
        about = records.unit(store, figures.unit_id)
        header = QLabel(
            f"<b>{html.escape(figures.unit)}</b>　{self._package_line()}<br>"
            f"<span style='color:#555'>密钥指纹 {about['fingerprint']}　·　只读：以下内容来自该单位报送的报送包，"
            "如有错误请对方更正后重新报送。</span>")
        header.setWordWrap(True)
        self.tabs = QTabWidget()
        package = figures.package_id
        today = store.clock.today()
        self.report_view = QTextBrowser()
        self.report_view.setHtml(self._report_html(package))
        self.sessions_model = SessionsModel(self, records.sessions(store, package) if package else [])
        self.staff_model = StaffModel(self, records.staff(store, package) if package else [])
        self.items_model = ItemsModel(self, records.items(store, package, today) if package else [])
        self.packages_model = PackagesModel(self, records.packages(store, figures.unit_id))
        self.tabs.addTab(self.report_view, "年度报告")
        self.tabs.addTab(self._table(self.sessions_model, 2), f"学法记录（{self.sessions_model.rowCount()}）")
        self.tabs.addTab(self._table(self.staff_model, 0), f"人员学时（{self.staff_model.rowCount()}）")
        self.tabs.addTab(self._table(self.items_model, 2), f"整改事项（{self.items_model.rowCount()}）")
        self.tabs.addTab(self._table(self.packages_model, 6), "报送记录")
        self.tabs.setCurrentIndex(TABS.index(tab) if tab in TABS else 0)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    def _package_line(self) -> str:
        f = self.figures
        if not f.received:
            return "本年度尚未收到报送包"
        return f"报送包生成于 {f.created.replace('T', ' ')}"

    def _report_html(self, package_id: int | None) -> str:
        content = records.report(self.store, package_id) if package_id else None
        if content is None:
            return "<p style='color:#8a8a8a'>报送包中没有本年度的年度报告（尚未建立）。</p>"
        dates = "；".join(f"{k} {v}" for k, v in content["status_dates"].items())
        parts = [f"<p style='color:#555'>报告状态：{html.escape(content['status'])}"
                 + (f"（{html.escape(dates)}）" if dates else "") + "</p>"]
        for level, text in records.report_lines(content):
            if level == 0:
                parts.append(f"<p style='text-indent:2em'>{html.escape(text)}</p>")
            else:
                parts.append(f"<p><b>{html.escape(text)}</b></p>")
        if parts[1:]:  # the title, centred and larger
            parts[1] = f"<h3 align='center'>{html.escape(content['title'])}</h3>"
        return "".join(parts)

    @staticmethod
    def _table(model: RowTableModel, stretch: int) -> QWidget:
        view = row_view(model, QAbstractItemView.ExtendedSelection)
        view.setWordWrap(False)
        view.setAlternatingRowColors(True)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.Stretch)
        return view
