"""`core.demo`: what the pages ask before offering the demo (`is_empty`), and its progress and cancelling."""
from __future__ import annotations

import pytest

from core import demo, recycle
from core.errors import Cancelled
from core.reports import repository
from core.staff import roster
from tests.conftest import TODAY


def test_is_empty_only_without_any_record(store):
    assert demo.is_empty(store)
    report_id = repository.create_from_template(store, TODAY.year - 1)  # a report and no staff: not empty
    assert not demo.is_empty(store)
    recycle.delete(store, "report", report_id, "报告")  # in the 回收站, it can come back: still not empty
    assert not demo.is_empty(store)


def test_fill_tells_each_step_and_a_cancel_writes_nothing(store):
    steps: list[str] = []

    def progress(done, total, text=""):
        steps.append(text)
        if done == total - 1:
            raise Cancelled()

    with pytest.raises(Cancelled):
        demo.fill(store, progress=progress)
    assert steps == ["正在写入示例人员…", "正在写入示例学法记录…", "正在写入示例整改事项…", "正在写入示例年度报告…"]
    assert demo.is_empty(store) and roster.people(store) == []
    demo.fill(store, progress=lambda *_a: None)
    assert not demo.is_empty(store)
