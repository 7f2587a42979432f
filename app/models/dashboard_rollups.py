"""The dashboard's rollup tables and the SQLite triggers that keep them exact.

Three tables hold the cached cases already grouped (cache revision 0005): counts per
UTC hour and request type, per local day and category, and the on-time rate per local
day. Triggers on cases and case_events add and take away each case's part on every
write path (the ORM, the sync's Core upserts, deletes), so `app.models.dashboard` reads
a few thousand rollup rows instead of grouping the cases. The definitions here serve
the revision that creates them, the recount, and the sync, which drops the triggers
through a first download into an empty cache and restores them at its end.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)

# Each case is counted by its current row: a case counts towards volumes and rates
# when it is neither deleted nor a draft (as the dashboard's figures define them).

HOURS = "dashboard_hours"
DAYS = "dashboard_days"

# Each case adds these to its (UTC hour, request type, requester type) row. The hour
# is a prefix of the stored UTC text; Python maps hours to the hotline's local ones.
_HOUR_KEY = ("utc_hour", "request_type", "requester_type")
_HOUR_COUNTS = {
    "cases": "1",
    "valid": "{r}.status <> 'invalid'",
    "on_call": (
        "IFNULL({r}.status = 'answered_on_call'"
        " OR {r}.handling_mode = 'answered_on_call', 0)"
    ),
    "finished": (
        "IFNULL({r}.status IN ('reported_done', 'in_callback', 'closed')"
        " OR {r}.satisfaction IS NOT NULL, 0)"
    ),
    "answered": "{r}.satisfaction IS NOT NULL",
    "pleased": "IFNULL({r}.satisfaction IN ('satisfied', 'mostly'), 0)",
}
# Each categorised case adds 1 to its (local day, category, requester type) row. The
# local day is the Asia/Shanghai one: UTC+8 with no daylight saving since 1991.
_DAY_KEY = ("local_day", "category_code", "requester_type")

# The columns whose change can move a case between rollup rows or counts.
WATCHED = (
    "created_at",
    "deleted",
    "status",
    "request_type",
    "requester_type",
    "handling_mode",
    "satisfaction",
    "category_code",
)


def _counted(r: str) -> str:
    return f"{r}.deleted = 0 AND {r}.status <> 'draft'"


def _add_hour(r: str, sign: int) -> str:
    """Add (sign 1) or take away (sign -1) the case row r's part of its hour row."""
    columns = ", ".join(_HOUR_KEY + tuple(_HOUR_COUNTS))
    values = ", ".join(
        [f"substr({r}.created_at, 1, 13)", f"{r}.request_type", f"{r}.requester_type"]
        + [f"{sign} * ({expr.format(r=r)})" for expr in _HOUR_COUNTS.values()]
    )
    updates = ", ".join(f"{name} = {name} + excluded.{name}" for name in _HOUR_COUNTS)
    # The WHERE also keeps SQLite from reading ON CONFLICT as a join constraint.
    return (
        f"INSERT INTO {HOURS} ({columns}) SELECT {values} WHERE {_counted(r)} "
        f"ON CONFLICT ({', '.join(_HOUR_KEY)}) DO UPDATE SET {updates};"
    )


def _add_day(r: str, sign: int) -> str:
    """Add or take away the case row r's 1 in its day-category row."""
    return (
        f"INSERT INTO {DAYS} ({', '.join(_DAY_KEY)}, cases) "
        f"SELECT date({r}.created_at, '+8 hours'), {r}.category_code, "
        f"{r}.requester_type, {sign} "
        f"WHERE {_counted(r)} AND {r}.category_code IS NOT NULL "
        f"ON CONFLICT ({', '.join(_DAY_KEY)}) DO UPDATE SET cases = cases + {sign};"
    )


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"OLD.{name} IS NOT NEW.{name}" for name in columns)


ROLLUP_TRIGGERS = {
    "trg_cases_dashboard_insert": (
        f"AFTER INSERT ON cases WHEN {_counted('NEW')} BEGIN "
        f"{_add_hour('NEW', 1)} {_add_day('NEW', 1)} END"
    ),
    "trg_cases_dashboard_delete": (
        f"AFTER DELETE ON cases WHEN {_counted('OLD')} BEGIN "
        f"{_add_hour('OLD', -1)} {_add_day('OLD', -1)} END"
    ),
    "trg_cases_dashboard_update": (
        f"AFTER UPDATE OF {', '.join(WATCHED)} ON cases WHEN {_changed(WATCHED)} "
        f"BEGIN {_add_hour('OLD', -1)} {_add_day('OLD', -1)} "
        f"{_add_hour('NEW', 1)} {_add_day('NEW', 1)} END"
    ),
}

