"""The handling that brings a generated case to its drawn status.

Registration, then the calls closed on the line (answered, transferred, invalid) or
the dispatch to a unit, its reply, the callback and any redo, each step written to
the case's history in the order and by the roles the workflow allows.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from random import Random
from typing import Any

from app.domain.vocabulary import HandlingMode
from server.demo.articles import article_id
from server.demo.draws import below, between, pick
from server.demo.history import CaseHistory
from server.demo.inputs import CaseLeaf, Community, Inputs
from server.demo.people import handler_name
from server.demo.statuses import (
    ACCEPTED,
    ANSWERED_ON_CALL,
    CLOSED,
    DISPATCHED,
    DRAFT,
    EMERGENCY_TRANSFERRED,
    EXTENSION_REQUESTED,
    IN_CALLBACK,
    INVALID,
    REDO,
    REGISTERED,
    REPORTED_DONE,
    RETURN_REQUESTED,
)


class Handling:
    """Writes the history of the cases of one stream, drawing from its generator."""

    def __init__(
        self, data: Inputs, rng: Random, seed: int, *, contact_records: bool
    ) -> None:
        self.data = data
        self.rng = rng
        self.contact_records = contact_records
        words = data.words
        self.agents: list[str] = words["callback_agents"]
        self.supervisors: list[str] = words["supervisors"]
        self.dispatch_cache: dict[tuple[str, str], tuple[str, list[str]]] = {}
        self.canonical_ids = [article_id(seed, i) for i in range(len(data.topics))]

    def handle(
        self,
        case: dict[str, Any],
        status: str,
        leaf: CaseLeaf,
        community: Community,
        created: datetime,
        operator: str,
    ) -> None:
        """Fill the handling fields and the history that lead to ``status``."""
        rng = self.rng
        history = CaseHistory(case, rng)
        if status == DRAFT:
            return

        at = created + timedelta(seconds=between(rng, 60, 600))
        history.add(at, operator, "operator", "register", DRAFT, REGISTERED)
        if status == REGISTERED:
            return
        if status == ANSWERED_ON_CALL:
            case["handling_mode"] = HandlingMode.ANSWERED_ON_CALL.value
            if leaf.topic_indexes:
                topic = leaf.topic_indexes[below(rng, len(leaf.topic_indexes))]
                case["cited_article_ids"] = [self.canonical_ids[topic]]
            history.add(
                at,
                operator,
                "operator",
                "answer_on_call",
                REGISTERED,
                ANSWERED_ON_CALL,
                "依据知识库答复来电人",
            )
            return
        if status == EMERGENCY_TRANSFERRED:
            case["handling_mode"] = HandlingMode.EMERGENCY_TRANSFER.value
            case["urgency"] = "critical"
            target = pick(rng, ("110", "119", "120", "122"))
            history.add(
                at,
                operator,
                "operator",
                "emergency_transfer",
                REGISTERED,
                EMERGENCY_TRANSFERRED,
                f"即时转{target}",
                {"target": target},
            )
            return
        if status == INVALID:
            case["handling_mode"] = HandlingMode.INVALID.value
            case["narrative"] = pick(rng, ("来电无声。", "骚扰电话。", "打错电话。"))
            history.add(
                at,
                operator,
                "operator",
                "mark_invalid",
                REGISTERED,
                INVALID,
                pick(rng, ("无声电话", "骚扰电话", "拨错号码")),
            )
            return

        self._dispatch(case, leaf, community, created, history, at, operator, status)

    def _dispatch(
        self,
        case: dict[str, Any],
        leaf: CaseLeaf,
        community: Community,
        created: datetime,
        history: CaseHistory,
        at: datetime,
        operator: str,
        status: str,
    ) -> None:
        rng = self.rng
        key = (leaf.code, community.township_code)
        route = self.dispatch_cache.get(key)
        if route is None:
            route = self.data.dispatch(leaf.code, community.code)
            self.dispatch_cache[key] = route
        lead, co_units = route
        urgency = "normal"
        draw = rng.random()
        if draw < 0.02:
            urgency = "critical"
        elif draw < 0.09:
            urgency = "urgent"
        handler = handler_name(lead)
        # The deadlines are set in make(), once the case's final times are known.
        case.update(
            handling_mode=HandlingMode.DISPATCHED.value,
            lead_unit_code=lead,
            co_unit_codes=list(co_units),
            urgency=urgency,
            holder=handler,
        )
        at += timedelta(minutes=between(rng, 5, 90))
        history.add(
            at,
            operator,
            "operator",
            "dispatch",
            REGISTERED,
            DISPATCHED,
            None,
            {"lead_unit_code": lead},
        )
        if rng.random() < 0.03:
            supervisor = pick(rng, self.supervisors)
            case["key_issue"] = True
            case["overseeing_leader"] = pick(rng, self.data.words["leaders"])
            case["tags"] = [*case["tags"], "key_issue"]
            history.add(
                at,
                supervisor,
                "supervisor",
                "mark_key_issue",
                DISPATCHED,
                DISPATCHED,
                "列为重点诉求，领导包案",
            )
        if status == DISPATCHED:
            return
        if status == RETURN_REQUESTED:
            at += timedelta(hours=between(rng, 1, 20))
            history.add(
                at,
                handler,
                "handler",
                "request_return",
                DISPATCHED,
                RETURN_REQUESTED,
                "该事项不属于本单位职责范围",
            )
            return

        at += timedelta(hours=between(rng, 1, 20))
        history.add(at, handler, "handler", "accept", DISPATCHED, ACCEPTED)
        if status == ACCEPTED:
            return
        if status == EXTENSION_REQUESTED:
            at += timedelta(days=between(rng, 1, 5))
            history.add(
                at,
                handler,
                "handler",
                "request_extension",
                ACCEPTED,
                EXTENSION_REQUESTED,
                "需协调多个部门，申请延期5个工作日",
            )
            return

        self._reply(case, history, at, handler, status)

    def _reply(
        self,
        case: dict[str, Any],
        history: CaseHistory,
        at: datetime,
        handler: str,
        status: str,
    ) -> None:
        rng = self.rng
        at += timedelta(hours=between(rng, 2, 72))
        method = pick(rng, ("phone", "phone", "visit", "sms"))
        history.add(
            at,
            handler,
            "handler",
            "record_contact",
            ACCEPTED,
            ACCEPTED,
            None,
            {"method": method},
        )
        if self.contact_records:
            history.contact(at, case["lead_unit_code"], method, handler)
        at += timedelta(hours=between(rng, 1, 48))
        history.add(
            at,
            handler,
            "handler",
            "reply",
            ACCEPTED,
            REPORTED_DONE,
            "已联系来电人并现场核实处理，情况已向来电人说明。",
        )
        if status == REPORTED_DONE:
            return

        agent = pick(rng, self.agents)
        case["callback_assignee"] = agent
        at += timedelta(hours=between(rng, 1, 24))
        history.add(
            at,
            "system",
            "system",
            "start_callback",
            REPORTED_DONE,
            IN_CALLBACK,
            None,
            {"assignee": agent},
        )
        redo_first = status == CLOSED and rng.random() < 0.05
        if status == IN_CALLBACK:
            for _ in range(between(rng, 0, 3)):
                at += timedelta(hours=2, minutes=below(rng, 30))
                history.attempt(at, agent, False, "无人接听")
            return

        at = self._callback(case, history, at, agent, redo=status == REDO or redo_first)
        if status == REDO:
            case["holder"] = handler
            return

        if redo_first:
            at += timedelta(days=between(rng, 1, 6))
            history.add(
                at,
                handler,
                "handler",
                "reply",
                REDO,
                REPORTED_DONE,
                "已重新办理并再次联系来电人。",
            )
            at += timedelta(hours=between(rng, 1, 24))
            history.add(
                at,
                "system",
                "system",
                "start_callback",
                REPORTED_DONE,
                IN_CALLBACK,
                None,
                {"assignee": agent},
            )
            at = self._callback(case, history, at, agent, redo=False)
        case["holder"] = None

    def _callback(
        self,
        case: dict[str, Any],
        history: CaseHistory,
        at: datetime,
        agent: str,
        *,
        redo: bool,
    ) -> datetime:
        """Attempts until the caller answers, then the checklist's outcome."""
        rng = self.rng
        for _ in range(pick(rng, (0, 0, 0, 1, 2))):
            at += timedelta(hours=2, minutes=below(rng, 30))
            history.attempt(at, agent, False, "无人接听")
        at += timedelta(hours=2, minutes=below(rng, 30))
        history.attempt(at, agent, True, "已接通，完成回访问卷")

        if redo:
            resolution = pick(rng, ("unresolved", "partly"))
            satisfaction = pick(rng, ("unsatisfied", "unsatisfied", "no_opinion"))
            case.update(resolution=resolution, satisfaction=satisfaction)
            case["redo_count"] += 1
            history.add(
                at,
                agent,
                "operator",
                "callback_redo",
                IN_CALLBACK,
                REDO,
                "来电人表示问题未解决，退回承办单位重办",
                {"resolution": resolution, "satisfaction": satisfaction},
            )
            return at

        draw = rng.random()
        resolution = (
            "resolved" if draw < 0.85 else "partly" if draw < 0.96 else "unresolved"
        )
        draw = rng.random()
        satisfaction = (
            "satisfied"
            if draw < 0.8
            else "mostly"
            if draw < 0.92
            else "no_opinion"
            if draw < 0.97
            else "unsatisfied"
        )
        case.update(resolution=resolution, satisfaction=satisfaction)
        history.add(
            at,
            agent,
            "operator",
            "callback_close",
            IN_CALLBACK,
            CLOSED,
            None,
            {"resolution": resolution, "satisfaction": satisfaction},
        )
        return at
