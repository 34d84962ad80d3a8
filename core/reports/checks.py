"""核稿: what a careful reader would flag before the report goes out. Each finding names its section and shows the text.

Codes (stable, used by the CLI's --json and the editor): missing_title, missing_recipient, missing_signature,
missing_date, date_out_of_window, missing_part, numbering, unbalanced_mark, stray_space, ascii_punctuation,
year_mismatch, template_hint, placeholder, personal_info, deadline. `BEFORE_EXPORT` are the ones an export asks about.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from core.reports import completeness, punctuation, template
from core.reports.model import KIND_TITLES, KINDS, Report, numbered

# What should not go out in a filed or published report: export asks before writing while any remain.
BEFORE_EXPORT = frozenset({"missing_title", "missing_recipient", "missing_signature", "missing_date",
                           "date_out_of_window", "ascii_punctuation", "placeholder", "template_hint"})

_PAIRS = {"《": "》", "“": "”", "‘": "’", "（": "）", "(": ")"}
_CLOSERS = {"》": "《", "”": "“", "’": "‘", "）": "（", ")": "（"}
_SAME_OPEN = {"(": "（"}  # half- and full-width brackets are the same mark for balance

_CJK = r"\u4e00-\u9fff\u3400-\u4dbf"
_CJK_PUNCT = r"，。、；：？！“”‘’《》（）【】"
_SPACE = r"[ \u3000\u00a0\t]+"
_STRAY = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}\d%]){_SPACE}(?=[{_CJK}{_CJK_PUNCT}])|(?<=[{_CJK}{_CJK_PUNCT}]){_SPACE}(?=[{_CJK_PUNCT}])")
_BOOK_TITLE = re.compile(r"《[^《》]*》")
_YEAR = re.compile(r"(?<![\d—\-－~～至到])(\d{4})\s*年")
_PLAN_YEAR = re.compile(r"(\d{4})\s*年度?(?:工作安排|主要安排|工作计划|工作要点|工作打算|重点工作)")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_ID_CARD = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PLACEHOLDER = re.compile(
    r"【[^【】]{0,40}(?:请|填写|待|补充|输入|[XxＸｘ×])[^【】]{0,40}】|(?<![A-Za-z])[XxＸｘ×*＊]{2,}(?![A-Za-z])"
    r"|(?<![A-Za-z])[XxＸｘ×]{1,4}(?=\s*[年月日号])|(?<![\dA-Za-z*＊])[*＊](?=[次项件人个名家])|（单位全称）")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_CONTEXT = 18


@dataclass
class Finding:
    code: str
    message: str
    section_uid: str | None
    section: str  # number + heading, or 标题 / 主送 / 开头 / 落款 / 全文 / 期限
    text: str


@dataclass
class _Place:
    section_uid: str | None
    section: str
    text: str
    kind: str | None  # the statutory part it belongs to
    is_heading: bool


def check(report: Report, today: date, *, expected_recipient: str = "") -> list[Finding]:
    """Every finding, in reading order: what is missing first, then by place, deadlines last.

    `expected_recipient` is the unit profile's 主送 ("" when it has none: then no 主送 is required).
    """
    findings = [Finding(code, message, None, place, text)
                for code, message, place, text in completeness.frame_findings(report, expected_recipient)]
    findings += _missing_parts(report)
    places = list(_places(report))
    by_uid = {p.section_uid: p.section for p in places if p.section_uid}
    findings += _numbering(report, by_uid)
    for place in places:
        findings += _marks(place)
        findings += _spaces(place)
        findings += _ascii(place)
        findings += _years(report, place)
        findings += _hints(place)
        findings += _placeholders(place)
        findings += _personal(place)
    findings += _deadlines(report, today)
    return findings


def before_export(findings: list[Finding]) -> list[Finding]:
    """The findings an export should ask about (see BEFORE_EXPORT)."""
    return [f for f in findings if f.code in BEFORE_EXPORT]


def _label(number: str, heading: str) -> str:
    text = number + heading
    return text if len(text) <= 30 else text[:29] + "…"


def _places(report: Report) -> Iterator[_Place]:
    yield _Place(None, "标题", report.title, None, True)
    if report.recipient:
        yield _Place(None, "主送", report.recipient, None, False)
    for paragraph in report.opening:
        yield _Place(None, "开头", paragraph, "opening", False)
    part: str | None = None
    for section, number, depth in numbered(report):
        if depth == 1:
            part = section.kind
        label = _label(number, section.heading)
        yield _Place(section.uid, label, section.heading, part, True)
        for paragraph in section.body:
            yield _Place(section.uid, label, paragraph, part, False)
    yield _Place(None, "落款", report.signature, None, False)


def _snippet(text: str, start: int, end: int) -> str:
    left = max(0, start - _CONTEXT)
    right = min(len(text), end + _CONTEXT)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


# -- the checks ------------------------------------------------------------------------------------
def _missing_parts(report: Report) -> list[Finding]:
    present = {s.kind for s in report.sections}
    return [Finding("missing_part", f"缺少法定部分“{KIND_TITLES[kind]}”。按《法治政府建设与责任落实督察工作规定》，"
                    "年度报告应包括五个部分；如确无内容，可写明“无”。", None, "全文", KIND_TITLES[kind])
            for kind in KINDS if kind not in present]


def _numbering(report: Report, by_uid: dict[str | None, str]) -> list[Finding]:
    return [Finding("numbering", item["message"], item.get("section_uid"),
                    by_uid.get(item.get("section_uid"), "全文"), item.get("text", ""))
            for item in report.import_findings
            if item.get("code") == "numbering" and item.get("section_uid") in by_uid]


def _marks(place: _Place) -> list[Finding]:
    stack: list[tuple[str, int]] = []
    text = place.text
    for i, ch in enumerate(text):
        if ch in _PAIRS:
            stack.append((_SAME_OPEN.get(ch, ch), i))
        elif ch in _CLOSERS:
            if stack and stack[-1][0] == _CLOSERS[ch]:
                stack.pop()
            else:
                return [Finding("unbalanced_mark", f"“{ch}”前面缺少与之配对的“{_CLOSERS[ch]}”。",
                                place.section_uid, place.section, _snippet(text, i, i + 1))]
    if stack:
        mark, i = stack[0]
        return [Finding("unbalanced_mark", f"“{mark}”没有配对的“{_PAIRS[mark]}”。",
                        place.section_uid, place.section, _snippet(text, i, i + 1))]
    return []


def _spaces(place: _Place) -> list[Finding]:
    text = place.text
    found: list[Finding] = []
    titles = []
    for m in _BOOK_TITLE.finditer(text):
        if re.search(_SPACE, m.group(0)):
            titles.append((m.start(), m.end()))
            found.append(Finding("stray_space", f"书名号内有多余空格：{m.group(0)}", place.section_uid,
                                 place.section, m.group(0)))
    for m in _STRAY.finditer(text):
        if any(a <= m.start() < b for a, b in titles):
            continue
        found.append(Finding("stray_space", "中文之间有多余空格。", place.section_uid, place.section,
                             _snippet(text, m.start(), m.end())))
    return found


def _ascii(place: _Place) -> list[Finding]:
    """One finding per paragraph, however many marks: the fix is one click for the whole report."""
    positions = punctuation.ascii_marks(place.text)
    if not positions:
        return []
    first = positions[0]
    marks = "".join(sorted({place.text[i] for i in positions}))
    return [Finding("ascii_punctuation", f"中文里有 {len(positions)} 处半角标点（{marks}），应使用全角标点。"
                    "可点“全部改为全角”一次改正。", place.section_uid, place.section,
                    _snippet(place.text, first, first + 1))]


def _placeholders(place: _Place) -> list[Finding]:
    m = _PLACEHOLDER.search(place.text)
    if not m or place.text.find(template.HINT_OPEN) == m.start():
        return []
    return [Finding("placeholder", f"“{m.group(0)}”是待填写的占位内容，请改成实际内容。", place.section_uid,
                    place.section, _snippet(place.text, m.start(), m.end()))]


def _years_in(text: str) -> list[tuple[int, int, int]]:
    """(year, start, end) of years written as 「2024年」, not those inside 《》 titles or ranges like 2021—2025年."""
    inside = [(m.start(), m.end()) for m in _BOOK_TITLE.finditer(text)]
    return [(int(m.group(1)), m.start(), m.end()) for m in _YEAR.finditer(text)
            if not any(a <= m.start() < b for a, b in inside)]


def _years(report: Report, place: _Place) -> list[Finding]:
    year = report.year
    if place.section == "标题":
        wrong = [y for y in _years_in(place.text)[:1] if y[0] != year]
        return [Finding("year_mismatch", f"标题中的年份 {w[0]} 与报告年度 {year} 不一致。", None, "标题", place.text)
                for w in wrong]
    if place.kind == "next_year_plan":
        candidates = _years_in(place.text) if place.is_heading else \
            [(int(m.group(1)), m.start(), m.end()) for m in _PLAN_YEAR.finditer(place.text)]
        expected, what = year + 1, f"下一年度安排应写 {year + 1} 年"
    elif place.kind in ("achievements", "shortcomings", "leader_duties", "opening"):
        candidates = _years_in(place.text) if place.is_heading else \
            [y for y in _years_in(place.text)[:1] if y[1] == 0]  # a paragraph that starts with a year
        expected, what = year, f"这一部分应写报告年度 {year} 年"
    else:
        return []
    return [Finding("year_mismatch", f"年份 {y} 与报告年度不符：{what}。", place.section_uid, place.section,
                    _snippet(place.text, start, end))
            for y, start, end in candidates if y != expected][:1]


def _hints(place: _Place) -> list[Finding]:
    at = place.text.find(template.HINT_OPEN)
    if at < 0:
        return []
    return [Finding("template_hint", "模板提示文字还在，请改写成报告内容后删除。", place.section_uid, place.section,
                    _snippet(place.text, at, at + len(template.HINT_OPEN)))]


def _id_ok(number: str) -> bool:
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def _personal(place: _Place) -> list[Finding]:
    found = []
    text = place.text
    for pattern, what in ((_MOBILE, "手机号码"), (_ID_CARD, "身份证号码"), (_EMAIL, "电子邮箱")):
        for m in pattern.finditer(text):
            if pattern is _ID_CARD and not _id_ok(m.group(0)):
                continue
            found.append(Finding("personal_info", f"含{what}（个人信息），公开前请删除或隐去。", place.section_uid,
                                 place.section, _snippet(text, m.start(), m.end())))
    return found


def _deadlines(report: Report, today: date) -> list[Finding]:
    found: list[Finding] = []
    if today.year > report.year + 1:  # an old report kept for the record: its deadlines are history
        return found
    deadlines = (("已报送", date(report.year + 1, 3, 1), "报送党委、政府"), ("已公开", date(report.year + 1, 4, 1), "向社会公开"))
    order = ("草稿", "已定稿", "已报送", "已公开")
    for status, due, what in deadlines:
        if order.index(report.status) >= order.index(status):
            continue
        days = (due - today).days
        when = f"{due.year}年{due.month}月{due.day}日"
        if days >= 0:
            message = f"距{what}期限（{when}前）还有 {days} 天。"
        else:
            message = f"已超过{what}期限（{when}）{-days} 天，请尽快办理。"
        found.append(Finding("deadline", message, None, "期限", when))
    return found


def sections_with_findings(report: Report, findings: list[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped by section uid (for marking the outline)."""
    out: dict[str, list[Finding]] = {}
    for f in findings:
        if f.section_uid:
            out.setdefault(f.section_uid, []).append(f)
    return out

