"""Tables of 学法记录: sessions, the law catalogue, session↔law links, attendance and attachments.

`attended_count`, `on_leave_count`, `laws_text` and `search_text` (the words the list's text filter looks in,
in one column: one `instr` per row instead of five) are kept on the session row by
`core.study.sessions.save`, so the list can filter, sort and total 100,000 sessions in SQL without joining
a million attendance rows.
"""
from __future__ import annotations

from core.clock import SYSTEM_CLOCK
from core.limits import Number, Text, declare
from core.migrate import migration

# (全称, 简称, 别名 separated by "|", 类别)
BUILTIN_LAWS: tuple[tuple[str, str, str, str], ...] = (
    ("习近平法治思想", "习近平法治思想", "", "理论"),
    ("中华人民共和国宪法", "宪法", "", "宪法"),
    ("中华人民共和国民法典", "民法典", "", "法律"),
    ("中华人民共和国行政许可法", "行政许可法", "", "法律"),
    ("中华人民共和国行政处罚法", "行政处罚法", "", "法律"),
    ("中华人民共和国行政复议法", "行政复议法", "", "法律"),
    ("中华人民共和国行政诉讼法", "行政诉讼法", "", "法律"),
    ("中华人民共和国行政强制法", "行政强制法", "", "法律"),
    ("中华人民共和国国家赔偿法", "国家赔偿法", "", "法律"),
    ("中华人民共和国立法法", "立法法", "", "法律"),
    ("中华人民共和国监察法", "监察法", "", "法律"),
    ("中华人民共和国公务员法", "公务员法", "", "法律"),
    ("中华人民共和国公职人员政务处分法", "公职人员政务处分法", "政务处分法", "法律"),
    ("中华人民共和国保守国家秘密法", "保守国家秘密法", "保密法", "法律"),
    ("中华人民共和国国家安全法", "国家安全法", "", "法律"),
    ("中华人民共和国反间谍法", "反间谍法", "", "法律"),
    ("中华人民共和国数据安全法", "数据安全法", "", "法律"),
    ("中华人民共和国个人信息保护法", "个人信息保护法", "个保法", "法律"),
    ("中华人民共和国网络安全法", "网络安全法", "网安法", "法律"),
    ("中华人民共和国电子签名法", "电子签名法", "", "法律"),
    ("中华人民共和国档案法", "档案法", "", "法律"),
    ("中华人民共和国安全生产法", "安全生产法", "", "法律"),
    ("中华人民共和国反电信网络诈骗法", "反电信网络诈骗法", "反诈法", "法律"),
    ("中华人民共和国外商投资法", "外商投资法", "", "法律"),
    ("中华人民共和国民营经济促进法", "民营经济促进法", "", "法律"),
    ("中华人民共和国无障碍环境建设法", "无障碍环境建设法", "", "法律"),
    ("中华人民共和国妇女权益保障法", "妇女权益保障法", "", "法律"),
    ("中华人民共和国未成年人保护法", "未成年人保护法", "", "法律"),
    ("中华人民共和国政府信息公开条例", "政府信息公开条例", "政务公开条例", "行政法规"),
    ("优化营商环境条例", "优化营商环境条例", "", "行政法规"),
    ("重大行政决策程序暂行条例", "重大行政决策程序暂行条例", "", "行政法规"),
    ("中华人民共和国保守国家秘密法实施条例", "保守国家秘密法实施条例", "保密法实施条例", "行政法规"),
    ("政务数据共享条例", "政务数据共享条例", "", "行政法规"),
    ("信访工作条例", "信访工作条例", "", "党内法规"),
    ("中国共产党纪律处分条例", "纪律处分条例", "党纪处分条例", "党内法规"),
    ("中国共产党廉洁自律准则", "廉洁自律准则", "", "党内法规"),
    ("中国共产党问责条例", "问责条例", "", "党内法规"),
    ("党政主要负责人履行推进法治建设第一责任人职责规定", "第一责任人职责规定", "", "党内法规"),
    ("法治政府建设实施纲要（2021—2025年）", "法治政府建设实施纲要", "", "规范性文件"),
)


