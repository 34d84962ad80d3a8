"""学法记录 list order: every sort key orders by its value, ties by date, time and id in the same direction, the
same with a text filter and across pages; each is read from an index (issue 13: 100,000 sessions)."""
from __future__ import annotations

from core import unit
from core.db import Store
from core.staff import roster
from core.study import laws, sessions
from core.study.sessions import ON_LEAVE, Attendee, Session, SessionLine, StudyFilter

EVERY_ONE = "三楼会议室"  # the location of every session: a text filter matching them all


def fill_sessions(store: Store) -> list[int]:
    """Sessions with ties on every column, saved out of date order (so id order is not date order)."""
    unit.save(store, unit.UnitProfile(full_name="测试区司法局", short_name="区司法局"))
    staff = [roster.add(store, name, "办公室", "科员") for name in ("王局长", "张三", "李四", "赵五")]
    law = {name: laws.resolve(store, name) for name in ("宪法", "民法典", "行政复议法")}

    def save(held_on: str, start: str, topic: str, form: str, recorder: str, lecturer: str, hours: float,
             attended: int, on_leave: int = 0, outside: int = 0, law_names: tuple[str, ...] = ()) -> int:
        people = [Attendee(s) for s in staff[:attended]]
        people += [Attendee(s, ON_LEAVE, "出差") for s in staff[attended:attended + on_leave]]
        return sessions.save(store, Session(
            held_on=held_on, start_time=start, topic=topic, form=form, recorder=recorder, lecturer_name=lecturer,
            hours=hours, outside_count=outside, location=EVERY_ONE, attendees=people,
            law_ids=[law[n] for n in law_names]))

    return [
        save("2026-03-10", "14:00", "宪法学习", "集中学法", "乙", "王局长", 2, 2, 1, law_names=("宪法",)),
        save("2026-03-10", "09:00", "民法典讲座", "专题讲座", "甲", "", 1.5, 2, outside=5,
             law_names=("民法典", "宪法")),
        save("2026-01-05", "", "会前学法：行政复议法", "会前学法", "乙", "张三", 0.5, 4,
             law_names=("行政复议法",)),
        save("2026-03-10", "14:00", "保密教育", "集中学法", "乙", "王局长", 2, 2, 1, law_names=("宪法",)),
        save("2025-12-30", "09:00", "旧年学习", "网络培训", "", "", 2, 1),
        save("2026-02-01", "09:30", "宪法学习", "集中学法", "甲", "王局长", 1.5, 2, 2),
    ]


def study_order(rows: list[SessionLine], key: str, descending: bool) -> list[int]:
    """The ids in the order the list must show: by the key's value, then date, time and id, one direction."""
    def value(r: SessionLine):
        return (getattr(r, key), r.held_on, r.start_time, r.id)
    return [r.id for r in sorted(rows, key=value, reverse=descending)]


def test_every_sort_orders_by_value_then_date_time_and_id_both_ways(store):
    ids = fill_sessions(store)
    everything = sessions.lines(store)
    assert sorted(r.id for r in everything) == sorted(ids)
    for key in sessions.SORTABLE:
        for descending in (False, True):
            shown = [r.id for r in sessions.lines(store, None, key, descending)]
            assert shown == study_order(everything, key, descending), (key, descending)
            # a text filter keeps the sort index out of the query (order_sql): the order is the same
            assert [r.id for r in sessions.lines(store, StudyFilter(text=EVERY_ONE), key, descending)] == shown
            paged = [r.id for start in range(0, len(ids), 4)
                     for r in sessions.lines(store, None, key, descending, limit=4, offset=start)]
            assert paged == shown, (key, descending)  # pages neither overlap nor skip a tie


def _plan(store: Store, flt: StudyFilter, key: str, descending: bool) -> str:
    sql = (f"explain query plan select {sessions.LIST_COLUMNS} from study_session s "
           f"order by {sessions.order_sql(key, descending, flt)} limit 200")
    return " | ".join(row["detail"] for row in store.query(sql))


def test_every_sort_reads_an_index_in_list_order(store):
    """Sorting 100,000 sessions for each page of 200 cost up to 190 ms; in index order it is one page either
    way (a tie-break right of the index's columns may still be sorted: 'FOR RIGHT PART OF ORDER BY')."""
    for key in sessions.SORTABLE:
        for descending in (False, True):
            plan = _plan(store, StudyFilter(), key, descending)
            assert "TEMP B-TREE FOR ORDER BY" not in plan, (key, descending, plan)
            if key not in ("held_on", "id"):  # under a text filter the matches are sorted, no index walked
                assert "TEMP B-TREE FOR ORDER BY" in _plan(store, StudyFilter(text="宪法"), key, descending), key
