"""Who is calling: the authenticated user behind a request."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    role: str
    unit_code: str | None
    device_id: str