@migration("0200_study")
def create_study(db) -> None:
    db.execute(
        """create table study_session (
            id integer primary key autoincrement,
            held_on text not null,
            start_time text not null default '',
            end_time text not null default '',
            location text not null default '',
            form text not null default '',
            topic text not null default '',
            lecturer_staff_id integer references staff(id),
            lecturer_name text not null default '',
            host text not null default '',
            recorder text not null default '',
            hours real not null default 0,
            outside_count integer not null default 0,
            summary text not null default '',
            pass_mark real,
            attended_count integer not null default 0,
            on_leave_count integer not null default 0,
            laws_text text not null default '',
            search_text text not null default '',
            created_at text not null,
            updated_at text not null
        )"""
    )
    # covering the counts and hours: totals for a year or a form are read from the index alone
    db.execute("create index study_session_held_on on study_session(held_on, attended_count, outside_count, hours)")
    db.execute("create index study_session_form on study_session(form, held_on, attended_count, outside_count, hours)")
    db.execute("create index study_session_topic on study_session(held_on, topic)")
    # the text filter's totals scan this instead of the whole table (a third of the bytes)
    db.execute("create index study_session_search on study_session(search_text, attended_count, outside_count, hours)")
    db.execute(
        """create table study_law (
            id integer primary key autoincrement,
            full_name text not null unique,
            short_name text not null default '',
            aliases text not null default '',
            category text not null default '',
            builtin integer not null default 0,
            created_at text not null
        )"""
    )
    db.execute(
        """create table study_session_law (
            session_id integer not null references study_session(id) on delete cascade,
            law_id integer not null references study_law(id),
            position integer not null default 0,
            primary key (session_id, law_id)
        ) without rowid"""
    )
    db.execute("create index study_session_law_law on study_session_law(law_id, session_id)")
    db.execute(
        """create table study_attendance (
            session_id integer not null references study_session(id) on delete cascade,
            staff_id integer not null references staff(id),
            status text not null default 'attended' check (status in ('attended', 'on_leave')),
            leave_reason text not null default '',
            score real,
            primary key (session_id, staff_id)
        ) without rowid"""
    )
    db.execute("create index study_attendance_staff on study_attendance(staff_id, session_id)")
    db.execute(
        """create table study_session_attachment (
            session_id integer not null references study_session(id) on delete cascade,
            attachment_id integer not null references attachment(id),
            position integer not null default 0,
            primary key (session_id, attachment_id)
        ) without rowid"""
    )
    db.execute("create index study_session_attachment_att on study_session_attachment(attachment_id)")
    now = SYSTEM_CLOCK.stamp()  # a migration has no store yet
    db.conn.executemany(
        "insert into study_law (full_name, short_name, aliases, category, builtin, created_at) values (?,?,?,?,1,?)",
        [(*law, now) for law in BUILTIN_LAWS],
    )


@migration("0201_study_sort_indexes")
def index_sorts(db) -> None:
    # The list sorts on every column, ties by date, time and id (core.study.sessions.SORTABLE). Without an
    # index in that order SQLite sorts all 100,000 sessions for each page, and descending on a column where
    # most rows tie (one 记录人) every row displaced the last: 190 ms. Read in index order (the rowid ends every
    # entry), either direction costs one page. 日期 and 学习形式 have theirs from 0200.
    for name, key in (("topic", "topic"), ("laws", "laws_text"), ("lecturer", "lecturer_name"),
                      ("person_times", "attended_count + outside_count"), ("on_leave", "on_leave_count"),
                      ("hours", "hours"), ("recorder", "recorder")):
        db.execute(f"create index study_session_by_{name} on study_session({key}, held_on, start_time)")
    # (held_on, topic) served only the same-day-same-topic check, which the topic index now answers
    db.execute("drop index study_session_topic")


# The longest text and the range of each number a 学法记录 may hold (checked on import, listed in its preview).
LIMITS = declare(
    Text("topic", "学习主题", 200), Text("form", "学习形式", 30), Text("laws", "法律法规名称（每部）", 100),
    Text("lecturer", "主讲人", 50), Text("host", "主持人", 50), Text("recorder", "记录人", 50),
    Text("location", "地点", 100), Text("attendees", "参学人员", 5000), Text("on_leave", "请假人员", 2000),
    Text("leave_reason", "请假事由", 100), Text("summary", "内容摘要", 5000),
    Number("hours", "学时", 0, 24), Number("outside", "外单位人数", 0, 10_000, whole=True),
    Number("pass_mark", "合格分数线", 0, 1000),
)
