"""`hotline-server`: run the server and administer its database."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from server.settings import Settings

if TYPE_CHECKING:
    from server.store.knowledge_flags import ArticleFlags

log = logging.getLogger(__name__)


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env().with_database(args.database_url)


def _sessions(settings: Settings):  # type: ignore[no-untyped-def]
    from server.store.db import make_engine, session_factory

    return session_factory(make_engine(settings.database_url))


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    from server.store.schema import upgrade

    settings = _settings(args)
    upgrade(settings.database_url)
    # Workers are separate processes: they read the same settings from the environment.
    os.environ["HOTLINE_DATABASE_URL"] = settings.database_url
    uvicorn.run(
        "server.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_config["root"]["level"].lower(),
        log_config=args.log_config,
    )
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from server.store.schema import upgrade

    upgrade(_settings(args).database_url)
    print("database is at the latest schema")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    from server.store.accounts import add_user
    from server.store.db import transaction

    password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < 8:
        print(
            "password (read from standard input) must have at least 8 characters",
            file=sys.stderr,
        )
        return 2
    with transaction(_sessions(_settings(args))) as session:
        add_user(session, args.name, password, args.role, args.unit)
    print(f"user {args.name} added as {args.role}")
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    from server.store.accounts import disable_user
    from server.store.db import transaction

    with transaction(_sessions(_settings(args))) as session:
        found = disable_user(session, args.name, datetime.now(UTC))
    if not found:
        print(f"no user {args.name}", file=sys.stderr)
        return 1
    print(f"user {args.name} disabled, tokens revoked")
    return 0


def cmd_kb_import(args: argparse.Namespace) -> int:
    from server.store.db import transaction
    from server.store.knowledge import import_path
    from server.store.knowledge_flags import resolve_superseded

    with transaction(_sessions(_settings(args))) as session:
        report = import_path(session, Path(args.path))
        # In the import's transaction: the new versions and their flags' resolution
        # are written together.
        resolved = resolve_superseded(session, datetime.now(UTC))
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(f"{report.imported} articles imported, {len(report.problems)} rows skipped")
    if resolved:
        print(f"{resolved} outdated-article flags resolved by the new versions")
    return 0 if report.imported or not report.problems else 1


def cmd_kb_flags(args: argparse.Namespace) -> int:
    from server.store.db import transaction
    from server.store.knowledge_flags import list_flags

    with transaction(_sessions(_settings(args))) as session:
        articles = list_flags(session, open_only=args.open)
    if args.format == "csv":
        _flags_csv(articles)
    else:
        _flags_text(articles)
    return 0


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if value else ""


def _flags_text(articles: list[ArticleFlags]) -> None:
    for article in articles:
        title = article.title if article.title is not None else "(no longer stored)"
        version = article.current_version or "-"
        print(
            f"{article.article_id}  {title}  (version {version})  "
            f"open flags: {article.open_count} of {len(article.flags)}"
        )
        for flag in article.flags:
            state = (
                f"resolved by version {flag.resolved_version} {_when(flag.resolved_at)}"
                if flag.resolved_at
                else "open"
            )
            reason = f"  reason: {flag.reason}" if flag.reason else ""
            flagged, received = _when(flag.flagged_at), _when(flag.received_at)
            print(
                f"  v{flag.article_version}  {flag.flagged_by}  device {flag.device_id}"
                f"  flagged {flagged}  received {received}  {state}{reason}"
            )
    open_total = sum(a.open_count for a in articles)
    print(f"{open_total} open flags on {len(articles)} articles")


FLAG_COLUMNS = (
    "article_id",
    "title",
    "current_version",
    "open_count",
    "flag_id",
    "article_version",
    "flagged_by",
    "device_id",
    "flagged_at",
    "received_at",
    "reason",
    "resolved_at",
    "resolved_version",
)


def _flags_csv(articles: list[ArticleFlags]) -> None:
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(FLAG_COLUMNS)
    for article in articles:
        for flag in article.flags:
            writer.writerow(
                (
                    article.article_id,
                    _cell(article.title or ""),
                    article.current_version or "",
                    article.open_count,
                    flag.flag_id,
                    flag.article_version,
                    flag.flagged_by,
                    flag.device_id,
                    flag.flagged_at.isoformat(),
                    flag.received_at.isoformat(),
                    _cell(flag.reason or ""),
                    flag.resolved_at.isoformat() if flag.resolved_at else "",
                    flag.resolved_version or "",
                )
            )


def _cell(text: str) -> str:
    """Typed text that a spreadsheet would run as a formula starts with a quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def cmd_calendar_import(args: argparse.Namespace) -> int:
    from server.store.db import transaction
    from server.store.reference import import_calendar

    try:
        with transaction(_sessions(_settings(args))) as session:
            count = import_calendar(session, Path(args.path))
    except (OSError, ValueError, TypeError, AttributeError) as error:
        # Nothing is imported: a calendar is all or nothing.
        print(f"{args.path}: {error}", file=sys.stderr)
        return 1
    print(f"{count} calendar days imported (one calendar_year row)")
    return 0


