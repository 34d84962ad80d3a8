"""Word 学法记录表 (one page per session) and the 签到表 printed before a session, in official format.

Built on `core.officedoc` (GB/T 9704 page, East Asian fonts on every run, bordered tables, WPS-safe
package). The 签到表 carries its title and the session's facts in the table's header rows, so every
printed page says which session people are signing for.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from core import docmeta, officedoc, unit
from core.db import Store
from core.docx_spool import BodySpool
from core.errors import RuleViolation
from core.officedoc import SIZE_4, cn_date, set_cell
from core.staff import roster
from core.study import laws, sessions
from core.study.sessions import ATTENDED, ON_LEAVE, format_hours

# the 156 mm text block; the first label column holds 「请假人员及原因」 on one line at 4号 (98 pt + cell margins)
RECORD_WIDTHS_MM = (40, 40, 30, 46)
SIGN_IN_WIDTHS_MM = (14, 28, 22, 44, 34, 14)
LABEL_FONT = "黑体"
SIZE_SMALL_4 = 12  # 小四 and 五号: long name lists, the summary and scores still fit one page
SIZE_5 = 10.5
Progress = Callable[..., None] | None


def when_text(row: dict) -> str:
    """2026年5月16日 14:30—16:30"""
    text = cn_date(date.fromisoformat(row["held_on"]))
    if row["start_time"]:
        text += f" {row['start_time']}" + (f"—{row['end_time']}" if row["end_time"] else "")
    return text


def record_fields(store: Store, session_id: int) -> list[tuple[str, str]]:
    """The form's (label, value) pairs in print order; the tests read the document against these."""
    row = store.get("study_session", session_id)
    people = sessions.attendance(store, session_id)
    attended = [p for p in people if p["status"] == ATTENDED]
    on_leave = [p for p in people if p["status"] == ON_LEAVE]
    law_names = laws.names_of(store, sessions.get(store, session_id).law_ids)
    count = f"{len(attended)}人" + (f"（另有外单位人员{row['outside_count']}人）" if row["outside_count"] else "")
    fields = [
        ("时间", when_text(row)), ("地点", row["location"]),
        ("学习形式", row["form"]), ("学时", format_hours(row["hours"])),
        ("主持人", row["host"]), ("主讲人", row["lecturer_name"]),
        ("记录人", row["recorder"]), ("参学人数", count),
        ("学习主题", row["topic"]),
        ("学习内容\n（法律法规）", laws.display(law_names)),
        ("参学人员", "、".join(p["name"] for p in attended)),
        ("请假人员及原因", "、".join(f"{p['name']}（{p['leave_reason']}）" if p["leave_reason"] else p["name"]
                                 for p in on_leave) or "无"),
        ("学习内容摘要", row["summary"]),
    ]
    if row["form"] == sessions.EXAM_FORM:
        scored = [p for p in attended if p["score"] is not None]
        passed = sum(p["score"] >= (row["pass_mark"] or 0) for p in scored)
        mark = format_hours(row["pass_mark"]) if row["pass_mark"] is not None else "—"
        fields.append(("考试情况", f"合格分数线{mark}分，参考{len(scored)}人，合格{passed}人；"
                                 + "、".join(f"{p['name']}{format_hours(p['score'])}" for p in scored)))
    return fields


def _title(doc, text: str, new_page: bool) -> None:
    body = doc.element.body
    first = len(body) - 1  # new paragraphs go in before the final sectPr
    officedoc.add_title(doc, [text])
    if new_page:
        Paragraph(body[first], doc._body).paragraph_format.page_break_before = True


