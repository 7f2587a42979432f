"""HTTP transport to the central server, careful of what it sends and believes.

Every call has a connect and a read timeout. Proxies and CA bundles from environment
variables are ignored (``trust_env`` off): only the machine-wide settings name them.
Redirects are never followed, so the Authorization header only ever goes to the
configured origin. Every answer is checked for its content type, its size and its
schema before anyone sees it: an HTML page, truncated JSON or a wrong shape is an
error, never a success. Only idempotent requests are retried (GETs, and the pushes and
registrations whose ids make repeats harmless), with full-jitter back-off that honours
``Retry-After``.
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

import certifi
import requests
from pydantic import BaseModel, ValidationError

from app.sync import wire

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
LOGIN_READ_TIMEOUT = 30.0
_CHUNK = 64 * 1024
_RETRY_STATUSES = frozenset({429, 502, 503, 504})

ModelT = TypeVar("ModelT", bound=BaseModel)


class TransportError(Exception):
    """A call that did not produce a trustworthy answer; nothing may be marked synced.

    ``retryable`` says whether trying again later can help (network trouble, a busy
    server) as opposed to a problem a person must fix.
    """

    def __init__(
        self,
        message_zh: str,
        message_en: str,
        *,
        retryable: bool = False,
        status: int | None = None,
        code: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{message_zh} / {message_en}")
        self.retry_after = retry_after
        self.message_zh = message_zh
        self.message_en = message_en
        self.retryable = retryable
        self.status = status
        self.code = code


class Unreachable(TransportError):
    """The server could not be reached or the connection broke; try again later."""


class ProtocolTooOld(TransportError):
    """The server no longer speaks this client's protocol (426): update the program."""


class CursorExpired(TransportError):
    """The pull cursor is older than the server's retention horizon (410)."""


class AuthExpired(TransportError):
    """The session is no longer valid, even after one refresh: log in again."""


class SequenceGap(TransportError):
    """The server expects an earlier sequence number from this client."""

    def __init__(self, expected_seq: int) -> None:
        super().__init__(
            f"服务器要求从序号 {expected_seq} 重新发送",
            f"the server asks to resend from sequence {expected_seq}",
            retryable=True,
            status=409,
            code="sequence_gap",
        )
        self.expected_seq = expected_seq


class Authenticator(Protocol):
    """Where the transport gets its bearer token, and how it renews it once."""

    def access_token(self) -> str | None: ...

    def renew(self) -> bool: ...


@dataclass(frozen=True)
class TransportSettings:
    server_url: str
    ca_bundle: Path | None = None
    # Explicit proxy from the machine-wide settings; environment proxies are ignored.
    proxy: str | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_response_bytes: int = DEFAULT_MAX_BYTES
    max_attempts: int = 4
    backoff_base: float = 0.5
    backoff_cap: float = 30.0