# The on-time rate, per (local day, requester type): of the dispatched cases the unit
# reported done, how many had their first reply by the finish deadline. A case's part
# depends on its row and on its reply events, so triggers on both tables keep it.
ON_TIME = "dashboard_on_time"
_ON_TIME_KEY = ("local_day", "requester_type")
ON_TIME_WATCHED = (
    "created_at",
    "deleted",
    "due_at",
    "status",
    "satisfaction",
    "requester_type",
)


def _finished(r: str) -> str:
    return (
        f"{r}.deleted = 0 AND {r}.due_at IS NOT NULL "
        f"AND ({r}.status IN ('reported_done', 'in_callback', 'closed') "
        f"OR {r}.satisfaction IS NOT NULL)"
    )


def _first_reply(r: str) -> str:
    return (
        "(SELECT MIN(e.at) FROM case_events AS e "
        f"WHERE e.case_id = {r}.id AND e.action = 'reply')"
    )


def _in_time(r: str) -> str:
    return f"COALESCE({_first_reply(r)} <= {r}.due_at, 0)"


def _add_case_on_time(r: str, sign: int) -> str:
    """Add or take away case row r's part; its reply events are as they were."""
    return (
        f"INSERT INTO {ON_TIME} ({', '.join(_ON_TIME_KEY)}, finished, on_time) "
        f"SELECT date({r}.created_at, '+8 hours'), {r}.requester_type, {sign}, "
        f"{sign} * {_in_time(r)} WHERE {_finished(r)} "
        f"ON CONFLICT ({', '.join(_ON_TIME_KEY)}) DO UPDATE SET "
        "finished = finished + excluded.finished, on_time = on_time + excluded.on_time;"
    )


def _reply_moved(
    case_id: str, *, changed_id: str | None, old: bool, only_if: str = "1"
) -> str:
    """Correct the on-time count of case case_id after a reply event changed.

    Its first reply now is read from the table; before the change it was the first
    of the other events (changed_id: the changed row, now in the table) and of the
    OLD row when there was one.
    """
    before = "SELECT e.at FROM case_events AS e WHERE e.case_id = c.id"
    before += " AND e.action = 'reply'"
    if changed_id is not None:
        before += f" AND e.id <> {changed_id}"
    if old:
        before += " UNION ALL SELECT OLD.at WHERE OLD.case_id = c.id"
        before += " AND OLD.action = 'reply'"
    return (
        f"INSERT INTO {ON_TIME} ({', '.join(_ON_TIME_KEY)}, finished, on_time) "
        "SELECT date(c.created_at, '+8 hours'), c.requester_type, 0, "
        f"{_in_time('c')} - COALESCE((SELECT MIN(at) FROM ({before})) <= c.due_at, 0) "
        f"FROM cases AS c WHERE c.id = {case_id} AND {_finished('c')} AND {only_if} "
        f"ON CONFLICT ({', '.join(_ON_TIME_KEY)}) DO UPDATE SET "
        "on_time = on_time + excluded.on_time;"
    )


def _reply_added() -> str:
    """A new reply puts its case on time only if it is in time and no other one is.

    The common write (a first download brings every reply), so it takes one index
    probe instead of recomputing the first reply twice.
    """
    return (
        f"INSERT INTO {ON_TIME} ({', '.join(_ON_TIME_KEY)}, finished, on_time) "
        "SELECT date(c.created_at, '+8 hours'), c.requester_type, 0, 1 "
        f"FROM cases AS c WHERE c.id = NEW.case_id AND {_finished('c')} "
        "AND NEW.at <= c.due_at AND NOT EXISTS (SELECT 1 FROM case_events AS e "
        "WHERE e.case_id = c.id AND e.action = 'reply' AND e.at <= c.due_at "
        "AND e.id <> NEW.id) "
        f"ON CONFLICT ({', '.join(_ON_TIME_KEY)}) DO UPDATE SET "
        "on_time = on_time + 1;"
    )


