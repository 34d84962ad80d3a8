"""首页: study, rectification and the annual report for a chosen year; every figure opens what it counts.

Figures come from `core.dashboard` (aggregate SQL). They are computed when the page is shown or the year
changes, and again after a write to the tables they count: at once when the page is shown, else it is
marked stale and the window recomputes it when showing it (`ui.changes.follow`).
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core import dashboard, features
from core.db import Store
from core.study.sessions import format_hours
from ui.changes import follow
from ui.home.widgets import ActionList, BarChart, FigureButton

if TYPE_CHECKING:
    from core.rectification.dashboard import RectificationFigures
    from core.reports.dashboard import ReportFigures
    from core.study.dashboard import StudyFigures


NO_STAFF_HINT = "尚无人员：先在“人员”页添加人员或导入花名册，才能统计每人的学时。"
NO_REPORT_HINT = "尚未起草本年度报告：在“年度报告”页新建或导入后，这里会列出核稿发现的问题。"


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("color:#555; font-weight:bold; margin-top:4px")
    return label


class HomePage(QWidget):
    def __init__(self, store: Store, window=None) -> None:
        super().__init__(window)
        self.store = store
        self.window_ = window
        self.figures: dict[str, FigureButton] = {}
        self.report_id: int | None = None
        self.report_findings: list = []  # core.reports.checks.Finding shown in the list, in order
        self.study_box = self.rect_box = self.report_box = None
        self._build()
        # the records each figure counts, the people (below the minimum) and the settings (minimum, 临期)
        follow(self, {f.table for f in features.features() if f.dashboard} | {"staff", "settings"}, self.show_year)

    def current_today(self) -> date:
        return self.store.clock.today()

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        title = QLabel("首页")
        title.setStyleSheet("font-size:18px; font-weight:bold")
        self.year_combo = QComboBox()
        self.year_combo.setMinimumWidth(100)
        self.year_combo.currentIndexChanged.connect(lambda _i: self.show_year())
        self.today_label = QLabel()
        self.today_label.setStyleSheet("color:#666")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(16)
        header.addWidget(QLabel("年度："))
        header.addWidget(self.year_combo)
        header.addStretch(1)
        header.addWidget(self.today_label)
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.study_box = self._study_box()
        self.rect_box = self._rect_box()
        self.report_box = self._report_box()
        for box in (self.study_box, self.rect_box, self.report_box):
            self.body_layout.addWidget(box)
        self.body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(scroll, 1)

    def _figure(self, key: str, caption: str, action) -> FigureButton:
        button = FigureButton(caption, action)
        button.setObjectName(f"figure_{key}")
        self.figures[key] = button
        return button

    def _row(self, *buttons: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for b in buttons:
            row.addWidget(b)
        return row

    def _study_box(self) -> QGroupBox:
        box = QGroupBox(features.label("study"))
        layout = QVBoxLayout(box)
        layout.addLayout(
            self._row(
                self._figure("study.sessions", "学法活动（次）", lambda: self.go("study", year=self.year)),
                self._figure("study.person_times", "参学（人次）", lambda: self.go("study", year=self.year)),
                self._figure("study.hours", "累计学时", lambda: self.go("study", year=self.year)),
                self._figure(
                    "study.below", "未达最低学时（人）", lambda: self.go("study", year=self.year, people=True)
                ),
            )
        )
        self.month_chart = BarChart()
        self.month_chart.bar_clicked.connect(lambda m: self.go("study", year=self.year, month=m))
        self.form_chart = BarChart(horizontal=True)
        self.form_chart.bar_clicked.connect(lambda f: self.go("study", year=self.year, form=f))
        charts = QGridLayout()
        charts.addWidget(_caption("按月份（次）"), 0, 0)
        charts.addWidget(_caption("按学习形式（次）"), 0, 1)
        charts.addWidget(self.month_chart, 1, 0)
        charts.addWidget(self.form_chart, 1, 1, Qt.AlignTop)
        charts.setColumnStretch(0, 3)
        charts.setColumnStretch(1, 2)
        layout.addLayout(charts)
        self.below_caption = _caption("未达到最低学时的人员")
        self.below_list = ActionList("全部人员均已达到最低学时。")
        layout.addWidget(self.below_caption)
        layout.addWidget(self.below_list)
        return box

    def _rect_box(self) -> QGroupBox:
        box = QGroupBox(features.label("rectification"))
        layout = QVBoxLayout(box)
        self.status_row = QHBoxLayout()
        self.status_row.addWidget(
            self._figure("rect.total", "本年度事项", lambda: self.go("rectification", year=self.year))
        )
        layout.addLayout(self.status_row)
        layout.addLayout(
            self._row(
                self._figure("rect.overdue", "目前逾期", lambda: self.go("rectification", overdue=True)),
                self._figure("rect.due_soon", "即将到期", lambda: self.go("rectification", due_soon=True)),
            )
        )
        self.source_chart = BarChart(horizontal=True)
        self.source_chart.color = QColor("#3d8b6d")
        self.source_chart.bar_clicked.connect(lambda s: self.go("rectification", year=self.year, source=s))
        self.overdue_list = ActionList("没有逾期的事项。")
        self.due_soon_list = ActionList("没有即将到期的事项。")
        grid = QGridLayout()
        grid.addWidget(_caption("本年度按问题来源"), 0, 0)
        self.overdue_caption = _caption("逾期事项")
        self.due_soon_caption = _caption("即将到期")
        grid.addWidget(self.overdue_caption, 0, 1)
        grid.addWidget(self.due_soon_caption, 0, 2)
        grid.addWidget(self.source_chart, 1, 0, Qt.AlignTop)
        grid.addWidget(self.overdue_list, 1, 1, Qt.AlignTop)
        grid.addWidget(self.due_soon_list, 1, 2, Qt.AlignTop)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid)
        return box

    def _report_box(self) -> QGroupBox:
        box = QGroupBox(features.label("reports"))
        layout = QVBoxLayout(box)
        layout.addLayout(
            self._row(
                self._figure("report.status", "报告状态", self.open_report),
                self._figure("report.findings", "核稿发现的问题", self.open_report),
                self._figure("report.deadline.0", "距 3月1日 报送", self.open_report),
                self._figure("report.deadline.1", "距 4月1日 公开", self.open_report),
            )
        )
        self.findings_caption = _caption("核稿发现的问题")
        self.findings_list = ActionList("核稿未发现问题。")
        layout.addWidget(self.findings_caption)
        layout.addWidget(self.findings_list)
        return box

    # -- navigation -------------------------------------------------------------------------------
    @property
    def year(self) -> int:
        return self.year_combo.currentData() or self.current_today().year

    def go(self, key: str, record_id: int | None = None, **criteria) -> QWidget | None:
        if self.window_ is None or key not in getattr(self.window_, "pages", {}):
            return None
        return self.window_.go_to(key, record_id=record_id, **criteria)

    def open_report(self, section_id: int | None = None) -> QWidget | None:
        report_id = self.report_id
        if report_id is None:
            return self.go("reports")
        if section_id is None:
            return self.go("reports", record_id=report_id)
        page = self.window_.show_page("reports")
        page.open_record(report_id, section_id=section_id)
        return page

    # -- filling ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Called when the page is shown: reload the year list and the figures."""
        today = self.current_today()
        self.today_label.setText(f"今天：{today.year}年{today.month}月{today.day}日")
        chosen = self.year_combo.currentData() or today.year
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in dashboard.years(self.store, today):
            self.year_combo.addItem(f"{y}年", y)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(chosen)))
        self.year_combo.blockSignals(False)
        self.show_year()

    def show_filtered(self, year: int | None = None, **_: object) -> None:
        if year is not None:
            index = self.year_combo.findData(year)
            if index < 0:
                self.year_combo.addItem(f"{year}年", year)
                index = self.year_combo.count() - 1
            self.year_combo.setCurrentIndex(index)

    def show_year(self) -> None:
        year, today = self.year, self.current_today()
        found = dashboard.figures(self.store, year, today)
        self._fill_study(found.get("study"))
        self._fill_rectification(found.get("rectification"))
        self._fill_report(found.get("reports"))

    def _fill_study(self, f: StudyFigures | None) -> None:
        self.study_box.setVisible(f is not None)
        if f is None:
            return
        self.figures["study.sessions"].set_value(f.sessions)
        self.figures["study.person_times"].set_value(f.person_times)
        self.figures["study.hours"].set_value(format_hours(f.hours))
        self.month_chart.set_bars(f.by_month)
        self.form_chart.set_bars(f.by_form)
        if not f.people:  # "0 people below 0 hours" would read as good news: say what to do first instead
            self.figures["study.below"].caption = "未达最低学时（人）"
            self.figures["study.below"].set_value("尚无人员", "normal", NO_STAFF_HINT)
            self.below_caption.setText("未达到最低学时的人员")
            self.below_list.empty_text = NO_STAFF_HINT
            self.below_list.set_rows([])
            return
        self.figures["study.below"].caption = f"未达 {format_hours(f.minimum)} 学时（人）"
        self.figures["study.below"].set_value(
            len(f.below_minimum),
            "alert" if f.below_minimum else "good",
            f"{f.year}年未达到 {format_hours(f.minimum)} 学时的在职人员",
        )
        self.below_caption.setText(f"未达到 {format_hours(f.minimum)} 学时的人员（{f.people} 名在职人员中）")
        self.below_list.empty_text = "全部人员均已达到最低学时。"
        self.below_list.set_rows(
            [
                (
                    f"{p.name}（{p.department}）　{format_hours(p.hours)} 学时，差 {format_hours(p.missing_hours)}",
                    "查看全年个人学时统计",
                    lambda: self.go("study", year=self.year, people=True),
                )
                for p in f.below_minimum
            ]
        )

    def _fill_rectification(self, f: RectificationFigures | None) -> None:
        self.rect_box.setVisible(f is not None)
        if f is None:
            return
        self.figures["rect.total"].set_value(f.total)
        for bar in f.by_status:
            key = f"rect.status.{bar.key}"
            if key not in self.figures:
                self.status_row.addWidget(
                    self._figure(
                        key, bar.label, lambda s=bar.key: self.go("rectification", year=self.year, status=s)
                    )
                )
            self.figures[key].set_value(int(bar.value))
        self.figures["rect.overdue"].set_value(f.overdue, "alert" if f.overdue else "good")
        self.figures["rect.due_soon"].caption = f"{f.due_soon_days} 天内到期"
        self.figures["rect.due_soon"].set_value(f.due_soon, "warn" if f.due_soon else "normal")
        self.source_chart.set_bars(f.by_source)
        self.overdue_caption.setText(f"逾期事项（共 {f.overdue} 项）")
        self.due_soon_caption.setText(f"即将到期（共 {f.due_soon} 项）")
        self.overdue_list.set_rows([self._item_row(i) for i in f.overdue_items])
        self.due_soon_list.set_rows([self._item_row(i) for i in f.due_soon_items])

    def _item_row(self, item: dict):
        problem = item["problem"] if len(item["problem"]) <= 24 else item["problem"][:24] + "…"
        text = f"{item['deadline']}　{item['number']} {problem}"
        return text, item["problem"], lambda i=item["id"]: self.go("rectification", record_id=i)

    def _fill_report(self, f: ReportFigures | None) -> None:
        self.report_box.setVisible(f is not None)
        if f is None:
            return
        self.report_id = f.report_id
        self.report_box.setTitle(f"年度报告：{f.title}" if f.title else f"{f.year}年度报告")
        self.figures["report.status"].set_value(
            f.status,
            "warn" if f.report_id is None else "normal",
            "打开年度报告" if f.report_id else "尚未建立本年度报告：去“年度报告”新建",
        )
        if f.report_id is None:  # nothing was checked: "核稿未发现问题" would be false comfort
            self.figures["report.findings"].set_value("尚未起草", "normal", NO_REPORT_HINT)
            self.findings_list.empty_text = NO_REPORT_HINT
        else:
            self.figures["report.findings"].set_value(len(f.findings), "warn" if f.findings else "good")
            self.findings_list.empty_text = "核稿未发现问题。"
        for i, d in enumerate(f.deadlines):
            if d.done:
                value, tone = "已完成", "good"
            elif d.days_left >= 0:
                value, tone = f"{d.days_left} 天", "warn" if d.days_left <= 30 else "normal"
            else:
                value, tone = f"逾期 {-d.days_left} 天", "alert"
            self.figures[f"report.deadline.{i}"].set_value(
                value, tone, f"{d.due.year}年{d.due.month}月{d.due.day}日前{d.what}"
            )
        self.report_findings = f.findings
        self.findings_caption.setText(f"核稿发现的问题（{len(f.findings)} 条）" if f.report_id else "核稿发现的问题")
        self.findings_list.set_rows(
            [
                (
                    f"{x.section}：{x.message}",
                    x.text,
                    partial(self.open_report, f.section_ids.get(x.section_uid)),
                )
                for x in f.findings[: dashboard.LIST_LIMIT]
            ]
        )
