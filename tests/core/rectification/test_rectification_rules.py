"""Rules of 整改: every transition (allowed and forbidden) and the 逾期/临期 boundaries."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.errors import RuleViolation
from core.rectification import rules
from core.rectification.rules import CLOSED, COMPLETED, IN_PROGRESS, NOT_STARTED, STATUSES, TransitionRequest

TODAY = date(2026, 11, 21)
ALLOWED = {(NOT_STARTED, IN_PROGRESS), (IN_PROGRESS, COMPLETED), (COMPLETED, CLOSED),
           (COMPLETED, IN_PROGRESS), (CLOSED, IN_PROGRESS)}


def _full_request(target: str) -> TransitionRequest:
    """A request carrying everything any transition could need, so only the state machine can refuse."""
    return TransitionRequest(target, on_date=TODAY, completion="已修订制度", approver="王建国",
                             no_evidence_reason="", reason="复查发现反弹")


@pytest.mark.parametrize("current", STATUSES)
@pytest.mark.parametrize("target", STATUSES)
def test_every_pair_of_statuses(current, target):
    item = {"status": current, "completed_on": "2026-11-01"}
    if (current, target) in ALLOWED:
        changes = rules.check_transition(item, _full_request(target), evidence_count=1, today=TODAY)
        assert changes["status"] == target
        return
    with pytest.raises(RuleViolation) as err:
        rules.check_transition(item, _full_request(target), evidence_count=1, today=TODAY)
    message = str(err.value)
    if current == target:
        assert f"已是“{current}”" in message
    elif target == CLOSED:
        assert "只有“已完成”的事项才能销号" in message and current in message
    elif target == NOT_STARTED:
        assert "不能退回“未启动”" in message
    elif (current, target) == (NOT_STARTED, COMPLETED):
        assert "请先“开始整改”" in message
    elif (current, target) == (CLOSED, COMPLETED):
        assert "重新打开" in message
    else:  # pragma: no cover - every forbidden pair has its own message above
        pytest.fail(f"unexpected forbidden pair {current}->{target}: {message}")


def test_unknown_status_refused():
    with pytest.raises(RuleViolation, match="不是整改状态"):
        rules.check_transition({"status": NOT_STARTED}, TransitionRequest("搁置"), 0, TODAY)


def test_complete_needs_date_and_text():
    item = {"status": IN_PROGRESS}
    with pytest.raises(RuleViolation) as err:
        rules.check_transition(item, TransitionRequest(COMPLETED), 0, TODAY)
    assert "完成日期" in str(err.value) and "完成情况" in str(err.value)
    with pytest.raises(RuleViolation, match="完成情况") as err:
        rules.check_transition(item, TransitionRequest(COMPLETED, on_date=TODAY, completion="  "), 0, TODAY)
    assert "完成日期" not in str(err.value)
    with pytest.raises(RuleViolation, match="完成日期") as err:
        rules.check_transition(item, TransitionRequest(COMPLETED, completion="做了"), 0, TODAY)
    with pytest.raises(RuleViolation, match="晚于今天"):
        rules.check_transition(item, TransitionRequest(COMPLETED, on_date=TODAY + timedelta(days=1),
                                                       completion="做了"), 0, TODAY)
    changes = rules.check_transition(item, TransitionRequest(COMPLETED, on_date=TODAY, completion=" 做了 "), 0, TODAY)
    assert changes == {"status": COMPLETED, "completed_on": "2026-11-21", "completion": "做了"}


def test_close_needs_evidence_or_reason_and_approver():
    item = {"status": COMPLETED, "completed_on": "2026-11-10"}
    with pytest.raises(RuleViolation) as err:
        rules.check_transition(item, TransitionRequest(CLOSED), 0, TODAY)
    assert "佐证材料" in str(err.value) and "审批人" in str(err.value)
    with pytest.raises(RuleViolation, match="佐证材料") as err:
        rules.check_transition(item, TransitionRequest(CLOSED, approver="王建国"), 0, TODAY)
    assert "审批人" not in str(err.value)
    with pytest.raises(RuleViolation, match="审批人") as err:
        rules.check_transition(item, TransitionRequest(CLOSED), 2, TODAY)
    assert "佐证材料" not in str(err.value)
    with_reason = rules.check_transition(
        item, TransitionRequest(CLOSED, approver="王建国", no_evidence_reason="会议口头整改，无书面材料"), 0, TODAY)
    assert with_reason == {"status": CLOSED, "closed_on": "2026-11-21", "closed_by": "王建国",
                           "no_evidence_reason": "会议口头整改，无书面材料"}
    with_evidence = rules.check_transition(
        item, TransitionRequest(CLOSED, approver="王建国", on_date=date(2026, 11, 12)), 1, TODAY)
    assert with_evidence["closed_on"] == "2026-11-12" and with_evidence["no_evidence_reason"] == ""


def test_close_date_checked_against_completion_and_today():
    item = {"status": COMPLETED, "completed_on": "2026-11-10"}
    with pytest.raises(RuleViolation, match="早于完成日期"):
        rules.check_transition(item, TransitionRequest(CLOSED, approver="王", on_date=date(2026, 11, 9)), 1, TODAY)
    with pytest.raises(RuleViolation, match="晚于今天"):
        rules.check_transition(item, TransitionRequest(CLOSED, approver="王", on_date=date(2026, 11, 22)), 1, TODAY)


@pytest.mark.parametrize("current", [COMPLETED, CLOSED])
def test_reopen_needs_reason(current):
    item = {"status": current, "completed_on": "2026-11-10"}
    with pytest.raises(RuleViolation, match="必须写明原因"):
        rules.check_transition(item, TransitionRequest(IN_PROGRESS, reason="   "), 1, TODAY)
    changes = rules.check_transition(item, TransitionRequest(IN_PROGRESS, reason="问题反弹"), 1, TODAY)
    assert changes["status"] == IN_PROGRESS and changes["completed_on"] is None and changes["closed_on"] is None


@pytest.mark.parametrize("deadline, standing, status, overdue, due_soon", [
    (TODAY - timedelta(days=1), False, IN_PROGRESS, True, False),   # due yesterday
    (TODAY, False, IN_PROGRESS, False, True),                      # due today: not overdue
    (TODAY + timedelta(days=1), False, NOT_STARTED, False, True),   # due tomorrow
    (TODAY + timedelta(days=7), False, IN_PROGRESS, False, True),   # last due-soon day
    (TODAY + timedelta(days=8), False, IN_PROGRESS, False, False),
    (None, True, IN_PROGRESS, False, False),                        # 长期坚持 never overdue
    ("2020-01-01", True, NOT_STARTED, False, False),                # even with an old date left over
    (TODAY - timedelta(days=30), False, COMPLETED, False, False),
    (TODAY - timedelta(days=30), False, CLOSED, False, False),
    (None, False, NOT_STARTED, False, False),                        # no deadline yet
])
def test_overdue_and_due_soon(deadline, standing, status, overdue, due_soon):
    assert rules.is_overdue(deadline, standing, status, TODAY) is overdue
    assert rules.is_due_soon(deadline, standing, status, TODAY, 7) is due_soon


def test_due_soon_days_setting_respected():
    assert rules.is_due_soon(TODAY + timedelta(days=3), False, IN_PROGRESS, TODAY, 3)
    assert not rules.is_due_soon(TODAY + timedelta(days=4), False, IN_PROGRESS, TODAY, 3)


def test_numbers_and_cleaning():
    assert rules.format_number(2026, 7) == "ZG-2026-007"
    assert rules.format_number(2026, 1234) == "ZG-2026-1234"
    assert rules.parse_number(" ZG-2025-012 ") == (2025, 12)
    assert rules.parse_number("2025-12") is None
    data = rules.clean_item({"problem": "  x ", "source": "", "measures": ["a", " ", "b  c"], "standing": True,
                             "deadline": "2026-01-01"})
    assert data == {"problem": "x", "source": "其他", "measures": ["a", "b c"], "standing": 1, "deadline": None}
    with pytest.raises(RuleViolation, match="问题描述"):
        rules.clean_item({"problem": " "})
    with pytest.raises(RuleViolation, match="问题来源"):
        rules.clean_item({"source": "随便"})
    with pytest.raises(RuleViolation, match="无法识别"):
        rules.clean_item({"deadline": "明年"})
    assert rules.deadline_text(None, True) == "长期坚持"
    assert rules.completion_rate(0, 0) == 0.0 and rules.completion_rate(4, 1) == 0.25
