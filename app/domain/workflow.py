"""The statuses of a work order, the actions that move it, and who may take them.

One table below is the whole workflow; the workstation reads it to offer only the
buttons a person may press, and the server reads it to enforce. ``transition`` answers
the new status or raises ``TransitionRefused`` with a message naming the action, the
status and the role in Chinese and English.

Transition table (``=`` keeps the status; roles: O operator, H department handler,
S supervisor, Y system; administrators and auditors take no case actions, keeping
system administration, audit and case handling apart as MLPS 2.0 asks)::

    action              from                                  to                 roles
    register            draft                                 registered         O S
    answer_on_call      draft, registered                     answered_on_call   O S
    emergency_transfer  draft, registered                     emergency_transf.  O S
    mark_invalid        draft, registered                     invalid            O S
    dispatch            registered                            dispatched         O S Y
    accept              dispatched, redo                      accepted           H
    request_return      dispatched, accepted                  return_requested   H
    approve_return      return_requested                      registered         S
    refuse_return       return_requested                      accepted           S
    request_extension   accepted, redo                        extension_req.     H
    approve_extension   extension_requested                   accepted           S
    refuse_extension    extension_requested                   accepted           S
    reply               accepted, redo                        reported_done      H
    start_callback      reported_done, answered_on_call       in_callback        O S Y
    callback_attempt    in_callback                           =                  O S
    callback_close      in_callback                           closed             O S
    callback_redo       in_callback                           redo               O S
    close               answered_on_call, emergency_transf.,  closed             S Y
                        invalid, reported_done, in_callback
    record_contact      accepted, extension_requested, redo   =                  H
    add_note            every status but draft                =                  O S
                        dispatched … redo, in_callback        =                  H
    mark_key_issue      every status but draft/invalid/closed =                  S
    leader_instruction  every status but draft/invalid/closed =                  S
    reassign            dispatched, accepted, redo            dispatched         S

Choices worth knowing:

- An approved return goes back to ``registered``: the centre then dispatches it to the
  unit the review named. A refused return counts as signed (``accepted``): the centre's
  decision makes the unit responsible, and its clock keeps running.
- A decided extension (approved or refused) returns to ``accepted``, also when it was
  asked for during a redo; the redo count lives on the case, not in the status.
- ``answered_on_call`` may still be sampled for a callback (``start_callback``).
"""

from enum import StrEnum

from app.domain.errors import TransitionRefused
from app.domain.vocabulary import Role, Status


class Action(StrEnum):
    """What a person (or the system) does to a work order. Values go on the wire."""

    REGISTER = "register"
    ANSWER_ON_CALL = "answer_on_call"
    EMERGENCY_TRANSFER = "emergency_transfer"
    MARK_INVALID = "mark_invalid"
    DISPATCH = "dispatch"
    ACCEPT = "accept"
    REQUEST_RETURN = "request_return"
    APPROVE_RETURN = "approve_return"
    REFUSE_RETURN = "refuse_return"
    REQUEST_EXTENSION = "request_extension"
    APPROVE_EXTENSION = "approve_extension"
    REFUSE_EXTENSION = "refuse_extension"
    REPLY = "reply"
    START_CALLBACK = "start_callback"
    CALLBACK_ATTEMPT = "callback_attempt"
    CALLBACK_CLOSE = "callback_close"
    CALLBACK_REDO = "callback_redo"
    CLOSE = "close"
    RECORD_CONTACT = "record_contact"
    ADD_NOTE = "add_note"
    MARK_KEY_ISSUE = "mark_key_issue"
    LEADER_INSTRUCTION = "leader_instruction"
    REASSIGN = "reassign"

    @property
    def label_zh(self) -> str:
        return _ACTION_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _ACTION_LABELS[self][1]

    def label(self, language: str = "zh") -> str:
        return self.label_zh if language.startswith("zh") else self.label_en


