"""Every (status, action, role) triple against the table documented in workflow.py.

The expected table is written out again here, by hand from the module docstring, so a
change to the rules in one place and not the other fails.
"""

import itertools

import pytest

from app.domain.errors import DomainError, TransitionRefused
from app.domain.vocabulary import Role, Status
from app.domain.workflow import Action, allowed_actions, is_allowed, transition

S = Status
OP, H, SV, Y = Role.OPERATOR, Role.HANDLER, Role.SUPERVISOR, Role.SYSTEM
NOT_DRAFT = set(Status) - {S.DRAFT}
OPEN = set(Status) - {S.DRAFT, S.INVALID, S.CLOSED}
HANDLER_SEES = {
    S.DISPATCHED,
    S.ACCEPTED,
    S.RETURN_REQUESTED,
    S.EXTENSION_REQUESTED,
    S.REPORTED_DONE,
    S.IN_CALLBACK,
    S.REDO,
}

# action -> list of (from statuses, to status or None for "unchanged", roles)
DOCUMENTED: dict[Action, list[tuple[set[Status], Status | None, set[Role]]]] = {
    Action.REGISTER: [({S.DRAFT}, S.REGISTERED, {OP, SV})],
    Action.ANSWER_ON_CALL: [({S.DRAFT, S.REGISTERED}, S.ANSWERED_ON_CALL, {OP, SV})],
    Action.EMERGENCY_TRANSFER: [
        ({S.DRAFT, S.REGISTERED}, S.EMERGENCY_TRANSFERRED, {OP, SV})
    ],
    Action.MARK_INVALID: [({S.DRAFT, S.REGISTERED}, S.INVALID, {OP, SV})],
    Action.DISPATCH: [({S.REGISTERED}, S.DISPATCHED, {OP, SV, Y})],
    Action.ACCEPT: [({S.DISPATCHED, S.REDO}, S.ACCEPTED, {H})],
    Action.REQUEST_RETURN: [({S.DISPATCHED, S.ACCEPTED}, S.RETURN_REQUESTED, {H})],
    Action.APPROVE_RETURN: [({S.RETURN_REQUESTED}, S.REGISTERED, {SV})],
    Action.REFUSE_RETURN: [({S.RETURN_REQUESTED}, S.ACCEPTED, {SV})],
    Action.REQUEST_EXTENSION: [({S.ACCEPTED, S.REDO}, S.EXTENSION_REQUESTED, {H})],
    Action.APPROVE_EXTENSION: [({S.EXTENSION_REQUESTED}, S.ACCEPTED, {SV})],
    Action.REFUSE_EXTENSION: [({S.EXTENSION_REQUESTED}, S.ACCEPTED, {SV})],
    Action.REPLY: [({S.ACCEPTED, S.REDO}, S.REPORTED_DONE, {H})],
    Action.START_CALLBACK: [
        ({S.REPORTED_DONE, S.ANSWERED_ON_CALL}, S.IN_CALLBACK, {OP, SV, Y})
    ],
    Action.CALLBACK_ATTEMPT: [({S.IN_CALLBACK}, None, {OP, SV})],
    Action.CALLBACK_CLOSE: [({S.IN_CALLBACK}, S.CLOSED, {OP, SV})],
    Action.CALLBACK_REDO: [({S.IN_CALLBACK}, S.REDO, {OP, SV})],
    Action.CLOSE: [
        (
            {
                S.ANSWERED_ON_CALL,
                S.EMERGENCY_TRANSFERRED,
                S.INVALID,
                S.REPORTED_DONE,
                S.IN_CALLBACK,
            },
            S.CLOSED,
            {SV, Y},
        )
    ],
    Action.RECORD_CONTACT: [({S.ACCEPTED, S.EXTENSION_REQUESTED, S.REDO}, None, {H})],
    Action.ADD_NOTE: [(NOT_DRAFT, None, {OP, SV}), (HANDLER_SEES, None, {H})],
    Action.MARK_KEY_ISSUE: [(OPEN, None, {SV})],
    Action.LEADER_INSTRUCTION: [(OPEN, None, {SV})],
    Action.REASSIGN: [({S.DISPATCHED, S.ACCEPTED, S.REDO}, S.DISPATCHED, {SV})],
}


