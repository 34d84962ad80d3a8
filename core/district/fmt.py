"""What an exchange package is: member names, caps, the manifest's exact shape, and each record's fields.

A package (`*.lawdesk-pkg`) is a zip holding
  manifest.json            format and version, app and schema version, unit, year, created, the signer's public
                           key, record counts, and the SHA-256 and size of every other member
  signature                Ed25519 over the exact bytes of manifest.json (64 raw bytes)
  data/<kind>.jsonl        one record per line: staff, sessions, items, report
  attachments/<sha256>     evidence files and session photos, named by their content hash (optional)
Everything read from one is checked against this module before it is trusted: a wrong type, an unknown field's
absence, a text longer than the app allows or a number out of range makes the package "damaged", never a
traceback and never a row.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from core.attachments import MAX_ATTACHMENT_BYTES
from core.errors import LawDeskError
from core.reports.model import KINDS as REPORT_KINDS
from core.reports.model import STATUSES as REPORT_STATUSES

FORMAT = "lawdesk-exchange"
FORMAT_VERSION = 1
SUFFIX = ".lawdesk-pkg"
MANIFEST = "manifest.json"
SIGNATURE = "signature"
KINDS = ("staff", "sessions", "items", "report")
DATA_MEMBERS = {f"data/{kind}.jsonl": kind for kind in KINDS}
ATTACHMENT_MEMBER = re.compile(r"^attachments/([0-9a-f]{64})$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

# Caps, checked against the zip's directory before a byte is read (and again while reading: a member may
# inflate to more than its directory entry says).
MAX_PACKAGE_BYTES = 8 << 30
MAX_MEMBERS = 50_000
MAX_MANIFEST_BYTES = 8 << 20
MAX_DATA_BYTES = 512 << 20  # one data member: 100,000 sessions with their attendance take about 150 MB
MAX_ATTACHMENT_TOTAL = 6 << 30
MAX_RATIO = 200  # inflated ÷ packed: our JSON packs about 10:1; a zip bomb packs 1000:1 and more
RATIO_FREE_BYTES = 1 << 20  # small members may pack as well as they like
MAX_LINE_BYTES = 4 << 20
MAX_RECORDS = 1_000_000

NOTHING_WRITTEN = "没有写入任何数据。"


class PackageError(LawDeskError):
    """A package that cannot be taken: damaged, tampered with, too big, not ours, or from a newer version."""


def refused(path: Path | str, why: str) -> PackageError:
    name = Path(path).name
    return PackageError(f"“{name}”不能导入：{why}。{NOTHING_WRITTEN}请让报送单位重新导出报送包后再发送。")


# -- field checks: each returns the value as stored, or raises ValueError with the reason ------------------
Check = Callable[[Any], Any]


def text(limit: int, required: bool = False) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError("应为文字")
        if len(value) > limit:
            raise ValueError(f"超过 {limit} 字")
        if required and not value.strip():
            raise ValueError("不能为空")
        return value
    return check


def integer(low: int, high: int) -> Check:
    def check(value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValueError(f"应为 {low} 到 {high} 之间的整数")
        return value
    return check


def number(low: float, high: float) -> Check:
    def check(value: Any) -> float:
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
            raise ValueError(f"应为 {low:g} 到 {high:g} 之间的数")
        return float(value)
    return check


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("应为 true 或 false")
    return value


def day(optional: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError("应为日期（2026-03-01）")
        date.fromisoformat(value)  # ValueError for 2026-02-30
        return value
    return check


def pattern(regex: re.Pattern[str], what: str) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str) or not regex.match(value):
            raise ValueError(f"应为{what}")
        return value
    return check


def one_of(*choices: str) -> Check:
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"应为 {'、'.join(choices)} 之一")
        return value
    return check


def list_of(item: Check, limit: int) -> Check:
    def check(value: Any) -> list:
        if not isinstance(value, list) or len(value) > limit:
            raise ValueError(f"应为不超过 {limit} 项的列表")
        return [item(v) for v in value]
    return check


def record(spec: dict[str, Check], optional: frozenset[str] = frozenset()) -> Check:
    """A JSON object with exactly the fields of `spec` (those in `optional` may be missing)."""
    def check(value: Any) -> dict:
        if not isinstance(value, dict):
            raise ValueError("应为 JSON 对象")
        unknown = set(value) - set(spec)
        if unknown:
            raise ValueError(f"含有不认识的字段“{sorted(unknown)[0]}”")
        out = {}
        for key, field_check in spec.items():
            if key not in value:
                if key in optional:
                    continue
                raise ValueError(f"缺少字段“{key}”")
            try:
                out[key] = field_check(value[key])
            except ValueError as exc:
                raise ValueError(f"字段“{key}”{exc}") from None
        return out
    return check


def json_object(limit: int) -> Check:
    """Free JSON (a report's outline) kept as text; only its size is capped here, its shape by `report`."""
    def check(value: Any) -> Any:
        if len(json.dumps(value, ensure_ascii=False)) > limit:
            raise ValueError(f"超过 {limit} 字")
        return value
    return check


UUID_CHECK = pattern(UUID, " UUID")
SHA_CHECK = pattern(SHA256, " SHA-256 校验值")
NAME = text(200)
SHORT = text(100)
LONG = text(20_000)
FILE = record({"sha256": SHA_CHECK, "name": text(255), "size": integer(0, MAX_ATTACHMENT_BYTES)})
STATUS = one_of("attended", "on_leave")


def attendee(value: Any) -> list:
    """[person's UUID, attended | on_leave]."""
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError("应为 [人员 UUID, 出勤状态]")
    return [UUID_CHECK(value[0]), STATUS(value[1])]


def status_dates(value: Any) -> dict:
    if not isinstance(value, dict) or len(value) > len(REPORT_STATUSES):
        raise ValueError("应为 {状态: 日期}")
    return {one_of(*REPORT_STATUSES)(k): day()(v) for k, v in value.items()}


def sections(depth: int = 1) -> Check:
    """A report's outline, at most four levels deep (as the editor allows)."""
    def check(value: Any) -> list:
        if depth > 4:
            if value:
                raise ValueError("章节超过四级")
            return []
        return list_of(record({
            "level": integer(1, 4), "number": text(20), "heading": text(500),
            "kind": lambda v: None if v is None else one_of(*REPORT_KINDS)(v),
            "body": list_of(text(20_000), 2000), "children": sections(depth + 1),
        }), 2000)(value)
    return check


STAFF = record({
    "uuid": UUID_CHECK, "name": text(100, required=True), "department": SHORT, "position": SHORT,
    "is_leader": flag, "active": flag, "left_on": day(optional=True), "sessions": integer(0, 1_000_000),
    "hours": number(0, 1_000_000), "on_leave": integer(0, 1_000_000), "minimum": number(0, 1000), "reached": flag,
})
SESSION = record({
    "uuid": UUID_CHECK, "held_on": day(), "start_time": text(5), "end_time": text(5), "form": SHORT,
    "topic": text(500, required=True), "location": NAME, "lecturer": NAME, "host": SHORT, "recorder": SHORT,
    "hours": number(0, 24), "attended_count": integer(0, 100_000), "on_leave_count": integer(0, 100_000),
    "outside_count": integer(0, 100_000), "laws_text": text(2000), "summary": LONG,
    "attendees": list_of(attendee, 100_000), "attachments": list_of(FILE, 1000),
})
LOG_ENTRY = record({"on_date": day(), "at": text(32), "kind": SHORT, "text": LONG, "by_whom": SHORT,
                    "from_status": text(20), "to_status": text(20), "reason": text(2000)})
ITEM = record({
    "uuid": UUID_CHECK, "number": text(40), "year": integer(1990, 2100), "source": SHORT, "source_doc": NAME,
    "problem": text(2000, required=True), "goal": text(2000), "measures": list_of(text(2000), 200),
    "leader": SHORT, "department": SHORT, "owner": SHORT, "deadline": day(optional=True), "standing": flag,
    "status": one_of("未启动", "整改中", "已完成", "已销号"), "completed_on": day(optional=True),
    "completion": LONG, "closed_on": day(optional=True), "closed_by": SHORT, "log": list_of(LOG_ENTRY, 10_000),
    "evidence": list_of(FILE, 1000),
})
REPORT = record({
    "uuid": UUID_CHECK, "year": integer(1990, 2100), "title": text(500), "status": one_of(*REPORT_STATUSES),
    "status_dates": status_dates, "issued_on": day(optional=True), "unit": NAME, "recipient": NAME,
    "opening": list_of(text(20_000), 100), "signature": NAME, "contact": text(500), "sections": sections(),
})
RECORD_CHECKS: dict[str, Check] = {"staff": STAFF, "sessions": SESSION, "items": ITEM, "report": REPORT}

UNIT = record({"name": text(200, required=True), "short_name": text(100), "credit_code": text(18)})
SIGNER = record({"algorithm": one_of("Ed25519"), "public_key": text(64, required=True)})
FILE_ENTRY = record({"sha256": SHA_CHECK, "size": integer(0, MAX_ATTACHMENT_TOTAL)})
MANIFEST_SHAPE = record({
    "format": one_of(FORMAT), "format_version": integer(1, 1_000_000), "app_version": text(40),
    "schema": text(100), "unit": UNIT, "year": integer(1990, 2100), "created": text(32, required=True),
    "signer": SIGNER, "counts": record({kind: integer(0, MAX_RECORDS) for kind in (*KINDS, "attachments")}),
    "files": json_object(MAX_MANIFEST_BYTES),
})


def parse_manifest(path: Path, raw: bytes) -> dict:
    """The manifest checked field by field; PackageError for anything but the exact shape."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise refused(path, "清单（manifest.json）已损坏：结构嵌套过深") from None
    except (UnicodeDecodeError, ValueError):
        raise refused(path, "清单（manifest.json）已损坏") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise refused(path, "它不是 LawDesk 汇总报送包")
    version = data.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise PackageError(f"“{path.name}”由更新版本的 LawDesk 生成（格式版本 {version}），本版本无法读取。"
                           f"请先升级 LawDesk 再导入。{NOTHING_WRITTEN}")
    try:
        manifest = MANIFEST_SHAPE(data)
        files = manifest["files"]
        if not isinstance(files, dict):
            raise ValueError("字段“files”应为 JSON 对象")
        manifest["files"] = {name: FILE_ENTRY(entry) for name, entry in files.items()}
        created = manifest["created"]
        date.fromisoformat(created[:10])
    except ValueError as exc:
        raise refused(path, f"清单（manifest.json）不合规：{exc}") from None
    return manifest
