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

from core import limits, tabular
from core.dates import parse_date
from core.db import Store, os_user
from core.errors import RuleViolation
from core.rectification import items, rules
from core.rectification.rules import CLOSED, COMPLETED, IN_PROGRESS, NOT_STARTED, SOURCES
from core.rectification.schema import LIMITS
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
    # written by the app's own ledger beside the printed columns (core.rectification.export_xlsx): last, so
    # they never take a foreign header by containment before the fields above
    "source_date": ("来源日期",),
    "completion_detail": ("完成情况说明",),  # what was done, as kept; the printed 完成情况 packs status and date in
    "no_evidence_reason": ("无佐证材料原因", "无佐证材料的原因"),
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


def _done_date(completion: str, today: date) -> date | None:
    """The date our own ledger writes in 完成情况 (`已完成（2026-11-17）：…`) when there is no 完成日期 column."""
    match = _DONE_PREFIX.match(completion or "")
    return parse_date(match.group(2).strip("（）()"), today) if match and match.group(2) else None


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
    try:
        if month_end and not isinstance(value, (int, float)):
            year, month = int(month_end.group(1)), int(month_end.group(2) or 12)
            if 1 <= month <= 12:
                tabular.make_date(year, month, 1)  # a year out of range is refused in Chinese, as for dates
                return date(year, month, calendar.monthrange(year, month)[1]).isoformat(), False
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
        self.existing = _existing(store)
        self.seen: dict[str, int] = {}
        self.unknown_owners: dict[str, list[int]] = {}

    def __call__(self, rec: Record) -> ImportedItem | None:
        problem = rec.text("problem", LIMITS["problem"])
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
        source, source_doc = _source_of(rec.line("source", LIMITS["source_doc"]))
        fields = {"problem": problem, "source": source,
                  "source_doc": rec.line("source_doc", LIMITS["source_doc"]) or source_doc,
                  "goal": rec.text("goal", LIMITS["goal"]), "measures": split_measures(rec.text("measures", LIMITS["measures"])),
                  "leader": rec.line("leader", LIMITS["leader"]), "department": rec.line("department", LIMITS["department"]),
                  "deadline": deadline, "standing": standing,
                  "source_date": rec.date("source_date", required=False)}
        number = rec.line("number", LIMITS["number"])
        progress = split_progress(rec.text("progress", LIMITS["progress"]), self.today)
        self._done_fields(rec, status, fields)
        self._owner(rec, fields)  # last: an owner is noted for the warning only on a row that is taken
        self.seen[key] = rec.number
        return ImportedItem(rec.number, problem, rules.clean_item(fields), status, word, self._year(number), number,
                            progress)

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
        name = rec.line("owner", LIMITS["owner"])
        matches = self.people.get(name, []) if name else []
        if len(matches) == 1:
            fields["owner_staff_id"] = matches[0]["id"]
            fields["department"] = fields["department"] or matches[0]["department"]
        elif name:
            fields["owner_name"] = name
            self.unknown_owners.setdefault(name, []).append(rec.number)

    def _done_fields(self, rec: Record, status: str, fields: dict) -> None:
        completed_on = rec.date("completed_on", required=False)
        closed_on = rec.date("closed_on", required=False)
        exact = rec.header.has("completion_detail")  # our own ledger: what was done, as kept
        if exact:  # for every status: a reopened item keeps what was done before
            fields["completion"] = rec.text("completion_detail", LIMITS["completion"])
        if status not in rules.DONE_STATUSES:
            return
        if not exact:  # the printed 完成情况 of our own ledger (已完成（日期）：做了什么) or a foreign one
            completion = rec.text("completion", LIMITS["completion"])
            completed_on = completed_on or _done_date(completion, self.today)
            fields["completion"] = _DONE_PREFIX.sub("", completion).strip()  # keep only what was done
        fields["completed_on"] = (completed_on or closed_on).isoformat() if (completed_on or closed_on) else None
        fields["completion"] = fields["completion"] or "原台账标记为已完成"
        if status == CLOSED:
            fields["closed_on"] = (closed_on or completed_on or self.today).isoformat()
            fields["closed_by"] = rec.line("approver", LIMITS["approver"]) or "原台账记载"
            # the evidence files stay behind: an item closed on evidence says so
            fields["no_evidence_reason"] = rec.text("no_evidence_reason", LIMITS["no_evidence_reason"]) or (
                f"从原整改台账《{self.file}》导入，佐证材料未随台账导入")

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
    today = today or store.clock.today()
    sheet = tabular.read_rows(path)
    header = tabular.find_header(sheet, COLUMNS, required=("problem",))
    preview: ImportPreview[ImportedItem] = ImportPreview(file=sheet.file, limits=limits.describe(LIMITS))
    parser = _Parser(store, sheet.file, today, preview, year)
    parsed = tabular.collect(sheet, header, parser)
    preview.accepted, preview.rejected, preview.warnings = parsed.accepted, parsed.rejected, parsed.warnings + preview.warnings
    if parser.unknown_owners:
        names = [f"“{name}”（{tabular.rows_text(rows, 3)}）" for name, rows in parser.unknown_owners.items()]
        preview.warn(f"责任人{tabular.listing(names, '人')}不在人员名单中（或有重名），已按文字保存，可稍后在事项中改选。")
    preview.sort()
    return preview


def _existing(store: Store) -> dict[str, str]:
    """Problem text (spaces collapsed) → number of the items already in the database."""
    return {" ".join(r[0].split()): r[1] for r in store.conn.execute("select problem, number from rectification")}


DONE_EXTRA = ("completed_on", "completion", "closed_on", "closed_by", "no_evidence_reason")


