"""The unreachable-caller schedule, the checklist rules and the disagreement flag."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.domain.callback_rules import (
    Attempt,
    AttemptState,
    contact_disagreement,
    missing_answers,
    next_calling_slot,
    plan_callback,
    redo_reasons,
    visible_questions,
)
from app.domain.reference import load_checklists
from app.domain.vocabulary import RequestType

TEMPLATES = load_checklists()
CONSULT = TEMPLATES[RequestType.CONSULTATION]
COMPLAINT = TEMPLATES[RequestType.COMPLAINT]


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2026, given in Shanghai time (UTC+8)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


def test_first_attempt_is_due_now_inside_calling_hours() -> None:
    plan = plan_callback(CONSULT.attempts, [], local(2, 9))
    assert plan.state is AttemptState.DUE
    assert plan.next_attempt_at == local(2, 9)
    assert plan.attempts_left == CONSULT.attempts.max_attempts


def test_failed_attempt_waits_the_interval() -> None:
    attempts = [Attempt(local(2, 9), reached=False)]
    waiting = plan_callback(CONSULT.attempts, attempts, local(2, 10))
    assert waiting.state is AttemptState.WAIT
    assert waiting.next_attempt_at == local(2, 11)
    due = plan_callback(CONSULT.attempts, attempts, local(2, 11, 30))
    assert due.state is AttemptState.DUE
    assert due.attempts_made == 1


def test_retry_skips_the_lunch_gap_and_the_night() -> None:
    after_lunch = plan_callback(
        CONSULT.attempts, [Attempt(local(2, 11), False)], local(2, 11, 1)
    )
    assert after_lunch.next_attempt_at == local(2, 14)
    next_morning = plan_callback(
        CONSULT.attempts, [Attempt(local(2, 17), False)], local(2, 17, 1)
    )
    assert next_morning.next_attempt_at == local(3, 8, 30)


def test_friday_evening_retry_waits_for_monday() -> None:
    slot = next_calling_slot(local(6, 19), CONSULT.attempts)
    assert slot == local(9, 8, 30)


def test_unreachable_after_the_rules_attempts() -> None:
    attempts = [Attempt(local(2, h), False) for h in (9, 11, 14)]
    plan = plan_callback(CONSULT.attempts, attempts, local(2, 17))
    assert plan.state is AttemptState.UNREACHABLE
    assert plan.unreachable_outcome == "close_unreached"
    complaint = plan_callback(COMPLAINT.attempts, attempts, local(2, 17))
    assert complaint.unreachable_outcome == "supervisor_review"
    praise = TEMPLATES[RequestType.PRAISE].attempts
    one = plan_callback(praise, attempts[:1], local(2, 10))
    assert one.state is AttemptState.UNREACHABLE


def test_unreachable_when_the_working_days_run_out() -> None:
    # First try Monday; the window is two working days, so Thursday is too late.
    attempts = [Attempt(local(2, 9), False), Attempt(local(4, 17, 50), False)]
    plan = plan_callback(CONSULT.attempts, attempts, local(4, 17, 55))
    assert plan.state is AttemptState.UNREACHABLE
    assert plan.attempts_made == 2


def test_reached_caller_ends_the_schedule() -> None:
    attempts = [Attempt(local(2, 9), False), Attempt(local(2, 11), True)]
    plan = plan_callback(CONSULT.attempts, attempts, local(2, 12))
    assert plan.state is AttemptState.REACHED


@pytest.mark.parametrize(
    ("unit", "caller", "flagged"),
    [
        (True, False, True),
        (False, True, True),
        (True, True, False),
        (True, None, False),
    ],
)
def test_disagreement_flag(unit: bool, caller: bool | None, flagged: bool) -> None:
    result = contact_disagreement(unit, caller)
    assert (result is not None) is flagged
    if result is not None:
        assert result.unit_recorded_contact is unit
        assert result.message_zh and result.message_en


def test_checklist_questions_follow_earlier_answers() -> None:
    unreached = [q.key for q in visible_questions(CONSULT, {"reached": False})]
    assert unreached == ["reached", "notes"]
    assert missing_answers(CONSULT, {"reached": False}) == []
    missing = missing_answers(CONSULT, {"reached": True, "identity_confirmed": True})
    assert [q.key for q in missing] == ["unit_contacted", "resolution", "satisfaction"]


def test_redo_reasons_follow_the_template() -> None:
    assert redo_reasons(CONSULT, {"resolution": "unresolved"}) == ["resolution"]
    assert redo_reasons(CONSULT, {"resolution": "resolved"}) == []
    assert redo_reasons(COMPLAINT, {"unit_contacted": False}) == ["unit_contacted"]
