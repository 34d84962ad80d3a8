"""The rules of 整改: status transitions, what each one needs, and when an item is 逾期 or 临期.

Pure functions over plain values so every rule can be unit tested without a database.
The state machine: 未启动 → 整改中 → 已完成 → 已销号, and back to 整改中 from 已完成/已销号 only with a reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from core.errors import RuleViolation
from core.limits import enforce
from core.rectification.schema import LIMITS

NOT_STARTED = "未启动"
IN_PROGRESS = "整改中"
COMPLETED = "已完成"
CLOSED = "已销号"
STATUSES = (NOT_STARTED, IN_PROGRESS, COMPLETED, CLOSED)
OPEN_STATUSES = (NOT_STARTED, IN_PROGRESS)
DONE_STATUSES = (COMPLETED, CLOSED)

SOURCES = ("督察反馈", "年度报告自查", "上级通报", "审计", "巡察", "群众反映", "自查自纠", "其他")
STANDING_TEXT = "长期坚持"
DEFAULT_DUE_SOON_DAYS = 7
NUMBER_RE = re.compile(r"^ZG-(\d{4})-(\d{3,})$")

# Names of the buttons that ask for each transition (the UI uses the same words).
ACTIONS = {
    (NOT_STARTED, IN_PROGRESS): "开始整改",
    (IN_PROGRESS, COMPLETED): "标记完成",
    (COMPLETED, CLOSED): "销号",
    (COMPLETED, IN_PROGRESS): "重新打开",
    (CLOSED, IN_PROGRESS): "重新打开",
}


@dataclass
class TransitionRequest:
    """What the clerk gives with a change of status (only what the target status needs is checked)."""

    to_status: str
    on_date: date | None = None  # completion date (已完成) or closing date (销号); default today
    completion: str = ""  # what was done (已完成)
    approver: str = ""  # who approved 销号
    no_evidence_reason: str = ""  # why 销号 without evidence
    reason: str = ""  # why reopened


def format_number(year: int, seq: int) -> str:
    return f"ZG-{year:04d}-{seq:03d}"


def parse_number(number: str) -> tuple[int, int] | None:
    match = NUMBER_RE.match((number or "").strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def to_date(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def check_transition(item: dict, request: TransitionRequest, evidence_count: int, today: date) -> dict:
    """Refuse a transition the rules forbid (RuleViolation saying what is missing); else the column changes."""
    current, target = item["status"], request.to_status
    if target not in STATUSES:
        raise RuleViolation(f"“{target}”不是整改状态，应为：{'、'.join(STATUSES)}。")
    if current == target:
        raise RuleViolation(f"该事项已是“{current}”，无需再改。")
    if (current, target) not in ACTIONS:
        raise RuleViolation(forbidden_message(current, target))
    if target == IN_PROGRESS and current in DONE_STATUSES:
        return _reopen(request)
    if target == IN_PROGRESS:
        return {"status": IN_PROGRESS}
    if target == COMPLETED:
        return _complete(item, request, today)
    return _close(item, request, evidence_count, today)


def forbidden_message(current: str, target: str) -> str:
    """Why an item cannot go from `current` to `target` (the editor's disabled buttons say it too)."""
    if target == CLOSED:
        return f"只有“已完成”的事项才能销号，该事项目前是“{current}”。请先标记完成（填写完成日期和完成情况）。"
    if target == COMPLETED and current == NOT_STARTED:
        return "该事项尚未启动，不能直接标记完成。请先“开始整改”，再标记完成。"
    if target == COMPLETED and current == CLOSED:
        return "已销号的事项不能改回“已完成”。如需继续整改，请“重新打开”并写明原因。"
    if target == NOT_STARTED:
        return f"“{current}”的事项不能退回“未启动”。如需继续整改，请使用“重新打开”（回到整改中）并写明原因。"
    return f"不能从“{current}”改为“{target}”。"


def _reopen(request: TransitionRequest) -> dict:
    if not request.reason.strip():
        raise RuleViolation("重新打开事项必须写明原因（例如：督察复查发现问题反弹）。请填写原因后再试。")
    return {"status": IN_PROGRESS, "completed_on": None, "closed_on": None, "closed_by": "",
            "no_evidence_reason": ""}


def _complete(item: dict, request: TransitionRequest, today: date) -> dict:
    missing = []
    if request.on_date is None:
        missing.append("完成日期")
    if not request.completion.strip():
        missing.append("完成情况（做了什么）")
    if missing:
        raise RuleViolation(f"标记完成还缺少：{'、'.join(missing)}。请填写后再试。")
    if request.on_date > today:
        raise RuleViolation(f"完成日期 {request.on_date.isoformat()} 晚于今天，请填写实际完成的日期。")
    return {"status": COMPLETED, "completed_on": request.on_date.isoformat(), "completion": request.completion.strip()}


def _close(item: dict, request: TransitionRequest, evidence_count: int, today: date) -> dict:
    missing = []
    if evidence_count <= 0 and not request.no_evidence_reason.strip():
        missing.append("至少一份佐证材料（或写明没有佐证材料的原因）")
    if not request.approver.strip():
        missing.append("审批人")
    if missing:
        raise RuleViolation(f"销号还缺少：{'、'.join(missing)}。请补齐后再试。")
    closed_on = request.on_date or today
    if closed_on > today:
        raise RuleViolation(f"销号日期 {closed_on.isoformat()} 晚于今天，请填写实际审批的日期。")
    completed_on = to_date(item.get("completed_on"))
    if completed_on and closed_on < completed_on:
        raise RuleViolation(f"销号日期 {closed_on.isoformat()} 早于完成日期 {completed_on.isoformat()}，请核对。")
    return {"status": CLOSED, "closed_on": closed_on.isoformat(), "closed_by": request.approver.strip(),
            "no_evidence_reason": request.no_evidence_reason.strip() if evidence_count <= 0 else ""}


def is_overdue(deadline: date | str | None, standing: bool, status: str, today: date) -> bool:
    """逾期: the deadline has passed (due today is not overdue), not 长期坚持, not 已完成/已销号."""
    due = to_date(deadline)
    return bool(due and not standing and status in OPEN_STATUSES and due < today)


def is_due_soon(deadline: date | str | None, standing: bool, status: str, today: date,
                days: int = DEFAULT_DUE_SOON_DAYS) -> bool:
    """临期: still open and due between today and today + days (inclusive)."""
    due = to_date(deadline)
    return bool(due and not standing and status in OPEN_STATUSES and today <= due <= today + timedelta(days=days))


def deadline_text(deadline: date | str | None, standing: bool) -> str:
    if standing:
        return STANDING_TEXT
    due = to_date(deadline)
    return due.isoformat() if due else ""


def completion_rate(total: int, done: int) -> float:
    """Share of items 已完成 or 已销号, 0 when there are none."""
    return done / total if total else 0.0


MAX_PROBLEM_CHARS = LIMITS["problem"].max_chars  # declared once, beside the table


def clean_item(fields: dict) -> dict:
    """Check and normalise the editable fields of an item; RuleViolation names the field to fix."""
    from core.rectification.schema import LIMITS  # the schema module registers migrations: import late

    data = dict(fields)
    enforce(LIMITS, {k: v for k, v in data.items() if k != "measures" and isinstance(v, str)})
    enforce(LIMITS, {"measures": "\n".join(str(m) for m in data.get("measures") or [])})
    if "problem" in data:
        data["problem"] = str(data["problem"] or "").strip()
        if not data["problem"]:
            raise RuleViolation("请填写问题描述。")
        if len(data["problem"]) > MAX_PROBLEM_CHARS:
            raise RuleViolation(f"问题描述超过 {MAX_PROBLEM_CHARS} 字，请精简或拆成几条事项。")
    if "source" in data:
        data["source"] = str(data["source"] or "").strip() or "其他"
        if data["source"] not in SOURCES:
            raise RuleViolation(f"问题来源“{data['source']}”不在列表中，应为：{'、'.join(SOURCES)}。")
    if "measures" in data:
        measures = data["measures"] or []
        if isinstance(measures, str):
            measures = [measures]
        data["measures"] = [" ".join(str(m).split()) for m in measures if str(m).strip()]
    for key in ("source_doc", "goal", "leader", "department", "owner_name"):
        if key in data:
            data[key] = str(data[key] or "").strip()
    for key in ("deadline", "source_date"):
        if key in data:
            try:
                value = to_date(data[key])
            except ValueError as exc:
                raise RuleViolation(f"日期“{data[key]}”无法识别，请按 2026-03-31 的格式填写。") from exc
            data[key] = value.isoformat() if value else None
    if "standing" in data:
        data["standing"] = 1 if data["standing"] else 0
        if data["standing"]:
            data["deadline"] = None
    return data


# Fill colours (RRGGBB) shared by the list and the Excel ledger, so print and screen agree.
STATUS_COLORS = {NOT_STARTED: "EDEDED", IN_PROGRESS: "FFF2CC", COMPLETED: "DDEBF7", CLOSED: "E2EFDA"}
OVERDUE_COLOR = "F8CBAD"
DUE_SOON_COLOR = "FFE699"
OVERDUE_TEXT_COLOR = "C00000"
DUE_SOON_TEXT_COLOR = "9C5700"


def row_color(status: str, overdue: bool) -> str:
    """The ledger fill of an item: its status colour, or the overdue colour when it is 逾期."""
    return OVERDUE_COLOR if overdue else STATUS_COLORS.get(status, "FFFFFF")