def backoff_delay(
    attempt: int,
    base: float,
    cap: float,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> float:
    """Full jitter: uniform in [0, min(cap, base * 2**n)], at least Retry-After."""
    pick = (rng or random).uniform(0.0, min(cap, base * (2**attempt)))
    if retry_after is not None:
        return max(pick, min(retry_after, cap))
    return pick


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    default = 443 if parts.scheme == "https" else 80
    return (parts.scheme, (parts.hostname or "").lower(), parts.port or default)


class Transport:
    """Typed calls to the sync API over one ``requests.Session``."""

    def __init__(
        self,
        settings: TransportSettings,
        authenticator: Authenticator | None = None,
        *,
        sleep: Callable[[float], None] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings
        self.authenticator = authenticator
        self._base = settings.server_url.rstrip("/")
        self._origin = _origin(self._base)
        # Back-off waits end early when the transport is cancelled (the workstation
        # is closing): a worker must not sit out a 30 s back-off on its way out.
        self._cancelled = threading.Event()
        self._sleep = sleep or self._cancelled.wait
        self._rng = rng or random.Random()
        self._session = requests.Session()
        # Environment variables must not silently redirect traffic or trust.
        self._session.trust_env = False
        self._session.verify = (
            str(settings.ca_bundle) if settings.ca_bundle else certifi.where()
        )
        if settings.proxy:
            self._session.proxies = {"http": settings.proxy, "https": settings.proxy}

    def cancel(self) -> None:
        """Refuse further calls and cut short a back-off wait (from any thread).

        The call in flight, if any, ends with its own answer or timeout; none is
        retried after this.
        """
        self._cancelled.set()

    def close(self) -> None:
        self._session.close()

    # --- API calls --------------------------------------------------------------------

    def status(self) -> wire.StatusResponse:
        return self._call("GET", "/sync/status", wire.StatusResponse, auth=False)

    def login(self, request: wire.LoginRequest) -> wire.TokenPair:
        # Not retried: a lost answer to a login is repaired by logging in again.
        # A longer read timeout: the server's Argon2 check is slow on purpose.
        return self._call(
            "POST",
            "/auth/login",
            wire.TokenPair,
            body=request,
            auth=False,
            retry=False,
            read_timeout=max(self.settings.read_timeout, LOGIN_READ_TIMEOUT),
        )

    def refresh(self, request: wire.RefreshRequest) -> wire.TokenPair:
        # Not retried: refresh tokens may rotate, a blind repeat could burn the new one.
        return self._call(
            "POST",
            "/auth/refresh",
            wire.TokenPair,
            body=request,
            auth=False,
            retry=False,
        )

    def post_catalogue_rule(self, body: BaseModel) -> Any:
        """A disputes-meeting decision for the dispatch catalogue; the server answers
        a repeat of the same rule id with the stored rule, so a retry is harmless."""
        return self._call_raw("POST", "/catalogue/rules", body=body)

    def logout(self, request: wire.LogoutRequest) -> None:
        self._call_raw(
            "POST",
            "/auth/logout",
            body=request,
            auth=True,
            retry=False,
            expect_body=False,
        )

    def register(self, request: wire.RegisterRequest) -> wire.RegisterResponse:
        return self._call("POST", "/sync/register", wire.RegisterResponse, body=request)

    def push(self, request: wire.PushRequest) -> wire.PushResult:
        # Retried: every mutation carries its id, the server's ledger makes repeats
        # answer with the stored result.
        return self._call("POST", "/sync/push", wire.PushResult, body=request)

    def pull(
        self, cursor: str | None, limit: int, client_id: str | None = None
    ) -> wire.PullResponse:
        params: dict[str, str] = {"limit": str(limit)}
        if cursor:
            params["cursor"] = cursor
        if client_id:
            params["client_id"] = client_id
        return self._call("GET", "/sync/pull", wire.PullResponse, params=params)

    def snapshot(
        self, dataset: str, after: str | None, limit: int, cursor: str | None = None
    ) -> wire.SnapshotPage:
        params: dict[str, str] = {"limit": str(limit)}
        if after:
            params["after"] = after
        if cursor:
            params["cursor"] = cursor
        return self._call(
            "GET", f"/sync/snapshot/{dataset}", wire.SnapshotPage, params=params
        )

    # --- machinery --------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        model: type[ModelT],
        *,
        body: BaseModel | None = None,
        params: Mapping[str, str] | None = None,
        auth: bool = True,
        retry: bool = True,
        read_timeout: float | None = None,
    ) -> ModelT:
        payload = self._call_raw(
            method,
            path,
            body=body,
            params=params,
            auth=auth,
            retry=retry,
            read_timeout=read_timeout,
        )
        try:
            return model.model_validate(payload)
        except ValidationError as exc:
            log.warning("answer to %s %s has the wrong shape", method, path)
            raise TransportError(
                "服务器的答复格式不正确",
                "the server's answer does not have the expected shape",
                code="schema",
            ) from exc

    def _call_raw(
        self,
        method: str,
        path: str,
        *,
        body: BaseModel | None = None,
        params: Mapping[str, str] | None = None,
        auth: bool = True,
        retry: bool = True,
        expect_body: bool = True,
        read_timeout: float | None = None,
    ) -> Any:
        attempts = self.settings.max_attempts if retry else 1
        renewed = False
        attempt = 0
        while True:
            if self._cancelled.is_set():
                raise Unreachable(
                    "同步已停止", "sync was stopped", retryable=True, code="cancelled"
                )
            try:
                return self._once(
                    method,
                    path,
                    body=body,
                    params=params,
                    auth=auth,
                    expect_body=expect_body,
                    read_timeout=read_timeout or self.settings.read_timeout,
                )
            except AuthExpired:
                # One refresh, then the session is over.
                if not auth or renewed or self.authenticator is None:
                    raise
                renewed = True
                if not self.authenticator.renew():
                    raise
                continue
            except TransportError as exc:
                attempt += 1
                if not exc.retryable or attempt >= attempts:
                    raise
                delay = backoff_delay(
                    attempt,
                    self.settings.backoff_base,
                    self.settings.backoff_cap,
                    exc.retry_after,
                    self._rng,
                )
                log.info(
                    "%s %s failed (%s); retry %d in %.2f s",
                    method,
                    path,
                    exc.code or exc.status,
                    attempt,
                    delay,
                )
                self._sleep(delay)

    def _once(
        self,
        method: str,
        path: str,
        *,
        body: BaseModel | None,
        params: Mapping[str, str] | None,
        auth: bool,
        expect_body: bool,
        read_timeout: float,
    ) -> Any:
        url = self._base + API_PREFIX + path
        # Defence in depth: the URL is built from the configured base only.
        if _origin(url) != self._origin:
            raise TransportError(
                "请求地址不在配置的服务器上", "request left the origin"
            )
        headers = {
            wire.PROTOCOL_HEADER: str(wire.PROTOCOL_VERSION),
            "Accept": "application/json",
        }
        if auth and self.authenticator is not None:
            token = self.authenticator.access_token()
            if token is None:
                raise AuthExpired("尚未登录", "not logged in", status=401)
            headers["Authorization"] = f"Bearer {token}"
        data: bytes | None = None
        if body is not None:
            data = body.model_dump_json().encode("utf-8")
            headers["Content-Type"] = "application/json"

        try:
            response = self._session.request(
                method,
                url,
                params=params,
                data=data,
                headers=headers,
                timeout=(self.settings.connect_timeout, read_timeout),
                allow_redirects=False,
                stream=True,
            )
        except requests.exceptions.SSLError as exc:
            raise TransportError(
                "无法验证服务器证书",
                "the server's certificate cannot be verified",
                code="tls",
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise Unreachable(
                "无法连接服务器",
                "cannot reach the server",
                retryable=True,
                code="network",
            ) from exc

        with response:
            raw = self._read_body(response)
        return self._interpret(response, raw, expect_body)

    def _read_body(self, response: requests.Response) -> bytes:
        limit = self.settings.max_response_bytes
        declared = response.headers.get("Content-Length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise TransportError(
                "服务器的答复过大", "the server's answer is too large", code="too_large"
            )
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TransportError(
                        "服务器的答复过大",
                        "the server's answer is too large",
                        code="too_large",
                    )
                chunks.append(chunk)
        except requests.exceptions.RequestException as exc:
            raise Unreachable(
                "连接在接收答复时中断",
                "the connection broke while receiving the answer",
                retryable=True,
                code="cut",
            ) from exc
        return b"".join(chunks)

    def _interpret(
        self, response: requests.Response, raw: bytes, expect_body: bool
    ) -> Any:
        status = response.status_code
        if 300 <= status < 400:
            # Never followed: a redirect could carry the token to another host.
            raise TransportError(
                "服务器要求转到其他地址，已拒绝",
                "the server redirected elsewhere; refused",
                status=status,
                code="redirect",
            )
        error = _error_body(response, raw)
        if status == 426:
            raise ProtocolTooOld(
                "本程序版本过旧，服务器已不再支持，请安装新版本后再同步",
                "this program is too old for the server; install the new version "
                "before syncing again",
                status=status,
                code="protocol",
            )
        if status == 410:
            raise CursorExpired(
                "离线时间过长，需要重新下载数据（未发送的工作会保留）",
                "offline too long; the data will be downloaded again (unsent work "
                "is kept)",
                status=status,
                code="cursor_expired",
            )
        if status == 401:
            raise AuthExpired(
                "登录已过期，请重新登录",
                "the session has expired; log in again",
                status=status,
                code=error.code if error else "unauthorized",
            )
        if status == 409 and error is not None and error.expected_seq is not None:
            raise SequenceGap(error.expected_seq)
        if status in _RETRY_STATUSES or status >= 500:
            raise TransportError(
                "服务器暂时无法处理，稍后重试",
                "the server is busy; will try again",
                retryable=status in _RETRY_STATUSES or status == 500,
                status=status,
                code=error.code if error else "server",
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
            )
        if status >= 400:
            raise TransportError(
                error.message_zh if error else f"请求被拒绝（{status}）",
                error.message_en if error else f"request refused ({status})",
                status=status,
                code=error.code if error else "client",
            )
        if not expect_body:
            return None
        return _json_of(response, raw)


def _is_json(response: requests.Response) -> bool:
    content_type = response.headers.get("Content-Type", "")
    return content_type.split(";")[0].strip().lower() == "application/json"


def _json_of(response: requests.Response, raw: bytes) -> Any:
    if not _is_json(response):
        raise TransportError(
            "服务器的答复不是数据（可能是网页）",
            "the server's answer is not data (perhaps a web page)",
            status=response.status_code,
            code="content_type",
        )
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise TransportError(
            "服务器的答复不完整或已损坏",
            "the server's answer is incomplete or damaged",
            status=response.status_code,
            code="bad_json",
        ) from exc


def _error_body(response: requests.Response, raw: bytes) -> wire.ErrorBody | None:
    if response.status_code < 400 or not _is_json(response):
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        if isinstance(data, dict) and isinstance(data.get("detail"), dict):
            data = data["detail"]
        return wire.ErrorBody.model_validate(data)
    except (UnicodeDecodeError, ValueError):
        return None
