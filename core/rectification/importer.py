"""Import an existing Excel 整改台账: find the header under the title, map columns, parse, preview, commit.

`preview_import` writes nothing and lists every rejected row with its Excel row number and reason;
`commit_import` writes all accepted rows in one transaction with one audit row. Items the old ledger
marks as done (已整改, 整改完成…) or closed (是否销号: 是) come in that way, and their log names the
import as the reason, since they never went through the rules here.
"""
from __future__ import annotations

import calendar
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core import tabular
from core.db import Store, now_text, os_user
from core.rectification import items, rules
from core.rectification.rules import CLOSED, COMPLETED, IN_PROGRESS, NOT_STARTED, SOURCES
from core.staff import roster
from core.tabular import ImportPreview, Record

COLUMNS = {
    "number": ("编号", "问题编号", "事项编号", "整改编号"),
    "source": ("问题来源", "来源", "问题类别", "反馈来源"),
    "source_doc": ("来源文件", "反馈文件", "文件名称", "依据文件"),
    "problem": ("问题描述", "存在问题", "问题", "问题内容", "具体问题", "问题表现", "反馈问题", "整改问题"),
    "goal": ("整改目标", "目标"),
    "measures": ("整改措施", "措施", "整改举措", "具体措施"),
    "leader": ("责任领导", "分管领导", "牵头领导", "责任局领导"),
    "department": ("责任科室", "责任部门", "责任单位", "牵头科室", "牵头单位", "科室"),
    "owner": ("责任人", "具体责任人", "经办人", "联系人"),
    "deadline": ("整改时限", "完成时限", "整改期限", "时限要求", "时限"),
    "progress": ("整改进展", "进展情况", "进展", "推进情况"),
    "status": ("整改状态", "状态", "是否完成", "整改情况"),
    "completion": ("完成情况", "整改结果", "整改成效"),
    "completed_on": ("完成日期", "实际完成时间", "完成时间"),
    "closed": ("是否销号", "销号情况"),
    "closed_on": ("销号日期", "销号时间"),
    "approver": ("审批人", "销号审批人", "销号批准人"),
}

# Words clerks write for a status, longest first so 未完成 is not read as 完成.
STATUS_WORDS = sorted({
    "已销号": CLOSED, "销号": CLOSED,
    "已整改": COMPLETED, "整改完成": COMPLETED, "已完成": COMPLETED, "完成": COMPLETED, "已办结": COMPLETED,
    "办结": COMPLETED, "基本完成": COMPLETED,
    "正在整改": IN_PROGRESS, "整改中": IN_PROGRESS, "持续整改": IN_PROGRESS, "推进中": IN_PROGRESS,
    "进行中": IN_PROGRESS, "未完成": IN_PROGRESS, "部分完成": IN_PROGRESS, "长期坚持": IN_PROGRESS,
    "未整改": NOT_STARTED, "未启动": NOT_STARTED, "未开始": NOT_STARTED, "尚未整改": NOT_STARTED,
}.items(), key=lambda kv: -len(kv[0]))
STANDING_WORDS = ("长期坚持", "长期", "持续推进", "持续整改", "常态化")
SOURCE_WORDS = (("督察", "督察反馈"), ("督查", "督察反馈"), ("年度报告", "年度报告自查"), ("报告自查", "年度报告自查"),
                ("通报", "上级通报"), ("审计", "审计"), ("巡察", "巡察"), ("巡视", "巡察"), ("群众", "群众反映"),
                ("信访", "群众反映"), ("投诉", "群众反映"), ("12345", "群众反映"), ("自查", "自查自纠"))
_LEADING_DATE = re.compile(r"^\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)\s*[，,：:、 ]?\s*(.*)$", re.DOTALL)
_MONTH_END = re.compile(r"^(\d{4})\s*年\s*(?:(\d{1,2})\s*月)?\s*(?:底|末|前|内)?$")
_DONE_PREFIX = re.compile(r"^(已完成|已整改|整改完成|完成)\s*([（(][^）)]*[）)])?\s*[：:]?")
_MEASURE_SPLIT = re.compile(
    r"(?:(?:^|(?<=[\n\s；;。]))\d+\s*[.．、)）]|[（(]\d+[)）]|[一二三四五六七八九十]+是[，,：:]?|[①-⑩])\s*")


@dataclass
class ImportedItem:
    """One accepted row of the old ledger, ready to write."""

    row: int
    problem: str
    fields: dict
    status: str
    status_word: str
    year: int
    number: str = ""
    progress: list[tuple[str, str]] = field(default_factory=list)  # (on_date, text)


def _status_of(word: str) -> str | None:
    text = unicodedata.normalize("NFKC", word).replace(" ", "")
    for key, status in STATUS_WORDS:
        if text.startswith(key):
            return status
    for key, status in STATUS_WORDS:
        if key in text:
            return status
    return None