_EVENT_CHANGED = (
    "(OLD.case_id IS NOT NEW.case_id OR OLD.action IS NOT NEW.action "
    "OR OLD.at IS NOT NEW.at) AND 'reply' IN (OLD.action, NEW.action)"
)
# An event moved to another case corrects that case too.
_MOVED = "NEW.case_id IS NOT OLD.case_id"
ROLLUP_TRIGGERS |= {
    "trg_cases_on_time_insert": (
        f"AFTER INSERT ON cases WHEN {_finished('NEW')} BEGIN "
        f"{_add_case_on_time('NEW', 1)} END"
    ),
    "trg_cases_on_time_delete": (
        f"AFTER DELETE ON cases WHEN {_finished('OLD')} BEGIN "
        f"{_add_case_on_time('OLD', -1)} END"
    ),
    "trg_cases_on_time_update": (
        f"AFTER UPDATE OF {', '.join(ON_TIME_WATCHED)} ON cases "
        f"WHEN {_changed(ON_TIME_WATCHED)} BEGIN "
        f"{_add_case_on_time('OLD', -1)} {_add_case_on_time('NEW', 1)} END"
    ),
    "trg_case_events_on_time_insert": (
        "AFTER INSERT ON case_events WHEN NEW.action = 'reply' BEGIN "
        f"{_reply_added()} END"
    ),
    "trg_case_events_on_time_delete": (
        "AFTER DELETE ON case_events WHEN OLD.action = 'reply' BEGIN "
        f"{_reply_moved('OLD.case_id', changed_id=None, old=True)} END"
    ),
    "trg_case_events_on_time_update": (
        f"AFTER UPDATE OF case_id, action, at ON case_events WHEN {_EVENT_CHANGED} "
        f"BEGIN {_reply_moved('OLD.case_id', changed_id='NEW.id', old=True)} "
        f"{_reply_moved('NEW.case_id', changed_id='NEW.id', old=True, only_if=_MOVED)} "
        "END"
    ),
}


def _table(name: str, columns: str, key: tuple[str, ...]) -> str:
    return (
        f"CREATE TABLE {name} ({columns}, PRIMARY KEY ({', '.join(key)})) WITHOUT ROWID"
    )


ROLLUP_TABLES = {
    HOURS: _table(
        HOURS,
        "utc_hour VARCHAR(13) NOT NULL, request_type VARCHAR(16) NOT NULL, "
        "requester_type VARCHAR(16) NOT NULL, "
        + ", ".join(f"{name} INTEGER NOT NULL" for name in _HOUR_COUNTS),
        _HOUR_KEY,
    ),
    DAYS: _table(
        DAYS,
        "local_day VARCHAR(10) NOT NULL, category_code VARCHAR(32) NOT NULL, "
        "requester_type VARCHAR(16) NOT NULL, cases INTEGER NOT NULL",
        _DAY_KEY,
    ),
    ON_TIME: _table(
        ON_TIME,
        "local_day VARCHAR(10) NOT NULL, requester_type VARCHAR(16) NOT NULL, "
        "finished INTEGER NOT NULL, on_time INTEGER NOT NULL",
        _ON_TIME_KEY,
    ),
}


def rollup_recount() -> list[str]:
    """Statements that fill the (empty) rollup tables from the cases as they are."""
    sums = ", ".join(f"SUM({expr.format(r='c')})" for expr in _HOUR_COUNTS.values())
    return [
        f"INSERT INTO {HOURS} SELECT substr(c.created_at, 1, 13), c.request_type, "
        f"c.requester_type, {sums} FROM cases AS c WHERE {_counted('c')} "
        "GROUP BY 1, 2, 3",
        f"INSERT INTO {DAYS} SELECT date(c.created_at, '+8 hours'), c.category_code, "
        f"c.requester_type, COUNT(*) FROM cases AS c WHERE {_counted('c')} "
        "AND c.category_code IS NOT NULL GROUP BY 1, 2, 3",
        f"INSERT INTO {ON_TIME} SELECT date(c.created_at, '+8 hours'), "
        f"c.requester_type, COUNT(*), SUM({_in_time('c')}) FROM cases AS c "
        f"WHERE {_finished('c')} GROUP BY 1, 2",
    ]


def defer_rollups(session: Session) -> bool:
    """Drop the rollup triggers while the cases table is empty; True if dropped.

    For a first download, like the case indexes: counting row by row through the
    triggers halves the apply rate (bench/dashboard.py --apply-rate), recounting at
    the end costs a few seconds per million cases. restore_rollups must follow in
    the download's last transaction (or on the next run after a crash).
    """
    if session.execute(text("SELECT 1 FROM cases LIMIT 1")).first() is not None:
        return False
    for name in ROLLUP_TRIGGERS:
        session.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    logger.info("dashboard rollup triggers deferred for the first download")
    return True


def restore_rollups(session: Session) -> None:
    """Recount the rollups and recreate their triggers if any is missing; idempotent."""
    present = set(
        session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
    )
    if present.issuperset(ROLLUP_TRIGGERS):
        return
    for name in ROLLUP_TRIGGERS:
        session.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    for table in ROLLUP_TABLES:
        session.execute(text(f"DELETE FROM {table}"))
    for statement in rollup_recount():
        session.execute(text(statement))
    for name, body in ROLLUP_TRIGGERS.items():
        session.execute(text(f"CREATE TRIGGER {name} {body}"))
    logger.info("dashboard rollups recounted, triggers restored")
