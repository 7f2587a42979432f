"""Logging of the workstation, and the redaction every log line passes through.

The debug log is for engineers: ids, counts, states. Citizens' phone numbers,
ID-card numbers, enterprise credit codes, and the tokens and passwords of operators
must never reach a file, so a filter on every handler of the root logger rewrites
each record before it is written. The filter cannot know a name or a narrative when
it sees one, so the code logs ids; what the filter can recognise it removes anyway,
because one careless ``%r`` of a payload is enough to leak a whole case.

Qt-free: the server reuses the redaction (``server/logs.py``), and the workstation
sets up its file before Qt starts.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

LOG_FILE_NAME = "hotline-desk.log"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_MAX_BYTES = 2 * 1024 * 1024
_BACKUPS = 5

# Libraries that log what they carry at DEBUG/INFO. SQLAlchemy's engine logs every
# statement with its parameters (caller names, narratives) at INFO; SQLAlchemy starts
# its logger at WARNING and this keeps it there whatever the root level. urllib3 at
# DEBUG adds nothing the transport does not log itself.
QUIET_LOGGERS: dict[str, int] = {
    "sqlalchemy": logging.WARNING,
    "alembic": logging.WARNING,
    "urllib3": logging.INFO,
    "keyring": logging.WARNING,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "multipart": logging.WARNING,
    "asyncio": logging.WARNING,
}

log = logging.getLogger(__name__)

# --- what is redacted -----------------------------------------------------------------

# Shapes kept on purpose (logs must name cases): UUIDs, official case numbers
# (prefix + date + serial) and provisional numbers (station-serial).
_KEEP = (
    r"(?P<keep>(?<![0-9A-Za-z])(?:"
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|[A-Z]{1,8}\d{14}"
    r"|[A-Z][A-Z0-9]{0,11}-\d{4,8}"
    r")(?![0-9A-Za-z]))"
)
_SECRET_KEYS = (
    r"[\w-]*(?:password|passwd|secret|token|api[_-]?key|authorization|cookie)[\w-]*"
)
_PERSONAL_KEYS = (
    r"(?:caller_name|caller_number|callback_number|contact_number|phone|mobile"
    r"|narrative|summary|address|enterprise_name|credit_code|id_card|note|reply"
    r"|reason|input_value)"
)
_QUOTED = r"(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')"
_PATTERNS = (
    _KEEP,
    # A database error quotes the statement's parameters: the whole row.
    r"(?P<sqlparams>\[parameters: [\s\S]*?\](?=\s*\(Background on this error|\s*$))",
    r"(?P<bearer>(?i:\bbearer)\s+)[^\s\"',;]+",
    rf"(?P<secretkey>[\"']?(?i:{_SECRET_KEYS})[\"']?\s*[:=]\s*"
    r"(?:(?i:bearer|basic)\s+)?)"
    rf"(?:{_QUOTED}|[^\s\"',;&}}\]]+)",
    rf"(?P<personalkey>[\"']?{_PERSONAL_KEYS}[\"']?\s*[:=]\s*){_QUOTED}",
    # Resident ID card: area, birth date, serial, check digit or X.
    r"(?P<idcard>(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])"
    r"(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z]))",
    # Unified social credit code: authority, kind, six-digit area, ten more.
    r"(?P<credit>(?<![0-9A-Za-z])[0-9A-HJ-NP-RTUWXY]\d{7}[0-9A-HJ-NP-RTUWXY]{10}"
    r"(?![0-9A-Za-z]))",
    r"(?P<mobile>(?<![0-9A-Za-z])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}"
    r"(?![0-9]))",
    r"(?P<landline>(?<![0-9A-Za-z.])(?:\(0\d{2,3}\)|0\d{2,3})[ -]?\d{7,8}"
    r"(?:[ ]*(?:转|分机|ext\.?|x|#)[ ]*\d{1,6})?(?![0-9]))",
    r"(?P<opaque>(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-]))",
)
_REDACT_RE = re.compile("|".join(_PATTERNS))
_HEX_RE = re.compile(r"[0-9a-fA-F]+")


def _looks_random(run: str) -> bool:
    """Whether a long run of URL-safe characters is a token rather than a name."""
    if _HEX_RE.fullmatch(run):
        # uuid4().hex and request ids are 32 characters or fewer; keys are longer.
        return len(run) >= 48
    upper = sum(ch.isupper() for ch in run)
    lower = sum(ch.islower() for ch in run)
    if not upper or not lower:
        return False  # snake_case and SHOUTING names
    mixed = any(ch.isdigit() or ch in "-_" for ch in run)
    # A CamelCase name has a capital per word; random text has one in three.
    return mixed or upper >= 8


def _replace(match: re.Match[str]) -> str:
    kind = match.lastgroup
    text = match.group(0)
    if kind == "keep":
        return text
    if kind == "sqlparams":
        return "[parameters: [redacted]]"
    if kind in ("bearer", "secretkey", "personalkey"):
        return f"{match.group(kind)}[redacted]"
    if kind == "opaque":
        return "[token]" if _looks_random(text) else text
    return {
        "idcard": "[id-card]",
        "credit": "[credit-code]",
        "mobile": "[phone]",
        "landline": "[phone]",
    }.get(kind or "", "[redacted]")


def redact(text: str) -> str:
    """The text with phone numbers, ID-card numbers, credit codes and tokens removed.

    Case ids, UUIDs, official and provisional case numbers are kept.
    """
    return _REDACT_RE.sub(_replace, text)


class RedactingFilter(logging.Filter):
    """Renders a record's message and traceback once, redacted, before any handler.

    Attached to handlers (a logger's own filters do not see records that propagate
    from child loggers). Never drops a record.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_hotline_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad %-format must not lose the line
            message = f"{record.msg!r} {record.args!r}"
        record.msg = redact(message)
        record.args = None

        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        # Formatters render exc_info again when it is set; only the redacted text stays.
        record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        setattr(record, "_hotline_redacted", True)  # noqa: B010
        return True