def cmd_open311_key_add(args: argparse.Namespace) -> int:
    from server.store.db import transaction
    from server.store.open311 import add_key

    try:
        with transaction(_sessions(_settings(args))) as session:
            key = add_key(session, args.name)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 1
    # Shown once: only its hash is stored.
    print(key)
    return 0


def cmd_open311_key_revoke(args: argparse.Namespace) -> int:
    from server.store.db import transaction
    from server.store.open311 import revoke_key

    with transaction(_sessions(_settings(args))) as session:
        found = revoke_key(session, args.name)
    if not found:
        print(f"no Open311 key named {args.name}", file=sys.stderr)
        return 1
    print(f"Open311 key {args.name} revoked")
    return 0


def cmd_demo_seed(args: argparse.Namespace) -> int:
    from server.store.db import transaction
    from server.store.demo_seed import seed
    from server.store.schema import upgrade

    settings = _settings(args)
    upgrade(settings.database_url)
    with transaction(_sessions(settings)) as session:
        summary = seed(
            session, settings, cases=args.cases, articles=args.articles, seed=args.seed
        )
    print(summary)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hotline-server", description="Hotline Desk central server"
    )
    parser.add_argument(
        "--database-url",
        help="SQLAlchemy URL (default: env HOTLINE_DATABASE_URL, else a SQLite file)",
    )
    parser.add_argument(
        "--log-level",
        type=str.upper,
        choices=["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"],
        help="default: env HOTLINE_LOG_LEVEL, else INFO",
    )
    parser.add_argument(
        "--log-file",
        help=(
            "JSON-lines log, rotated by the server with one worker and by logrotate "
            "with several (default: env HOTLINE_LOG_FILE)"
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8345)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)

    db = commands.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply migrations").set_defaults(
        func=cmd_db_upgrade
    )

    user = commands.add_parser("user", help="accounts")
    user_commands = user.add_subparsers(dest="user_command", required=True)
    add = user_commands.add_parser(
        "add", help="add a user; the password is read from standard input"
    )
    add.add_argument("name")
    add.add_argument(
        "--role",
        required=True,
        choices=["operator", "handler", "supervisor", "admin", "auditor"],
    )
    add.add_argument("--unit", help="department code (handlers)")
    add.set_defaults(func=cmd_user_add)
    disable = user_commands.add_parser(
        "disable", help="disable a user and revoke their tokens"
    )
    disable.add_argument("name")
    disable.set_defaults(func=cmd_user_disable)

    kb = commands.add_parser("kb", help="knowledge base")
    kb_commands = kb.add_subparsers(dest="kb_command", required=True)
    kb_import = kb_commands.add_parser(
        "import", help="import JSON Lines, CSV or a folder of Markdown files"
    )
    kb_import.add_argument("path")
    kb_import.set_defaults(func=cmd_kb_import)
    kb_flags = kb_commands.add_parser(
        "flags", help="operators' flags of outdated articles, per article"
    )
    kb_flags.add_argument(
        "--open", action="store_true", help="only flags not yet resolved"
    )
    kb_flags.add_argument("--format", choices=["text", "csv"], default="text")
    kb_flags.set_defaults(func=cmd_kb_flags)

    calendar = commands.add_parser("calendar", help="official calendar")
    calendar_commands = calendar.add_subparsers(dest="calendar_command", required=True)
    cal_import = calendar_commands.add_parser(
        "import", help="import a year's holidays and swapped workdays (JSON)"
    )
    cal_import.add_argument("path")
    cal_import.set_defaults(func=cmd_calendar_import)

    o311 = commands.add_parser("open311", help="Open311 GeoReport v2")
    o311_commands = o311.add_subparsers(dest="open311_command", required=True)
    key = o311_commands.add_parser("key", help="API keys of Open311 client apps")
    key_commands = key.add_subparsers(dest="key_command", required=True)
    key_add = key_commands.add_parser("add", help="issue a key (printed once)")
    key_add.add_argument("name")
    key_add.set_defaults(func=cmd_open311_key_add)
    key_revoke = key_commands.add_parser("revoke", help="revoke a key at once")
    key_revoke.add_argument("name")
    key_revoke.set_defaults(func=cmd_open311_key_revoke)

    demo = commands.add_parser("demo", help="demo data")
    demo_commands = demo.add_subparsers(dest="demo_command", required=True)
    seed = demo_commands.add_parser(
        "seed", help="reference data, demo users, cases and articles"
    )
    seed.add_argument("--cases", type=int, default=200)
    seed.add_argument("--articles", type=int, default=300)
    seed.add_argument("--seed", type=int, default=12345)
    seed.set_defaults(func=cmd_demo_seed)
    return parser


def main(argv: list[str] | None = None) -> int:
    from server.logs import setup_logging

    args = build_parser().parse_args(argv)
    shared = getattr(args, "workers", 1) > 1
    args.log_config = setup_logging(args.log_level, args.log_file, shared=shared)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