def expected(status: Status, action: Action, role: Role) -> Status | None:
    """The documented outcome, or None when refused."""
    for sources, target, roles in DOCUMENTED[action]:
        if status in sources and role in roles:
            return status if target is None else target
    return None


MATRIX = list(itertools.product(Status, Action, Role))


def test_documented_table_covers_every_action() -> None:
    assert set(DOCUMENTED) == set(Action)


def check_one(status: Status, action: Action, role: Role) -> None:
    outcome = expected(status, action, role)
    if outcome is None:
        assert not is_allowed(status, action, role)
        with pytest.raises(TransitionRefused) as refused:
            transition(status, action, role)
        err = refused.value
        assert isinstance(err, DomainError)
        # The message names the action, the status and the role in both languages.
        for text in (action.label_zh, status.label_zh, role.label_zh):
            assert text in err.message_zh
        for text in (action.label_en, status.label_en, role.label_en):
            assert text in err.message_en
        assert str(err) == f"{err.message_zh} / {err.message_en}"
    else:
        assert is_allowed(status, action, role)
        assert transition(status, action, role) is outcome


# One test per status keeps the run short; a failure names the triple.
@pytest.mark.parametrize("status", list(Status))
def test_matrix(status: Status) -> None:
    for action, role in itertools.product(Action, Role):
        try:
            check_one(status, action, role)
        except AssertionError as exc:
            raise AssertionError(f"{status} / {action} / {role}: {exc}") from exc


def test_allowed_and_refused_counts_are_plausible() -> None:
    allowed = [t for t in MATRIX if expected(*t) is not None]
    assert 60 < len(allowed) < len(MATRIX) - 1000


def test_allowed_actions_matches_matrix() -> None:
    for status, role in itertools.product(Status, Role):
        assert allowed_actions(status, role) == [
            a for a in Action if expected(status, a, role) is not None
        ], (status, role)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.AUDITOR])
def test_admin_and_auditor_take_no_case_action(role: Role) -> None:
    assert all(allowed_actions(status, role) == [] for status in Status)


def test_closed_loop_walk() -> None:
    steps = [
        (Action.REGISTER, OP, S.REGISTERED),
        (Action.DISPATCH, OP, S.DISPATCHED),
        (Action.REQUEST_RETURN, H, S.RETURN_REQUESTED),
        (Action.APPROVE_RETURN, SV, S.REGISTERED),
        (Action.DISPATCH, SV, S.DISPATCHED),
        (Action.ACCEPT, H, S.ACCEPTED),
        (Action.RECORD_CONTACT, H, S.ACCEPTED),
        (Action.REQUEST_EXTENSION, H, S.EXTENSION_REQUESTED),
        (Action.APPROVE_EXTENSION, SV, S.ACCEPTED),
        (Action.REPLY, H, S.REPORTED_DONE),
        (Action.START_CALLBACK, OP, S.IN_CALLBACK),
        (Action.CALLBACK_ATTEMPT, OP, S.IN_CALLBACK),
        (Action.CALLBACK_REDO, OP, S.REDO),
        (Action.ACCEPT, H, S.ACCEPTED),
        (Action.REPLY, H, S.REPORTED_DONE),
        (Action.START_CALLBACK, Y, S.IN_CALLBACK),
        (Action.CALLBACK_CLOSE, OP, S.CLOSED),
    ]
    status = S.DRAFT
    for action, role, after in steps:
        status = transition(status, action, role)
        assert status is after, action


def test_refusal_wording_distinguishes_role_from_status() -> None:
    with pytest.raises(TransitionRefused) as wrong_role:
        transition(S.DISPATCHED, Action.ACCEPT, OP)
    assert "无权" in wrong_role.value.message_zh
    assert "承办单位联络员" in wrong_role.value.message_zh
    with pytest.raises(TransitionRefused) as wrong_status:
        transition(S.CLOSED, Action.DISPATCH, SV)
    assert "不能" in wrong_status.value.message_zh
    assert wrong_status.value.code == "transition_refused"
