"""How a change of this desk is named on screen (sync details, refused changes).

A case command by its workflow action (派单, 回复 …), other mutations by their kind.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.domain.workflow import Action
from app.views.case_rows_model import interface_language


def change_label(what: str) -> str:
    """``what`` is a command's action code or a mutation kind (``case.create`` …)."""
    kinds = {
        "case.create": QCoreApplication.translate("ChangeLabel", "New case"),
        "case.update": QCoreApplication.translate("ChangeLabel", "Case fields edited"),
        "knowledge.flag": QCoreApplication.translate(
            "ChangeLabel", "Article flagged as outdated"
        ),
    }
    if what in kinds:
        return kinds[what]
    try:
        return Action(what).label(interface_language())
    except ValueError:
        return what
