"""The hotline's vocabulary: the closed sets of values every layer shares.

Values are the stable English codes stored in databases and sent on the wire; the
Chinese label is what operators see. See DOMAIN.md for what each one means.
"""

from enum import StrEnum


class Labelled(StrEnum):
    """A code with a Chinese and an English label."""

    @property
    def label_zh(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]

    def label(self, language: str = "zh") -> str:
        return self.label_zh if language.startswith("zh") else self.label_en


class Status(Labelled):
    DRAFT = "draft"
    REGISTERED = "registered"
    ANSWERED_ON_CALL = "answered_on_call"
    EMERGENCY_TRANSFERRED = "emergency_transferred"
    INVALID = "invalid"
    DISPATCHED = "dispatched"
    ACCEPTED = "accepted"
    RETURN_REQUESTED = "return_requested"
    EXTENSION_REQUESTED = "extension_requested"
    REPORTED_DONE = "reported_done"
    IN_CALLBACK = "in_callback"
    REDO = "redo"
    CLOSED = "closed"


class Role(Labelled):
    OPERATOR = "operator"
    HANDLER = "handler"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    AUDITOR = "auditor"
    SYSTEM = "system"


class RequestType(Labelled):
    CONSULTATION = "consultation"
    HELP = "help"
    COMPLAINT = "complaint"
    REPORT = "report"
    SUGGESTION = "suggestion"
    PRAISE = "praise"


class Urgency(Labelled):
    NORMAL = "normal"
    URGENT = "urgent"
    CRITICAL = "critical"


class RequesterType(Labelled):
    PERSON = "person"
    ENTERPRISE = "enterprise"


class HandlingMode(Labelled):
    ANSWERED_ON_CALL = "answered_on_call"
    DISPATCHED = "dispatched"
    EMERGENCY_TRANSFER = "emergency_transfer"
    INVALID = "invalid"


class Resolution(Labelled):
    RESOLVED = "resolved"
    PARTLY = "partly"
    UNRESOLVED = "unresolved"


class Satisfaction(Labelled):
    SATISFIED = "satisfied"
    MOSTLY = "mostly"
    UNSATISFIED = "unsatisfied"
    NO_OPINION = "no_opinion"


class DeadlineLight(Labelled):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


_LABELS: dict[StrEnum, tuple[str, str]] = {
    Status.DRAFT: ("草稿", "Draft"),
    Status.REGISTERED: ("已受理", "Registered"),
    Status.ANSWERED_ON_CALL: ("直接办结", "Answered on call"),
    Status.EMERGENCY_TRANSFERRED: ("即时转办", "Emergency transfer"),
    Status.INVALID: ("无效", "Invalid"),
    Status.DISPATCHED: ("待签收", "Dispatched"),
    Status.ACCEPTED: ("办理中", "Accepted"),
    Status.RETURN_REQUESTED: ("退单待审", "Return requested"),
    Status.EXTENSION_REQUESTED: ("延期待批", "Extension requested"),
    Status.REPORTED_DONE: ("已办结", "Reported done"),
    Status.IN_CALLBACK: ("回访中", "In callback"),
    Status.REDO: ("重办", "Redo"),
    Status.CLOSED: ("已归档", "Closed"),
    Role.OPERATOR: ("接线员", "Operator"),
    Role.HANDLER: ("承办单位联络员", "Department handler"),
    Role.SUPERVISOR: ("班长", "Supervisor"),
    Role.ADMIN: ("管理员", "Administrator"),
    Role.AUDITOR: ("审计员", "Auditor"),
    Role.SYSTEM: ("系统", "System"),
    RequestType.CONSULTATION: ("咨询", "Consultation"),
    RequestType.HELP: ("求助", "Help"),
    RequestType.COMPLAINT: ("投诉", "Complaint"),
    RequestType.REPORT: ("举报", "Report"),
    RequestType.SUGGESTION: ("建议", "Suggestion"),
    RequestType.PRAISE: ("表扬", "Praise"),
    Urgency.NORMAL: ("一般", "Normal"),
    Urgency.URGENT: ("紧急", "Urgent"),
    Urgency.CRITICAL: ("特急", "Critical"),
    RequesterType.PERSON: ("个人", "Person"),
    RequesterType.ENTERPRISE: ("企业", "Enterprise"),
    HandlingMode.ANSWERED_ON_CALL: ("直接办结", "Answered on call"),
    HandlingMode.DISPATCHED: ("派单", "Dispatched"),
    HandlingMode.EMERGENCY_TRANSFER: ("即时转办", "Emergency transfer"),
    HandlingMode.INVALID: ("无效", "Invalid"),
    Resolution.RESOLVED: ("已解决", "Resolved"),
    Resolution.PARTLY: ("部分解决", "Partly resolved"),
    Resolution.UNRESOLVED: ("未解决", "Not resolved"),
    Satisfaction.SATISFIED: ("满意", "Satisfied"),
    Satisfaction.MOSTLY: ("基本满意", "Mostly satisfied"),
    Satisfaction.UNSATISFIED: ("不满意", "Unsatisfied"),
    Satisfaction.NO_OPINION: ("未表态", "No opinion"),
    DeadlineLight.GREEN: ("按时", "On time"),
    DeadlineLight.YELLOW: ("临期", "Due soon"),
    DeadlineLight.RED: ("超期", "Overdue"),
}
