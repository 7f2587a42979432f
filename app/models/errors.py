"""Errors of the local cache that a person must understand (Chinese and English)."""

from __future__ import annotations

from app.domain.errors import DomainError


class CacheError(DomainError):
    """The local cache cannot be opened or used as asked."""

    code = "cache_error"


class CacheTooNew(CacheError):
    """The file was written by a newer Hotline Desk; this version leaves it alone."""

    code = "cache_too_new"


class CacheNotRecognised(CacheError):
    """The file is a SQLite database but not a Hotline Desk cache."""

    code = "cache_not_recognised"


class CacheEncryptionUnavailable(CacheError):
    """An encryption key was given but this build cannot encrypt the cache."""

    code = "cache_encryption_unavailable"


class CaseNotFound(CacheError):
    code = "case_not_found"


class NotParked(CacheError):
    """A mutation cannot be sent again: it is not set aside, or not the user's own."""

    code = "not_parked"