def commit_import(store: Store, preview: ImportPreview[ImportedItem], *, today: date | None = None,
                  by: str | None = None) -> list[int]:
    """Write every accepted item with its log: one transaction, executemany, one audit row holding them;
    returns the ids. The preview made every check; only an item saved meanwhile can stop it here."""
    today = today or store.clock.today()
    who, stamp = (by or "").strip() or os_user(), store.clock.stamp()
    with store.transaction(), tabular.bulk_writes(store, "rectification", "rectification_log"):
        existing = _existing(store)
        taken = [item.row for item in preview.accepted if " ".join(item.problem.split()) in existing]
        if taken:
            raise RuleViolation(f"导入前已有人录入了{tabular.rows_text(taken)}的问题描述，未导入任何事项。请重新选择文件导入。")
        numbers, ids, audit = _numbers(store, preview.accepted), [], []
        for start in range(0, len(numbers), CHUNK):  # a chunk at a time: memory stays flat
            chunk = list(zip(preview.accepted[start:start + CHUNK], numbers[start:start + CHUNK]))
            ids += _write(store, chunk, preview.file, today, who, stamp, audit)
        tabular.record_import(store, "rectification", ids, action="导入整改台账", file=preview.file,
                              content={"columns": ["id", *_AUDITED, "measures", "progress"], "rows": audit})
    return ids


def _write(store: Store, chunk: list[tuple[ImportedItem, str]], file: str, today: date, who: str, stamp: str,
           audit: list[list]) -> list[int]:
    """Insert one chunk of items with their first log entries; their audit rows go to `audit`."""
    rows = [_row(item, number, stamp) for item, number in chunk]
    ids = tabular.insert_many(store, "rectification", rows)
    logs = [_log(item, number, file, today) for item, number in chunk]
    store.conn.executemany(
        "insert into rectification_log (item_id, on_date, at, kind, text, by_whom, from_status, to_status, reason) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(item_id, d, stamp, kind, text, who, frm, to, why) for item_id, log in zip(ids, logs)
         for d, kind, text, frm, to, why in log])
    audit += [[i, *(row[c] for c in _AUDITED), item.fields.get("measures", []), item.progress]
              for i, row, (item, _number) in zip(ids, rows, chunk)]
    return ids


def _numbers(store: Store, accepted: list[ImportedItem]) -> list[str]:
    """Each item's ZG-YYYY-NNN: the old ledger's own when it is free, else the next of its year (as
    `items.next_number` gives them); the per-year counters move past every number given."""
    taken = {r[0] for r in store.conn.execute("select number from rectification")}
    counters = dict(store.conn.execute("select year, last from rectification_counter").fetchall())
    numbers = []
    for item in accepted:
        parsed = rules.parse_number(item.number)
        if parsed and item.number not in taken:
            number, counters[parsed[0]] = item.number, max(counters.get(parsed[0], 0), parsed[1])
        else:
            seq = counters.get(item.year, 0) + 1
            while rules.format_number(item.year, seq) in taken:
                seq += 1
            number, counters[item.year] = rules.format_number(item.year, seq), seq
        taken.add(number)
        numbers.append(number)
    store.conn.executemany("insert into rectification_counter (year, last) values (?, ?) "
                           "on conflict(year) do update set last = max(last, excluded.last)", counters.items())
    return numbers


# the columns every imported row sets (one executemany), with the table's defaults for what a row lacks
_DEFAULTS = {"source": "自查自纠", "source_doc": "", "source_date": None, "goal": "", "measures": [], "leader": "",
             "department": "", "owner_staff_id": None, "owner_name": "", "deadline": None, "standing": 0,
             "completed_on": None, "completion": "", "closed_on": None, "closed_by": "", "no_evidence_reason": ""}


_COLUMNS = ("problem", *_DEFAULTS, "number", "year", "status", "created_at", "updated_at")
# what the import's audit row keeps of each item: what the clerk's ledger said (the rest is the same for all)
_AUDITED = ("number", "problem", "source", "source_doc", "source_date", "goal", "leader", "department",
            "owner_staff_id", "owner_name", "deadline", "standing", "status", "completed_on", "completion", "closed_on",
            "closed_by", "no_evidence_reason")
CHUNK = 1000


def _row(item: ImportedItem, number: str, stamp: str) -> dict:
    row = {**_DEFAULTS, **{k: v for k, v in item.fields.items() if k in items.EDITABLE or k in DONE_EXTRA}}
    row["measures"] = json.dumps(row["measures"], ensure_ascii=False)
    row.update(number=number, year=item.year, status=item.status, created_at=stamp, updated_at=stamp)
    return {c: row[c] for c in _COLUMNS}


def _log(item: ImportedItem, number: str, file: str, today: date) -> list[tuple]:
    """The item's first log entries: its import (status) and the progress lines the old ledger held."""
    reason = f"从原整改台账《{file}》第 {item.row} 行导入"
    if item.status in rules.DONE_STATUSES:
        reason += f"，原台账标记为“{item.status_word}”"
    if item.number and item.number != number:
        reason += f"（原编号 {item.number}）"
    log = [(today.isoformat(), "status", "导入整改事项", None, item.status, reason)]
    return log + [(on_date, "progress", text, None, None, "") for on_date, text in item.progress]


def describe(item: ImportedItem) -> dict:
    """The JSON shape of one accepted row (CLI --json)."""
    return {"problem": item.problem, "status": item.status, "year": item.year,
            "deadline": rules.deadline_text(item.fields.get("deadline"), item.fields.get("standing")),
            "department": item.fields.get("department", ""), "progress_entries": len(item.progress)}