def _source_of(text: str) -> tuple[str, str]:
    """(source, source_doc): a known source word, or 其他 with the clerk's words kept as the document."""
    if text in SOURCES:
        return text, ""
    for word, source in SOURCE_WORDS:
        if word in text:
            return source, "" if text in (source, word) else text
    return ("其他", text) if text else ("自查自纠", "")


def parse_deadline(value) -> tuple[str | None, bool]:
    """(ISO deadline, standing) from a 整改时限 cell: a date, 2026年底 / 2026年6月底, or 长期坚持."""
    text = tabular.one_line(value)
    if not text:
        return None, False
    if any(word in text for word in STANDING_WORDS):
        return None, True
    month_end = _MONTH_END.match(unicodedata.normalize("NFKC", text))
    if month_end and not isinstance(value, (int, float)):
        year, month = int(month_end.group(1)), int(month_end.group(2) or 12)
        if 1 <= month <= 12:
            return date(year, month, calendar.monthrange(year, month)[1]).isoformat(), False
    try:
        return tabular.parse_date(value).isoformat(), False
    except ValueError as exc:
        raise ValueError(f"整改时限{exc}") from None


def split_measures(text: str) -> list[str]:
    """A measures cell as a list: one per line or per number (1. 2、 （1） 一是 ①)."""
    if not text:
        return []
    parts = [p.strip(" ；;。\n") for p in _MEASURE_SPLIT.split(text)]
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        parts = [p.strip(" ；;") for p in text.split("\n") if p.strip(" ；;")]
    return parts


def split_progress(text: str, default_date: date) -> list[tuple[str, str]]:
    """Progress lines, each with its leading date if it has one (else the import date)."""
    out = []
    for line in (part.strip() for part in text.split("\n")):
        if not line:
            continue
        match = _LEADING_DATE.match(line)
        if match and match.group(2).strip():
            try:
                out.append((tabular.parse_date(match.group(1)).isoformat(), match.group(2).strip()))
                continue
            except ValueError:
                pass
        out.append((default_date.isoformat(), line))
    return out


class _Parser:
    """Turns one record into an ImportedItem (ValueError with the reason rejects the row)."""

    def __init__(self, store: Store, file: str, today: date, preview: ImportPreview, year: int | None) -> None:
        self.file, self.today, self.preview, self.year = file, today, preview, year
        self.people = roster.by_name(store)
        self.existing = {r["problem"]: r["number"] for r in store.query("select problem, number from rectification")}
        self.seen: dict[str, int] = {}

    def __call__(self, rec: Record) -> ImportedItem | None:
        problem = rec.text("problem")
        if not problem:
            if tabular.one_line(rec.value("number")) in ("合计", "总计") or not any(
                    rec.text(k) for k in ("measures", "department", "owner", "deadline")):
                return None  # a totals or note line, not an item
            raise ValueError("“问题描述”为空")
        key = " ".join(problem.split())
        if key in self.existing:
            raise ValueError(f"与已有整改事项 {self.existing[key]} 的问题描述相同，可能已导入过")
        if key in self.seen:
            raise ValueError(f"与第 {self.seen[key]} 行的问题描述重复")
        deadline, standing = parse_deadline(rec.value("deadline"))
        status, word = self._status(rec)
        if word and "长期坚持" in word:
            standing, deadline = True, None
        source, source_doc = _source_of(rec.line("source"))
        fields = {"problem": problem, "source": source, "source_doc": rec.line("source_doc") or source_doc,
                  "goal": rec.text("goal"), "measures": split_measures(rec.text("measures")),
                  "leader": rec.line("leader"), "department": rec.line("department"),
                  "deadline": deadline, "standing": standing}
        self._owner(rec, fields)
        self._done_fields(rec, status, fields)
        number = rec.line("number")
        year = self._year(number)
        self.seen[key] = rec.number
        progress = split_progress(rec.text("progress"), self.today)
        return ImportedItem(rec.number, problem, rules.clean_item(fields), status, word, year, number, progress)

    def _status(self, rec: Record) -> tuple[str, str]:
        word = rec.line("status")
        closed = rec.flag("closed") if rec.header.has("closed") else False
        if not word:
            word = rec.line("completion") if _status_of(rec.line("completion")) else ""
        status = _status_of(word) if word else NOT_STARTED
        if status is None:
            raise ValueError(f"无法识别的整改状态“{word}”（可写：已完成、整改中、未启动、已销号、长期坚持）")
        if closed:
            status, word = CLOSED, "是否销号：是"
        if rec.date("closed_on", required=False) and status != CLOSED:
            if status == COMPLETED:  # a 销号日期 on a done item means it was closed (our own ledger does this)
                return CLOSED, f"{word}，销号日期 {rec.date('closed_on').isoformat()}"
            self.preview.warn("有的行填了销号日期但整改尚未完成，已按“整改状态”导入，未作销号。")
        return status, word

    def _owner(self, rec: Record, fields: dict) -> None:
        name = rec.line("owner")
        matches = self.people.get(name, []) if name else []
        if len(matches) == 1:
            fields["owner_staff_id"] = matches[0]["id"]
            fields["department"] = fields["department"] or matches[0]["department"]
        elif name:
            fields["owner_name"] = name
            self.preview.warn(f"责任人“{name}”不在人员名单中（或有重名），已按文字保存，可稍后在事项中改选。")

    def _done_fields(self, rec: Record, status: str, fields: dict) -> None:
        completed_on = rec.date("completed_on", required=False)
        closed_on = rec.date("closed_on", required=False)
        if status not in rules.DONE_STATUSES:
            return
        completion = rec.text("completion")
        fields["completed_on"] = (completed_on or closed_on).isoformat() if (completed_on or closed_on) else None
        # our own export writes 已完成（日期）：做了什么 — keep only what was done
        completion = _DONE_PREFIX.sub("", completion).strip()
        fields["completion"] = completion or "原台账标记为已完成"
        if status == CLOSED:
            fields["closed_on"] = (closed_on or completed_on or self.today).isoformat()
            fields["closed_by"] = rec.line("approver") or "原台账记载"
            fields["no_evidence_reason"] = f"从原整改台账《{self.file}》导入，佐证材料未随台账导入"

    def _year(self, number: str) -> int:
        parsed = rules.parse_number(number)
        if parsed:
            return parsed[0]
        return self.year or self.today.year


