"""Errors raised by the hotline's rules.

Every error carries a message a person understands in Chinese (the product's default
language) and in English, and a stable ``code`` that the server and the sync client put
on the wire. ``str(err)`` gives both messages, Chinese first.
"""


class DomainError(ValueError):
    """A rule of the hotline refused a value or an action."""

    code: str = "domain_error"

    def __init__(self, message_zh: str, message_en: str, code: str | None = None):
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en
        if code is not None:
            self.code = code

    def message(self, language: str = "zh") -> str:
        """The message in one language ("zh…" for Chinese, anything else English)."""
        return self.message_zh if language.startswith("zh") else self.message_en

    def __str__(self) -> str:
        return f"{self.message_zh} / {self.message_en}"


class TransitionRefused(DomainError):
    """A workflow action is not allowed in this status or for this role."""

    code = "transition_refused"


class FieldError(DomainError):
    """A field's value is refused (too long, control characters, impossible date …)."""

    code = "field_invalid"

    def __init__(
        self, field: str, message_zh: str, message_en: str, code: str | None = None
    ):
        super().__init__(message_zh, message_en, code)
        self.field = field


class InvalidPhone(DomainError):
    """A phone number that cannot be normalised; the reason says why."""

    code = "phone_invalid"


class InvalidCreditCode(DomainError):
    """A unified social credit code that fails GB 32100-2015."""

    code = "credit_code_invalid"


class DeadlineError(DomainError):
    """A deadline rule is missing, or an extension is impossible."""

    code = "deadline_invalid"


class ReferenceDataError(DomainError):
    """A reference data file is missing or malformed."""

    code = "reference_data_invalid"
