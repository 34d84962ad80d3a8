"""学法记录 core: catalogue, save/read, filters and totals in SQL, duplicates, recycle bin, people, demo."""
from __future__ import annotations

from datetime import date

import pytest

from core import recycle, unit
from core.errors import RuleViolation
from core.staff import roster
from core.study import laws, people, sessions
from core.study.sessions import ON_LEAVE, Attendee, Session, StudyFilter


@pytest.fixture
def staff(store):
    unit.save(store, unit.UnitProfile(full_name="测试区司法局", short_name="区司法局", min_study_hours=4))
    ids = {
        "王局长": roster.add(store, "王局长", "局领导", "局长", True),
        "张三": roster.add(store, "张三", "办公室", "科员"),
        "李四": roster.add(store, "李四", "办公室", "科员"),
        "赵五": roster.add(store, "赵五", "业务科", "科员"),
    }
    return ids


def _session(staff, **kw) -> Session:
    base = {"held_on": "2026-05-16", "topic": "学习民法典", "form": "集中学法", "hours": 2.0,
            "attendees": [Attendee(staff["王局长"]), Attendee(staff["张三"]), Attendee(staff["李四"]),
                          Attendee(staff["赵五"], ON_LEAVE, "出差")]}
    base.update(kw)
    return Session(**base)


def test_catalogue_short_and_full_names_are_one_entry(store):
    a = laws.resolve(store, "《民法典》")
    assert a is not None
    assert laws.resolve(store, "《中华人民共和国民法典》") == a
    assert laws.resolve(store, "中华人民共和国 民法典") == a
    assert laws.resolve(store, "《保密法》") == laws.resolve(store, "中华人民共和国保守国家秘密法")
    assert laws.resolve(store, "《行政复议法》（2023年修订）") == laws.resolve(store, "行政复议法")
    for name in ("宪法", "行政许可法", "行政处罚法", "政府信息公开条例", "优化营商环境条例", "中国共产党纪律处分条例",
                 "习近平法治思想", "数据安全法", "个人信息保护法", "公职人员政务处分法"):
        assert laws.resolve(store, name) is not None, name


def test_new_law_added_once(store):
    new = laws.add(store, "《江西省优化营商环境条例》")
    assert laws.resolve(store, "江西省优化营商环境条例") == new
    assert laws.add(store, "江西省优化营商环境条例") == new
    assert laws.find_or_add(store, "《民法典》") == laws.resolve(store, "民法典")
    with pytest.raises(RuleViolation):
        laws.add(store, "  ")
    assert laws.split_names("学习《宪法》、《民法典》第三编") == ["宪法", "民法典"]
    assert laws.split_names("宪法、民法典") == ["宪法", "民法典"]


def test_save_get_roundtrip_and_counts(store, staff):
    law = laws.resolve(store, "民法典")
    sid = sessions.save(store, _session(staff, law_ids=[law], start_time="9:00", end_time="11:30",
                                        lecturer_name="律师 张某", outside_count=2))
    got = sessions.get(store, sid)
    assert got.topic == "学习民法典" and got.start_time == "09:00" and got.law_ids == [law]
    assert {a.staff_id for a in got.attendees if a.status == "attended"} == {staff["王局长"], staff["张三"],
                                                                              staff["李四"]}
    leave = [a for a in got.attendees if a.status == ON_LEAVE]
    assert [(a.staff_id, a.leave_reason) for a in leave] == [(staff["赵五"], "出差")]
    row = store.get("study_session", sid)
    assert (row["attended_count"], row["on_leave_count"], row["laws_text"]) == (3, 1, "《民法典》")
    total = sessions.totals(store)
    assert (total.sessions, total.person_times, total.hours) == (1, 5, 2.0)  # 3 attended + 2 outside
    assert total.line() == "共 1 次 · 参学 5 人次 · 2 学时"
    assert store.scalar("select count(*) from audit_log where table_name = 'study_session'") >= 2


def test_update_replaces_children(store, staff):
    sid = sessions.save(store, _session(staff))
    s = sessions.get(store, sid)
    s.attendees = [Attendee(staff["张三"])]
    s.topic = "学习民法典（二）"
    sessions.save(store, s)
    assert store.scalar("select count(*) from study_attendance where session_id = ?", [sid]) == 1
    assert store.get("study_session", sid)["attended_count"] == 1


@pytest.mark.parametrize("change, words", [
    ({"topic": " "}, "主题"), ({"held_on": "2026-02-30"}, "日期"), ({"hours": 30}, "学时"),
    ({"start_time": "25:00"}, "开始时间"), ({"start_time": "10:00", "end_time": "09:00"}, "结束时间"),
])
def test_rules(store, staff, change, words):
    with pytest.raises(RuleViolation, match=words):
        sessions.save(store, _session(staff, **change))
    assert store.scalar("select count(*) from study_session") == 0


def test_exam_scores_only_for_exams(store, staff):
    s = _session(staff, form="学法考试", pass_mark=60,
                 attendees=[Attendee(staff["张三"], score=85), Attendee(staff["李四"], score=55)])
    sid = sessions.save(store, s)
    assert [a.score for a in sessions.get(store, sid).attendees] == [85, 55]
    plain = sessions.save(store, _session(staff, topic="别的", attendees=[Attendee(staff["张三"], score=85)],
                                          pass_mark=60))
    assert sessions.get(store, plain).attendees[0].score is None
    assert store.get("study_session", plain)["pass_mark"] is None