def preview_import(store: Store, path: Path | str, *, today: date | None = None,
                   year: int | None = None) -> ImportPreview[ImportedItem]:
    """Read and check the ledger; writes nothing. ImportFileError when the file cannot be read at all.

    Items get the year of their ZG-YYYY-NNN number if they have one, else `year` (default this year).
    """
    today = today or date.today()
    sheet = tabular.read_rows(path)
    header = tabular.find_header(sheet, COLUMNS, required=("problem",))
    preview: ImportPreview[ImportedItem] = ImportPreview(file=sheet.file)
    parsed = tabular.collect(sheet, header, _Parser(store, sheet.file, today, preview, year))
    preview.accepted, preview.rejected = parsed.accepted, parsed.rejected
    preview.sort()
    return preview


DONE_EXTRA = ("completed_on", "completion", "closed_on", "closed_by", "no_evidence_reason")


def commit_import(store: Store, preview: ImportPreview[ImportedItem], *, today: date | None = None,
                  by: str | None = None) -> list[int]:
    """Write every accepted item (with its log) in one transaction and one audit row; returns the ids."""
    today = today or date.today()
    who = (by or "").strip() or os_user()
    ids: list[int] = []
    with store.transaction():
        for item in preview.accepted:
            ids.append(_write(store, item, preview.file, today, who))
        store.audit("导入整改台账", "rectification", None, None,
                    {"file": preview.file, "count": len(ids), "ids": ids})
    for item_id in ids:
        store.notify("rectification", item_id, "insert")
    return ids


def _write(store: Store, item: ImportedItem, file: str, today: date, who: str) -> int:
    number = item.number if items.reserve_number(store, item.number) else items.next_number(store, item.year)
    row = {k: v for k, v in item.fields.items() if k in items.EDITABLE or k in DONE_EXTRA}
    row["measures"] = json.dumps(row.get("measures", []), ensure_ascii=False)
    stamp = now_text()
    row.update(number=number, year=item.year, status=item.status, created_at=stamp, updated_at=stamp)
    cols = list(row)
    item_id = store.conn.execute(
        f"insert into rectification ({', '.join(cols)}) values ({', '.join('?' * len(cols))})",
        [row[c] for c in cols]).lastrowid
    reason = f"从原整改台账《{file}》第 {item.row} 行导入"
    if item.status in rules.DONE_STATUSES:
        reason += f"，原台账标记为“{item.status_word}”"
    if item.number and item.number != number:
        reason += f"（原编号 {item.number}）"
    log = [(today.isoformat(), "status", "导入整改事项", None, item.status, reason)]
    log += [(on_date, "progress", text, None, None, "") for on_date, text in item.progress]
    store.conn.executemany(
        "insert into rectification_log (item_id, on_date, at, kind, text, by_whom, from_status, to_status, reason) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(item_id, d, stamp, kind, text, who, frm, to, why) for d, kind, text, frm, to, why in log])
    return item_id


def describe(item: ImportedItem) -> dict:
    """The JSON shape of one accepted row (CLI --json)."""
    return {"problem": item.problem, "status": item.status, "year": item.year,
            "deadline": rules.deadline_text(item.fields.get("deadline"), item.fields.get("standing")),
            "department": item.fields.get("department", ""), "progress_entries": len(item.progress)}
