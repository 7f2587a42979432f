"""Which closing-the-loop panels a signed-in user gets, built for the main window."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from app.domain.vocabulary import Role
from app.views.callback_panel import CallbackPanel
from app.views.handler_panel import HandlerPanel
from app.views.loop_store import LoopStore
from app.views.supervisor_panel import SupervisorPanel
from app.views.tasks import TaskRunner


def loop_panels(
    runner: TaskRunner, desk: Any, operator: Any
) -> tuple[QWidget, QWidget]:
    """The callback workbench and the queues panel for the operator's role.

    A handler's queues are the unit's own; everyone else sees the supervisor's
    queues (the rules refuse the actions their role may not take).
    """
    try:
        role = Role(getattr(operator, "role", "") or Role.OPERATOR.value)
    except ValueError:
        role = Role.OPERATOR
    unit = getattr(operator, "unit_code", None)
    store = LoopStore.for_desk(desk, role, unit)
    callbacks = CallbackPanel(runner, store)
    if role == Role.HANDLER:
        return callbacks, HandlerPanel(runner, store)
    return callbacks, SupervisorPanel(runner, store)
