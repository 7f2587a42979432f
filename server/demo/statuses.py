"""Which statuses the case stream draws, how often, and their plain string values."""

from __future__ import annotations

from app.domain.vocabulary import Status

# Share of each status in a year of calls; most calls are answered on the phone.
STATUS_WEIGHTS: dict[Status, float] = {
    Status.ANSWERED_ON_CALL: 80.0,
    Status.CLOSED: 8.5,
    Status.INVALID: 3.0,
    Status.EMERGENCY_TRANSFERRED: 0.8,
    Status.DRAFT: 0.2,
    Status.REGISTERED: 0.5,
    Status.DISPATCHED: 1.2,
    Status.ACCEPTED: 2.2,
    Status.RETURN_REQUESTED: 0.4,
    Status.EXTENSION_REQUESTED: 0.4,
    Status.REPORTED_DONE: 1.0,
    Status.IN_CALLBACK: 1.2,
    Status.REDO: 0.6,
}
_OPEN = {
    Status.DRAFT,
    Status.REGISTERED,
    Status.DISPATCHED,
    Status.ACCEPTED,
    Status.RETURN_REQUESTED,
    Status.EXTENSION_REQUESTED,
    Status.REPORTED_DONE,
    Status.IN_CALLBACK,
    Status.REDO,
}

# Plain strings: enum attribute access costs a Python call per use.
DRAFT = Status.DRAFT.value
REGISTERED = Status.REGISTERED.value
ANSWERED_ON_CALL = Status.ANSWERED_ON_CALL.value
EMERGENCY_TRANSFERRED = Status.EMERGENCY_TRANSFERRED.value
INVALID = Status.INVALID.value
DISPATCHED = Status.DISPATCHED.value
ACCEPTED = Status.ACCEPTED.value
RETURN_REQUESTED = Status.RETURN_REQUESTED.value
EXTENSION_REQUESTED = Status.EXTENSION_REQUESTED.value
REPORTED_DONE = Status.REPORTED_DONE.value
IN_CALLBACK = Status.IN_CALLBACK.value
REDO = Status.REDO.value
CLOSED = Status.CLOSED.value
OPEN_VALUES = frozenset(s.value for s in _OPEN)