def protect_root_handlers(
    root: logging.Logger | None = None, redactor: logging.Filter | None = None
) -> None:
    """Put the redacting filter on every handler of the root logger."""
    target = root or logging.getLogger()
    guard = redactor or RedactingFilter()
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(guard)


def quiet_chatty_loggers() -> None:
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)


# --- uncaught exceptions --------------------------------------------------------------

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_excepthook(
    log_file: Path | None, *, notify: Callable[[str], None] | None = None
) -> ExceptHook:
    """Log uncaught exceptions (redacted, like every record) and say only where.

    The exception's own text can quote a caller's data, so what is shown on stderr
    or through ``notify`` (a dialog in the views) names the type and the log file,
    never the message. Returns the hook (also set for threads).
    """
    where = str(log_file) if log_file is not None else "-"

    def hook(
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        log.critical("uncaught %s", kind.__name__, exc_info=(kind, error, trace))
        text = (
            f"意外错误（{kind.__name__}），详情见日志 {where} / "
            f"unexpected error ({kind.__name__}); details in the log {where}"
        )
        print(f"hotline: {text}", file=sys.stderr)
        if notify is not None:
            notify(text)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
    return hook


# --- the workstation's set-up ---------------------------------------------------------


def _configured_level() -> str:
    from app import config

    try:
        return config.load_settings().log_level
    except config.SettingsError:
        # The start-up reports bad settings itself; the log still needs a level.
        return "INFO"


def setup_logging(
    level: str | None = None,
    *,
    folder: Path | None = None,
    console: bool = True,
    notify: Callable[[str], None] | None = None,
) -> Path:
    """Log to a rotating file in the log folder, every handler redacted.

    Args:
        level: a level name; by default the ``log_level`` setting.
        folder: where the file goes; by default ``app.config.log_dir()``.
        console: also write warnings and worse to stderr.
        notify: shown an uncaught error's one-line summary (see install_excepthook).

    Returns:
        The log file's path.
    """
    from app import config

    chosen = (level or _configured_level()).upper()
    target = folder if folder is not None else config.log_dir()
    path = target / LOG_FILE_NAME

    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_hotline_handler", False):
            root.removeHandler(old)
            old.close()
    unwritable: OSError | None = None
    try:
        target.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8"
        )
    except OSError as error:
        # A locked-down profile must not keep an operator from taking calls.
        unwritable = error
        console = True
    else:
        file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
        file_handler._hotline_handler = True  # type: ignore[attr-defined]
        root.addHandler(file_handler)
    if console:
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(logging.WARNING)
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        stream._hotline_handler = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(chosen)

    quiet_chatty_loggers()
    protect_root_handlers(root)
    install_excepthook(path, notify=notify)
    logging.captureWarnings(True)
    if unwritable is not None:
        log.warning("cannot write the log file %s (%s)", path, unwritable.strerror)
    else:
        log.info("logging at %s to %s", chosen, path)
    return path