_ACTION_LABELS: dict[Action, tuple[str, str]] = {
    Action.REGISTER: ("受理", "register"),
    Action.ANSWER_ON_CALL: ("直接办结", "answer on the call"),
    Action.EMERGENCY_TRANSFER: ("即时转办", "transfer as an emergency"),
    Action.MARK_INVALID: ("标记无效", "mark invalid"),
    Action.DISPATCH: ("派单", "dispatch"),
    Action.ACCEPT: ("签收", "accept"),
    Action.REQUEST_RETURN: ("申请退单", "request a return"),
    Action.APPROVE_RETURN: ("同意退单", "approve the return"),
    Action.REFUSE_RETURN: ("驳回退单", "refuse the return"),
    Action.REQUEST_EXTENSION: ("申请延期", "request an extension"),
    Action.APPROVE_EXTENSION: ("批准延期", "approve the extension"),
    Action.REFUSE_EXTENSION: ("驳回延期", "refuse the extension"),
    Action.REPLY: ("办结答复", "reply"),
    Action.START_CALLBACK: ("开始回访", "start the callback"),
    Action.CALLBACK_ATTEMPT: ("记录回访", "record a callback attempt"),
    Action.CALLBACK_CLOSE: ("回访归档", "close after callback"),
    Action.CALLBACK_REDO: ("回访重办", "send back for redo"),
    Action.CLOSE: ("归档", "close"),
    Action.RECORD_CONTACT: ("记录联系", "record contact with the caller"),
    Action.ADD_NOTE: ("添加备注", "add a note"),
    Action.MARK_KEY_ISSUE: ("标记重点", "mark as a key issue"),
    Action.LEADER_INSTRUCTION: ("录入领导批示", "record a leader's instruction"),
    Action.REASSIGN: ("改派", "reassign"),
}

_O, _H, _S, _Y = Role.OPERATOR, Role.HANDLER, Role.SUPERVISOR, Role.SYSTEM
_ALL = frozenset(Status)
_HANDLER_VISIBLE = frozenset(
    {
        Status.DISPATCHED,
        Status.ACCEPTED,
        Status.RETURN_REQUESTED,
        Status.EXTENSION_REQUESTED,
        Status.REPORTED_DONE,
        Status.IN_CALLBACK,
        Status.REDO,
    }
)
_OPEN = _ALL - {Status.DRAFT, Status.INVALID, Status.CLOSED}

# (action, from statuses, to status or None to keep it, roles)
_RULES: list[tuple[Action, frozenset[Status], Status | None, frozenset[Role]]] = [
    (
        Action.REGISTER,
        frozenset({Status.DRAFT}),
        Status.REGISTERED,
        frozenset({_O, _S}),
    ),
    (
        Action.ANSWER_ON_CALL,
        frozenset({Status.DRAFT, Status.REGISTERED}),
        Status.ANSWERED_ON_CALL,
        frozenset({_O, _S}),
    ),
    (
        Action.EMERGENCY_TRANSFER,
        frozenset({Status.DRAFT, Status.REGISTERED}),
        Status.EMERGENCY_TRANSFERRED,
        frozenset({_O, _S}),
    ),
    (
        Action.MARK_INVALID,
        frozenset({Status.DRAFT, Status.REGISTERED}),
        Status.INVALID,
        frozenset({_O, _S}),
    ),
    (
        Action.DISPATCH,
        frozenset({Status.REGISTERED}),
        Status.DISPATCHED,
        frozenset({_O, _S, _Y}),
    ),
    (
        Action.ACCEPT,
        frozenset({Status.DISPATCHED, Status.REDO}),
        Status.ACCEPTED,
        frozenset({_H}),
    ),
    (
        Action.REQUEST_RETURN,
        frozenset({Status.DISPATCHED, Status.ACCEPTED}),
        Status.RETURN_REQUESTED,
        frozenset({_H}),
    ),
    (
        Action.APPROVE_RETURN,
        frozenset({Status.RETURN_REQUESTED}),
        Status.REGISTERED,
        frozenset({_S}),
    ),
    (
        Action.REFUSE_RETURN,
        frozenset({Status.RETURN_REQUESTED}),
        Status.ACCEPTED,
        frozenset({_S}),
    ),
    (
        Action.REQUEST_EXTENSION,
        frozenset({Status.ACCEPTED, Status.REDO}),
        Status.EXTENSION_REQUESTED,
        frozenset({_H}),
    ),
    (
        Action.APPROVE_EXTENSION,
        frozenset({Status.EXTENSION_REQUESTED}),
        Status.ACCEPTED,
        frozenset({_S}),
    ),
    (
        Action.REFUSE_EXTENSION,
        frozenset({Status.EXTENSION_REQUESTED}),
        Status.ACCEPTED,
        frozenset({_S}),
    ),
    (
        Action.REPLY,
        frozenset({Status.ACCEPTED, Status.REDO}),
        Status.REPORTED_DONE,
        frozenset({_H}),
    ),
    (
        Action.START_CALLBACK,
        frozenset({Status.REPORTED_DONE, Status.ANSWERED_ON_CALL}),
        Status.IN_CALLBACK,
        frozenset({_O, _S, _Y}),
    ),
    (
        Action.CALLBACK_ATTEMPT,
        frozenset({Status.IN_CALLBACK}),
        None,
        frozenset({_O, _S}),
    ),
    (
        Action.CALLBACK_CLOSE,
        frozenset({Status.IN_CALLBACK}),
        Status.CLOSED,
        frozenset({_O, _S}),
    ),
    (
        Action.CALLBACK_REDO,
        frozenset({Status.IN_CALLBACK}),
        Status.REDO,
        frozenset({_O, _S}),
    ),
    (
        Action.CLOSE,
        frozenset(
            {
                Status.ANSWERED_ON_CALL,
                Status.EMERGENCY_TRANSFERRED,
                Status.INVALID,
                Status.REPORTED_DONE,
                Status.IN_CALLBACK,
            }
        ),
        Status.CLOSED,
        frozenset({_S, _Y}),
    ),
    (
        Action.RECORD_CONTACT,
        frozenset({Status.ACCEPTED, Status.EXTENSION_REQUESTED, Status.REDO}),
        None,
        frozenset({_H}),
    ),
    (Action.ADD_NOTE, _ALL - {Status.DRAFT}, None, frozenset({_O, _S})),
    (Action.ADD_NOTE, _HANDLER_VISIBLE, None, frozenset({_H})),
    (Action.MARK_KEY_ISSUE, _OPEN, None, frozenset({_S})),
    (Action.LEADER_INSTRUCTION, _OPEN, None, frozenset({_S})),
    (
        Action.REASSIGN,
        frozenset({Status.DISPATCHED, Status.ACCEPTED, Status.REDO}),
        Status.DISPATCHED,
        frozenset({_S}),
    ),
]


