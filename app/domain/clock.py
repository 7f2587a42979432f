"""The hotline's clock.

Times are stored in UTC and shown, counted into working days and summed per local day
in China Standard Time: one zone for the whole country, without daylight saving.
Deliberately tiny: the workstation's start-up imports it, and must not pay for the
holiday calendar's packages to get a time zone.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

CHINA_TIME = ZoneInfo("Asia/Shanghai")
