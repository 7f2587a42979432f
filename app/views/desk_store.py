"""The workstation's calls into the local cache, run on the database lane only.

Qt-free. Each method opens its own Session through app.models and returns frozen
values from app.views.desk_values, with confidential cases already masked. Those
are imported where they are made, on the database lane: a dozen frozen dataclasses
cost ~13 ms, which the GUI thread would otherwise pay before the first window.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.vocabulary import HandlingMode, Role, Status
from app.views.desk_knowledge import KnowledgeQueries
from app.views.intake_values import IntakeValues
from app.views.reference_data import ReferenceData, load_reference_data

if TYPE_CHECKING:
    from app.views.desk_values import (
        CallerHistory,
        CaseLine,
        DeadlineView,
        HandlingChoice,
        MatchLine,
        SavedCase,
    )

log = logging.getLogger(__name__)

_FINISHED = {
    Status.ANSWERED_ON_CALL.value,
    Status.EMERGENCY_TRANSFERRED.value,
    Status.INVALID.value,
    Status.CLOSED.value,
}
MATCH_DAYS = 30  # the longest window of app.domain.matching's rules
MATCH_CANDIDATES = 500  # latest cases compared by narrative
MATCH_SHOWN = 20


class NoCacheOpen(RuntimeError):
    pass


class DeskStore(KnowledgeQueries):
    """The cache file, its knowledge index and who is working."""

    def __init__(
        self,
        cache_path: Path | None,
        *,
        username: str = "",
        station: str = "WS",
        client_id: str | None = None,
        encrypt: bool = False,
    ) -> None:
        self.cache_path = cache_path
        self.encrypt = encrypt
        self.username = username
        self.station = station
        # The machine's id for logins; the client id of the sync protocol is per user.
        self.device_id = str(uuid.uuid5(uuid.NAMESPACE_URL, station))
        self._fixed_client_id = client_id
        self._client_ids: dict[str, str] = {}
        self._db: Any = None
        self._index: Any = None
        self._terms: tuple[int, frozenset[str], int] | None = None
        self._open_lock = threading.Lock()

    # --- opening -------------------------------------------------------------------

    @property
    def db(self) -> Any:
        # The database lane opens it at start-up, but an online login on the network
        # lane may need it first: one opening, whoever comes first.
        with self._open_lock:
            if self._db is None:
                if self.cache_path is None:
                    raise NoCacheOpen("no local cache is open")
                from app.models.db import open_cache
                from app.sync.credentials import key_for_cache

                # With encrypt_cache the key lives in the credential store only.
                key = key_for_cache(self.cache_path, encrypt=self.encrypt)
                self._db = open_cache(self.cache_path, key=key)
        return self._db

    @property
    def client_id(self) -> str:
        """The signed-in user's client id, the one app.sync's engine pushes under.

        Every panel takes it from here, so the outbox rows they write are the ones
        the engine sends. Made on first use in the cache (a write: database lane).
        """
        if self._fixed_client_id:
            return self._fixed_client_id
        username = self.username or "operator"
        with self._open_lock:
            known = self._client_ids.get(username)
        if known is not None:
            return known
        from app.sync.state import client_id_for

        with self.db.write() as session:
            made = client_id_for(session, username)
        with self._open_lock:
            self._client_ids[username] = made
        return made

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
        if self._db is not None:
            self._db.close()

    def reference_data(self) -> ReferenceData:
        """The reference lists: the cache's dispatch rules ahead of the file's, and
        the categories, areas and departments the server sent over the file's.

        Database lane: reads the cache.
        """
        from app.domain.reference import load_dispatch_catalogue
        from app.models.reference_queries import cached_reference, dispatch_catalogue

        with self.db.read() as session:
            catalogue = dispatch_catalogue(session, load_dispatch_catalogue())
            cached = cached_reference(session)
        return load_reference_data(catalogue, cached)

    def _actor(self) -> Any:
        from app.models.results import Actor

        return Actor(self.username or "operator", Role.OPERATOR)

    # --- the caller and the matches ------------------------------------------------

    def caller_history(self, number: str, now: datetime) -> CallerHistory:
        from app.domain.errors import DomainError
        from app.domain.phone import mask_phone, normalize_phone
        from app.models.callers import caller_history
        from app.views.desk_values import CallerHistory

        try:
            phone = normalize_phone(number)
        except DomainError:
            return CallerHistory(number, number)
        with self.db.read() as session:
            history = caller_history(session, phone.number, now)
            ids = {c.id for c in history.earlier_cases + history.open_cases}
            flags = self._case_flags(session, ids)
        earlier = tuple(
            _line(c, flags, open_=c.status not in _FINISHED)
            for c in history.earlier_cases
        )
        open_cases = tuple(_line(c, flags, open_=True) for c in history.open_cases)
        return CallerHistory(
            number=phone.number,
            display_number=mask_phone(phone.number)
            if any(flags.get(i, ("", False))[1] for i in ids)
            else phone.display,
            earlier_cases=earlier,
            open_cases=open_cases,
            calls_last_30_days=history.calls_last_30_days,
        )

    @staticmethod
    def _case_flags(session: Any, ids: set[str]) -> dict[str, tuple[str, bool]]:
        from sqlalchemy import select

        from app.models.tables import Case

        if not ids:
            return {}
        rows = session.execute(
            select(Case.id, Case.area_code, Case.confidential).where(Case.id.in_(ids))
        )
        return {row.id: (row.area_code or "", bool(row.confidential)) for row in rows}

    def find_matches(
        self, values: IntakeValues, now: datetime, _draft_id: str = ""
    ) -> tuple[MatchLine, ...]:
        """Earlier cases this call may repeat or duplicate, with every reason why.

        The cache picks the candidates (recent cases, and always those of the same
        caller or the same category and area); app.domain.matching decides.
        """
        from sqlalchemy import or_, select

        from app.domain.errors import DomainError
        from app.domain.matching import CallFacts, CaseSummary
        from app.domain.matching import find_matches as match_cases
        from app.domain.phone import normalize_phone
        from app.models.tables import Case
        from app.views.desk_values import MatchLine

        try:
            number = normalize_phone(values.caller_number).number
        except DomainError:
            number = ""
        call = CallFacts(
            caller_number=number or None,
            category_code=values.category_code or None,
            area_code=values.area_code or None,
            narrative=values.narrative,
            received_at=now,
        )
        if not (number or values.category_code or values.narrative.strip()):
            return ()

        since = now - timedelta(days=MATCH_DAYS)
        columns = (
            Case.id,
            Case.status,
            Case.caller_number,
            Case.category_code,
            Case.area_code,
            Case.narrative,
            Case.created_at,
        )
        recent = Case.deleted.is_(False) & (Case.created_at >= since)
        wanted = []
        if number:
            wanted.append(Case.caller_number == number)
        if values.category_code and values.area_code:
            wanted.append(
                (Case.category_code == values.category_code)
                & (Case.area_code == values.area_code)
            )
        with self.db.read() as session:
            rows = {}
            if wanted:
                for row in session.execute(
                    select(*columns).where(recent, or_(*wanted))
                ):
                    rows[row.id] = row
            # Similar narratives can come from anyone: the latest cases are read too.
            latest = (
                select(*columns)
                .where(recent)
                .order_by(Case.created_at.desc())
                .limit(MATCH_CANDIDATES)
            )
            for row in session.execute(latest):
                rows.setdefault(row.id, row)
            found = match_cases(
                call,
                (
                    CaseSummary(
                        caller_number=row.caller_number,
                        category_code=row.category_code,
                        area_code=row.area_code,
                        narrative=row.narrative or "",
                        received_at=row.created_at,
                        case_id=row.id,
                        status=row.status,
                    )
                    for row in rows.values()
                ),
            )[:MATCH_SHOWN]
            cases = {
                row.id: row
                for row in session.scalars(
                    select(Case).where(Case.id.in_([m.case_id for m in found]))
                )
            }
            return tuple(
                MatchLine(
                    _case_row_line(cases[m.case_id]),
                    tuple(r.message_zh for r in m.reasons),
                    tuple(r.message_en for r in m.reasons),
                    m.score,
                )
                for m in found
            )

    # --- deadlines -----------------------------------------------------------------

    def deadline(
        self, received_at: datetime, request_type: str, urgency: str
    ) -> DeadlineView:
        """Both deadlines with their working-day explanation (holidays as data)."""
        from app.domain.deadlines import compute_deadlines
        from app.views.desk_values import DeadlineView

        due = compute_deadlines(received_at, request_type, urgency)
        return DeadlineView(
            due.accept_due_at,
            due.finish_due_at,
            due.confirmed,
            due.explanation_zh,
            due.explanation_en,
        )

    # --- drafts --------------------------------------------------------------------

    def save_draft(self, draft_id: str, values_json: str) -> None:
        from app.models.drafts import save_draft

        with self.db.write() as session:
            save_draft(
                session,
                owner=self.username or "operator",
                fields={"intake": values_json},
                draft_id=draft_id,
            )

    def load_drafts(self) -> list[tuple[str, IntakeValues]]:
        from app.models.drafts import load_drafts

        with self.db.read() as session:
            drafts = load_drafts(session, self.username or "operator")
        restored = []
        for draft in drafts:
            text = draft.fields.get("intake")
            if isinstance(text, str):
                restored.append((draft.id, IntakeValues.from_json(text)))
        return restored

    # --- saving --------------------------------------------------------------------

    def save_case(
        self,
        values: IntakeValues,
        choice: HandlingChoice,
        received_at: datetime,
        draft_id: str,
    ) -> SavedCase:
        """Case (or the linked case's note), outbox and audit in one transaction."""
        from app.domain.phone import normalize_phone
        from app.domain.workflow import Action
        from app.models.cases import record_command, save_new_case
        from app.models.drafts import discard_draft
        from app.views.desk_values import SavedCase

        actor = self._actor()
        with self.db.write() as session:
            if values.linked_case_id:
                record_command(
                    session,
                    values.linked_case_id,
                    Action.ADD_NOTE,
                    {"body": _linked_note(values)},
                    actor=actor,
                    client_id=self.client_id,
                )
                discard_draft(session, draft_id)
                return SavedCase(values.linked_case_id, "", "", values.linked_case_id)

            fields = _case_fields(values, normalize_phone)
            if choice.mode and choice.mode != HandlingMode.DISPATCHED.value:
                fields["handling_mode"] = choice.mode
            saved = save_new_case(
                session,
                fields,
                actor=actor,
                station_prefix=self.station,
                client_id=self.client_id,
            )
            status = saved.status
            if choice.mode == HandlingMode.DISPATCHED.value:
                status = self._dispatch(
                    session, saved.case_id, values, choice, received_at, actor
                )
            note = _handling_note(choice)
            if note:
                record_command(
                    session,
                    saved.case_id,
                    Action.ADD_NOTE,
                    {"body": note},
                    actor=actor,
                    client_id=self.client_id,
                )
            discard_draft(session, draft_id)
        return SavedCase(saved.case_id, saved.provisional_no, status)

    def _dispatch(self, session, case_id, values, choice, received_at, actor) -> str:
        from app.domain.workflow import Action
        from app.models.cases import record_command

        args: dict[str, Any] = {
            "lead_unit_code": choice.lead_unit_code,
            "co_unit_codes": list(choice.co_unit_codes),
        }
        if choice.instruction:
            args["dispatch_instruction"] = choice.instruction
        deadline = self.deadline(received_at, values.request_type, values.urgency)
        args["accept_due_at"] = deadline.accept_due_at
        args["due_at"] = deadline.finish_due_at
        result = record_command(
            session,
            case_id,
            Action.DISPATCH,
            args,
            actor=actor,
            client_id=self.client_id,
        )
        return result.to_status

    def my_cases(
        self, username: str, query: Any, after: Any = None, limit: int = 200
    ) -> Any:
        """A page of the cases ``username`` registered (a CountedPage of queue rows).

        ``query`` is a QueueQuery of filters; whose cases they are is set here. The
        first page of a query comes with the total it matches.
        """
        from dataclasses import replace

        from app.models.queues import fetch_counted_page

        own = replace(query, created_by=username or "operator")
        with self.db.read() as session:
            return fetch_counted_page(session, own, after, limit)


def _case_fields(values: IntakeValues, normalize_phone) -> dict[str, Any]:
    raw = asdict(values)
    raw.pop("linked_case_id")
    raw["tags"] = list(values.tags)
    raw["cited_article_ids"] = list(values.cited_article_ids)
    raw["caller_number"] = normalize_phone(values.caller_number).number
    raw["callback_number"] = (
        normalize_phone(values.callback_number).number
        if values.callback_number
        else raw["caller_number"]
    )
    for key in (
        "caller_name",
        "enterprise_name",
        "credit_code",
        "address",
        "category_code",
        "area_code",
    ):
        raw[key] = raw[key] or None
    return raw


def _linked_note(values: IntakeValues) -> str:
    return f"重复来电（并单）：{values.summary or values.narrative[:200]}"


def _handling_note(choice: HandlingChoice) -> str:
    if choice.mode == HandlingMode.EMERGENCY_TRANSFER.value:
        return f"即时转办 {choice.emergency_number}：{choice.reason or '已转接'}"
    if choice.mode == HandlingMode.INVALID.value:
        return f"无效来电：{choice.reason}"
    return ""


def _mask(summary: str, confidential: bool) -> str:
    return "（保密工单）" if confidential else summary


def _line(summary: Any, flags: dict[str, tuple[str, bool]], *, open_: bool) -> CaseLine:
    from app.views.desk_values import CaseLine

    area, confidential = flags.get(summary.id, ("", False))
    return CaseLine(
        case_id=summary.id,
        number=summary.official_no or summary.provisional_no or "",
        status=summary.status,
        created_at=summary.created_at,
        category_code=summary.category_code or "",
        summary=_mask(summary.summary, confidential),
        area_code=area,
        confidential=confidential,
        is_open=open_,
    )


def _case_row_line(row: Any) -> CaseLine:
    from app.views.desk_values import CaseLine

    return CaseLine(
        case_id=row.id,
        number=row.official_no or row.provisional_no or "",
        status=row.status,
        created_at=row.created_at,
        category_code=row.category_code or "",
        summary=_mask(row.summary or row.narrative[:60], row.confidential),
        area_code=row.area_code or "",
        confidential=row.confidential,
        is_open=row.status not in _FINISHED,
    )