def _build_table() -> dict[tuple[Status, Action], tuple[Status, frozenset[Role]]]:
    table: dict[tuple[Status, Action], tuple[Status, frozenset[Role]]] = {}
    for action, sources, target, roles in _RULES:
        for source in sources:
            key = (source, action)
            new_status = source if target is None else target
            if key in table:
                # Several rows for one (status, action) must agree on where it leads.
                assert table[key][0] == new_status
                roles = roles | table[key][1]
            table[key] = (new_status, roles)
    return table


#: (status, action) -> (new status, roles allowed). Absent pairs are never allowed.
TRANSITIONS: dict[tuple[Status, Action], tuple[Status, frozenset[Role]]] = (
    _build_table()
)


def transition(status: Status, action: Action, role: Role) -> Status:
    """The status after ``role`` takes ``action`` on a case in ``status``.

    Raises TransitionRefused when the action is impossible in that status, or when the
    role may not take it.
    """
    entry = TRANSITIONS.get((status, action))
    if entry is None:
        raise TransitionRefused(
            f"“{status.label_zh}”状态的工单不能“{action.label_zh}”"
            f"（操作人角色：{role.label_zh}）",
            f"A case in status {status.label_en} cannot be given the action"
            f" '{action.label_en}' (role: {role.label_en})",
        )
    new_status, roles = entry
    if role not in roles:
        allowed_zh = "、".join(r.label_zh for r in Role if r in roles)
        allowed_en = ", ".join(r.label_en for r in Role if r in roles)
        raise TransitionRefused(
            f"“{role.label_zh}”无权对“{status.label_zh}”状态的工单执行“{action.label_zh}”，"
            f"此操作由{allowed_zh}执行",
            f"The role {role.label_en} may not '{action.label_en}' a case in status"
            f" {status.label_en}; this is done by: {allowed_en}",
        )
    return new_status


def allowed_actions(status: Status, role: Role) -> list[Action]:
    """The actions ``role`` may take on a case in ``status``, in declaration order."""
    return [
        action
        for action in Action
        if (entry := TRANSITIONS.get((status, action))) is not None and role in entry[1]
    ]


def is_allowed(status: Status, action: Action, role: Role) -> bool:
    """Whether ``transition`` would succeed."""
    entry = TRANSITIONS.get((status, action))
    return entry is not None and role in entry[1]