def test_filters_and_totals_follow(store, staff):
    civil = laws.resolve(store, "民法典")
    sessions.save(store, _session(staff, law_ids=[civil]))
    sessions.save(store, _session(staff, held_on="2026-06-02", topic="会前学法：宪法", form="会前学法", hours=0.5,
                                  attendees=[Attendee(staff["张三"])], law_ids=[laws.resolve(store, "宪法")]))
    sessions.save(store, _session(staff, held_on="2025-06-10", topic="旧年学习", hours=3))
    assert sessions.totals(store, StudyFilter(year=2026)).sessions == 2
    assert sessions.totals(store, StudyFilter(year=2026, month=6)) == sessions.Totals(1, 1, 0.5)
    assert sessions.totals(store, StudyFilter(month=6)).sessions == 2
    assert sessions.totals(store, StudyFilter(form="会前学法")).sessions == 1
    assert sessions.totals(store, StudyFilter(law_id=civil)).sessions == 1
    assert sessions.totals(store, StudyFilter(text="宪法")).sessions == 1
    assert sessions.totals(store, StudyFilter(staff_id=staff["李四"])).sessions == 2
    page = sessions.list_page(store, StudyFilter(), "hours", descending=False)
    assert [r["hours"] for r in page] == [0.5, 2.0, 3.0]
    assert len(sessions.list_page(store, None, limit=2, offset=2)) == 1
    assert sessions.years(store) == [2026, 2025]


def test_duplicate_check(store, staff):
    sid = sessions.save(store, _session(staff))
    dup = sessions.find_duplicate(store, "2026-05-16", " 学习民法典 ")
    assert dup and dup["id"] == sid
    assert sessions.find_duplicate(store, "2026-05-16", "学习民法典", exclude_id=sid) is None
    assert sessions.find_duplicate(store, "2026-05-17", "学习民法典") is None


def test_delete_to_bin_and_restore(store, staff):
    sid = sessions.save(store, _session(staff, law_ids=[laws.resolve(store, "宪法")]))
    sessions.delete(store, sid)
    assert store.scalar("select count(*) from study_attendance") == 0
    assert sessions.totals(store).sessions == 0
    bin_id = recycle.entries(store)[0]["id"]
    recycle.restore(store, bin_id)
    assert store.scalar("select count(*) from study_attendance where session_id = ?", [sid]) == 4
    assert sessions.get(store, sid).law_ids == [laws.resolve(store, "宪法")]


def test_staff_who_attended_cannot_be_hard_deleted(store, staff):
    sessions.save(store, _session(staff))
    with pytest.raises(RuleViolation):
        recycle.delete(store, "staff", staff["张三"], "张三")
    assert store.scalar("select count(*) from staff where id = ?", [staff["张三"]]) == 1


def test_people_statistics(store, staff):
    sessions.save(store, _session(staff, hours=3))
    sessions.save(store, _session(staff, held_on="2026-07-01", topic="第二次", hours=1.5,
                                  attendees=[Attendee(staff["张三"]), Attendee(staff["李四"], ON_LEAVE, "病假")]))
    sessions.save(store, _session(staff, held_on="2026-11-01", topic="考试", form="学法考试", hours=1,
                                  pass_mark=60, attendees=[Attendee(staff["张三"], score=90),
                                                           Attendee(staff["李四"], score=50)]))
    sessions.save(store, _session(staff, held_on="2025-01-01", topic="去年", hours=8))
    stats = {p.name: p for p in people.statistics(store, 2026)}
    assert (stats["张三"].sessions, stats["张三"].hours, stats["张三"].reached) == (3, 5.5, True)
    assert (stats["李四"].sessions, stats["李四"].hours, stats["李四"].on_leave) == (2, 4.0, 1)
    assert (stats["赵五"].sessions, stats["赵五"].hours, stats["赵五"].reached) == (0, 0.0, False)
    assert stats["赵五"].missing_hours == 4
    assert stats["张三"].exam_text() == "90（合格）" and stats["李四"].exam_text() == "50（不合格）"
    leaders, others = people.split(list(stats.values()))
    assert [p.name for p in leaders] == ["王局长"] and "王局长" not in [p.name for p in others]


def test_person_who_left_before_the_year_is_not_listed(store, staff):
    roster.mark_left(store, staff["赵五"], "2025-03-01")
    assert "赵五" not in {p.name for p in people.statistics(store, 2026)}
    left = next(p for p in people.statistics(store, 2025) if p.name == "赵五")
    assert left.reached and left.status_text() == "2025-03-01离职"  # the yearly minimum does not apply
    stayed = next(p for p in people.statistics(store, 2025) if p.name == "张三")
    assert not stayed.reached and stayed.status_text() == "未达标（差4学时）"


def test_demo_two_years(demo_store):
    years = sessions.years(demo_store)
    assert years[:2] == [2026, 2025]
    for year in (2025, 2026):
        count = sessions.totals(demo_store, StudyFilter(year=year)).sessions
        assert 18 <= count <= 26
    exams = demo_store.scalar("select count(*) from study_session where form = '学法考试' and pass_mark is not null")
    assert exams >= 2
    assert demo_store.scalar("select count(*) from study_attendance where score is not null") > 20
    assert demo_store.scalar("select count(*) from study_attendance where status = 'on_leave' "
                             "and leave_reason != ''") > 10
    stats = people.statistics(demo_store, 2025)
    below = [p for p in stats if not p.reached]
    assert 1 <= len(below) <= len(stats) // 3
    forms = {r["form"] for r in demo_store.query("select distinct form from study_session")}
    assert len(forms) >= 6
    assert demo_store.scalar("select count(*) from study_session where held_on > ?",
                             [date(2026, 11, 21).isoformat()]) == 1  # the planned one, for the 签到表
