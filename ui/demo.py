"""载入示例数据 after the first start: the welcome dialog's demo (`core.demo.fill`, as `ui.app.first_start` loads
it), offered again by the empty 学法记录、整改事项 and 人员 lists while the database has no record of any kind.

It asks first (saying what it adds), writes in `ui.ops.run_op` with progress, and the pages refresh through
the change hub as the worker's commit arrives.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QMessageBox, QWidget

from core import demo, features, unit
from core.db import Store
from core.errors import RuleViolation
from core.staff import roster
from ui.ops import confirm, run_op

TITLE = "载入示例数据"
NOT_EMPTY = "数据库中已有记录，示例数据只能载入到空数据库，以免和自己的记录混在一起。"


def _labels() -> str:
    """The records the features' demos bring: 「学法记录、整改事项、年度报告」."""
    return "、".join(f.label for f in features.features() if f.demo)


def description(store: Store) -> str:
    """What the demo adds, read from `core.demo` and the features that bring demo records."""
    people = sum(len(staff) for _department, staff in demo.DEMO_STAFF)
    name = unit.load(store).full_name
    named = (f"单位全称仍为“{name}”，联系人等单位信息填入示例值" if name
             else f"单位信息填入示例单位“{demo.DEMO_UNIT.full_name}”")
    return (f"将载入一套示例数据，便于熟悉各项功能：\n"
            f"· 人员：{len(demo.DEMO_STAFF)} 个科室、{people} 名在职人员（另有 1 名已调离）\n"
            f"· {_labels()}：去年以来的示例记录\n\n"
            f"{named}（可在“设置”中修改）。载入后，示例记录可以像自己的记录一样修改或删除。")


def load_demo(parent: QWidget, store: Store, on_done: Callable[[str], None] | None = None) -> QThread | None:
    """Ask, then fill the empty database off the UI thread; returns the worker thread (None when not asked
    or not empty). `on_done(text)` hears what was loaded."""
    if not demo.is_empty(store):
        QMessageBox.information(parent, TITLE, NOT_EMPTY)
        return None
    if not confirm(parent, TITLE, description(store), ok="载入"):
        return None
    name = unit.load(store).full_name or None

    def work(own: Store, progress) -> int:
        if not demo.is_empty(own):  # written meanwhile (by a command run with the window open, say)
            raise RuleViolation(NOT_EMPTY)
        demo.fill(own, name, progress=progress)
        return len(roster.people(own))

    def done(people: int) -> None:
        if on_done:
            on_done(f"已载入示例数据：{people} 名在职人员，以及{_labels()}。")

    return run_op(parent, "正在载入示例数据…", work, done, store=store)
