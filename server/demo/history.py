"""The records of one generated case: events, callback attempts, contact records."""

from __future__ import annotations

from datetime import datetime
from random import Random
from typing import Any

from server.demo.draws import draw_uuid
from server.demo.statuses import IN_CALLBACK


class CaseHistory:
    """Appends events, attempts, notes and contact records to one case dict."""

    __slots__ = ("case", "rng")

    def __init__(self, case: dict[str, Any], rng: Random) -> None:
        self.case = case
        self.rng = rng

    def _id(self) -> str:
        return draw_uuid(self.rng)

    def add(
        self,
        at: datetime,
        actor: str,
        role: str,
        action: str,
        before: str,
        after: str,
        reason: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        self.case["events"].append(
            {
                "id": self._id(),
                "case_id": self.case["id"],
                "at": at,
                "actor": actor,
                "action": action,
                "from_status": before,
                "to_status": after,
                "reason": reason,
                "data": {"role": role, **(data or {})},
            }
        )
        self.case["updated_at"] = at

    def attempt(self, at: datetime, agent: str, reached: bool, note: str) -> None:
        self.case["callback_attempts"].append(
            {
                "id": self._id(),
                "case_id": self.case["id"],
                "attempted_at": at,
                "reached": reached,
                "agent": agent,
                "note": note,
            }
        )
        self.add(
            at,
            agent,
            "operator",
            "callback_attempt",
            IN_CALLBACK,
            IN_CALLBACK,
            None,
            {"reached": reached},
        )

    def contact(self, at: datetime, unit: str, method: str, handler: str) -> None:
        self.case.setdefault("contact_records", []).append(
            {
                "id": self._id(),
                "case_id": self.case["id"],
                "unit_code": unit,
                "contacted_at": at,
                "method": method,
                "summary": "承办单位已与来电人直接联系，说明处理措施和时限。",
                "created_by": handler,
            }
        )