def add_record(doc, store: Store, session_id: int, prefix: str, new_page: bool) -> None:
    _title(doc, "学法记录表", new_page)
    if prefix:
        officedoc.add_paragraph(doc, f"单位：{prefix}", indent=False, align="left", size=SIZE_4)
    fields = record_fields(store, session_id)
    pairs, wide = fields[:8], fields[8:]
    table = officedoc.bordered_table(doc, len(pairs) // 2 + len(wide), 4, RECORD_WIDTHS_MM)
    for i, (label, value) in enumerate(pairs):
        cells = table.rows[i // 2].cells
        set_cell(cells[(i % 2) * 2], label, align="center", font=LABEL_FONT)
        set_cell(cells[(i % 2) * 2 + 1], value, align="center")
    for j, (label, value) in enumerate(wide):
        row = table.rows[len(pairs) // 2 + j]
        set_cell(row.cells[0], label, align="center", font=LABEL_FONT)
        merged = row.cells[1].merge(row.cells[3])
        size = {"参学人员": SIZE_SMALL_4, "学习内容摘要": SIZE_SMALL_4, "考试情况": SIZE_5}.get(label, SIZE_4)
        set_cell(merged, value, align="left", size=size)
        if label == "学习内容摘要":  # room to write by hand on a printed blank; less when scores follow
            officedoc.min_row_height(row, 40 if len(wide) > 5 else 64)
        else:
            officedoc.min_row_height(row, 14)
    for r in table.rows[:len(pairs) // 2]:
        officedoc.min_row_height(r, 12)


def write_records(store: Store, year: int, path: Path | str, progress: Progress = None,
                  session_ids: list[int] | None = None) -> int:
    """One 学法记录表 page per session of the year (or of the given sessions); returns the count.

    Each page goes to a spool file once made (core.docx_spool), and the year's ids are read as they are
    used, so a year of any size takes the memory of one page."""
    if session_ids is None:
        flt = sessions.StudyFilter(year=year)
        total, ids = sessions.totals(store, flt).sessions, sessions.session_ids(store, flt)
    else:
        total, ids = len(session_ids), iter(session_ids)
    if not total:
        raise RuleViolation(f"{year}年没有学法记录，无法导出学法记录表。请先新增或导入学法记录。")
    prefix = unit.load(store).display_short
    doc = officedoc.new_document()
    count = 0
    with BodySpool(doc) as spool:
        for count, session_id in enumerate(ids, start=1):
            add_record(doc, store, session_id, prefix, new_page=count > 1)
            spool.flush()
            if progress and count % 20 == 1:
                progress(count - 1, total, f"已写入 {count - 1} 份记录表")
        spool.save(path, docmeta.for_store(store, f"{prefix}{year}年度学法记录表"))
    return count


def sign_in_rows(store: Store) -> list[dict]:
    """Everyone working now, by 科室 in roster order, leaders first within each."""
    order = {d: i for i, d in enumerate(roster.departments(store))}
    staff = roster.list_staff(store, roster.StaffFilter(active=True))
    return sorted(staff, key=lambda p: (order.get(p["department"], 999), -p["is_leader"], p["id"]))


SIGN_IN_HEADER = ("序号", "科室", "姓名", "职务", "签名", "备注")


def write_sign_in(store: Store, session_id: int, path: Path | str) -> int:
    """The 签到表 of a (planned) session: title and facts on top, then the roster with an empty 签名 column.

    Title, facts and column headers are the table's header rows, repeated on every printed page.
    """
    row = store.get("study_session", session_id)
    people = sign_in_rows(store)
    doc = officedoc.new_document()
    table = officedoc.bordered_table(doc, len(people) + 3, len(SIGN_IN_HEADER), SIGN_IN_WIDTHS_MM)
    _sign_in_title(table.rows[0])
    _sign_in_facts(table.rows[1], row)
    for cell, text in zip(table.rows[2].cells, SIGN_IN_HEADER):
        set_cell(cell, text, align="center", font=LABEL_FONT)
    officedoc.min_row_height(table.rows[2], 10)
    for header in table.rows[:3]:
        _repeat_header(header)
    for n, person in enumerate(people, start=1):
        cells = table.rows[n + 2].cells
        for cell, text in zip(cells, (str(n), person["department"], person["name"], person["position"], "", "")):
            set_cell(cell, text, align="center", size=12)
        officedoc.min_row_height(table.rows[n + 2], 9)
    officedoc.save(doc, path, docmeta.for_store(store, f"学法签到表（{row['topic']}）"))
    return len(people)


def _sign_in_title(row) -> None:
    cell = row.cells[0].merge(row.cells[-1])
    set_cell(cell, "学法签到表", align="center", size=officedoc.SIZE_2, font=officedoc.TITLE_FONT)
    _no_borders(cell)
    officedoc.min_row_height(row, 16)


def _sign_in_facts(row, session: dict) -> None:
    """学习主题, then 时间 · 地点, then 学习形式 · 主讲人, a line each (labels in 黑体)."""
    cell = row.cells[0].merge(row.cells[-1])
    lines = [[("学习主题", session["topic"])],
             [("时间", when_text(session)), ("地点", session["location"])],
             [("学习形式", session["form"]), ("主讲人", session["lecturer_name"])]]
    set_cell(cell, "\n" * (len(lines) - 1), align="left")  # one formatted, empty paragraph a line
    _no_borders(cell)
    for p, pairs in zip(cell.paragraphs, lines):
        for j, (label, value) in enumerate(pairs):
            officedoc.set_font(p.add_run(("　" if j else "") + f"{label}："), LABEL_FONT, SIZE_4)
            officedoc.set_font(p.add_run(value or ""), officedoc.BODY_FONT, SIZE_4)


def _no_borders(cell) -> None:
    """A cell of the header band without lines (the table style draws them on every other cell)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    tc_pr.insert_element_before(borders, "w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText",
                                "w:vAlign", "w:hideMark")


def _repeat_header(row) -> None:
    """The row prints again at the top of every page of a long sign-in sheet."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
