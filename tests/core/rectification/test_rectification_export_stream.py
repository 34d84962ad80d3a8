"""The 整改台账 streams its items from SQLite: each item's progress in its own row, the 统计 counted on the way,
and memory that does not grow with the items (issue 13)."""
from __future__ import annotations

import tracemalloc
from datetime import date

import openpyxl

from core.rectification import items, rules
from core.rectification.export_xlsx import export_xlsx

TODAY = date(2026, 11, 21)


def _sheet(path, name: str) -> list[list]:
    return [[c.value for c in row] for row in openpyxl.load_workbook(path)[name].iter_rows(min_row=3)]


def test_each_row_carries_its_own_items_progress(store, tmp_path):
    def create(problem, year, department):
        return items.create(store, {"problem": problem, "department": department}, year=year, today=TODAY)

    first = create("甲", 2026, "办公室")  # ZG-2026-001
    quiet = create("乙", 2026, "办公室")  # ZG-2026-002, no progress
    older = create("丙", 2025, "法规科")  # a later id, but the ledger lists 2025 first
    items.reserve_number(store, "ZG-2026-998")
    late = create("丁", 2026, "")  # ZG-2026-999
    last = create("戊", 2026, "法规科")  # ZG-2026-1000: after 999 although it sorts before it as text
    for item_id, text, day in ((first, "开会研究", "2026-03-01"), (older, "形成方案", "2026-02-01"),
                               (first, "印发制度", "2026-04-01"), (last, "完成自查", "2026-05-01"),
                               (late, "开展培训", "2026-06-01")):
        items.add_progress(store, item_id, text, on_date=day, today=TODAY)
    items.transition(store, last, rules.TransitionRequest(rules.IN_PROGRESS), today=TODAY)
    expected = {items.get(store, i)["number"]: "\n".join(f"{e['on_date']} {e['text']}" for e in items.log(store, i)
                                                         if e["kind"] == "progress") or None
                for i in (first, quiet, older, late, last)}

    out = tmp_path / "全部.xlsx"
    assert export_xlsx(store, out, today=TODAY) == 5
    rows = _sheet(out, "整改台账")
    assert [r[1] for r in rows] == ["ZG-2025-001", "ZG-2026-001", "ZG-2026-002", "ZG-2026-999", "ZG-2026-1000"]
    assert {r[1]: r[9] for r in rows} == expected
    assert [r[3] for r in rows] == ["丙", "甲", "乙", "丁", "戊"]
    stats = _sheet(out, "统计")
    assert [r[:4] for r in stats if r[0] == "按责任科室"] == [
        ["按责任科室", "办公室", 2, 2], ["按责任科室", "法规科", 2, 1], ["按责任科室", "（未填）", 1, 1]]
    assert stats[-1][:5] == ["合计", None, 5, 4, 1]  # 4 未启动, 1 整改中

    out = tmp_path / "2026.xlsx"
    assert export_xlsx(store, out, year=2026, today=TODAY) == 4
    assert {r[1]: r[9] for r in _sheet(out, "整改台账")} == {k: v for k, v in expected.items() if "2026" in k}
    assert items.export_rows(store, 2026, today=TODAY) == list(items.iter_export_rows(store, 2026, today=TODAY))


def _fill(store, year: int, count: int) -> None:
    """`count` items of `year`, two progress entries each, written straight to the tables."""
    now = store.clock.stamp()
    with store.transaction():
        for k in range(count):
            item_id = store.conn.execute(
                "insert into rectification (number, year, problem, measures, department, deadline, created_at, "
                "updated_at) values (?,?,?,?,?,?,?,?)",
                [rules.format_number(year, k + 1), year, f"问题{k}", '["措施一", "措施二"]', f"科室{k % 7}",
                 f"{year}-06-30", now, now]).lastrowid
            store.conn.executemany(
                "insert into rectification_log (item_id, on_date, at, kind, text, by_whom) values (?,?,?,?,?,?)",
                [(item_id, f"{year}-0{m}-01", now, "progress", f"第{m}次进展", "测试") for m in (1, 2)])


def test_memory_does_not_grow_with_the_items(store, tmp_path):
    _fill(store, 2024, 300)
    _fill(store, 2025, 3000)
    peaks = {}
    for year in (2024, 2025):
        tracemalloc.start()
        try:
            assert export_xlsx(store, tmp_path / f"{year}.xlsx", year=year, today=TODAY) == {2024: 300, 2025: 3000}[year]
            peaks[year] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peaks[2025] < 2 * peaks[2024], peaks  # held in full, ten times the items took ~ten times the memory
