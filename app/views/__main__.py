"""hotline-desk: the operator's workstation.

Start-up shows the login dialog as soon as Qt is up; SQLAlchemy, the search engine
and the reference data are imported and opened afterwards, on the database lane,
while the operator types the password (importing SQLAlchemy alone costs ~0.4 s).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hotline-desk")
    parser.add_argument(
        "--call", metavar="NUMBER", help="open an intake for this caller"
    )
    parser.add_argument("--cache", type=Path, help="the local cache file")
    parser.add_argument("--language", choices=("zh", "en"), help="interface language")
    parser.add_argument("--self-test", action="store_true", help="check this install")
    parser.add_argument(
        "--user",
        help="log in as this user without the dialog "
        "(demo and benchmarks; needs HOTLINE_DESK_PASSWORD)",
    )
    parser.add_argument(
        "--exit-when-ready",
        action="store_true",
        help="print a marker and quit once the intake is usable",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from app.views.startup_trace import mark

    mark("main")
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        try:
            from app.views import selftest
        except ImportError:
            print("self-test is not part of this build", file=sys.stderr)
            return 2
        return int(selftest.run([]))

    from app.logs import setup_logging

    setup_logging()
    mark("logging")
    from PySide6.QtWidgets import QApplication

    from app.views.i18n import install_language

    app = QApplication(sys.argv[:1])
    app.setApplicationName("hotline-desk")
    mark("QApplication")
    from app.views.config import desk_config
    from app.views.startup import Startup

    config = desk_config(cache=args.cache, language=args.language)
    mark("settings")
    install_language(app, config.language)
    mark("translations")
    startup = Startup(
        app,
        config,
        call_number=args.call or "",
        exit_when_ready=args.exit_when_ready,
        user=args.user,
        password=os.environ.get("HOTLINE_DESK_PASSWORD"),
    )
    failures: list[str] = []

    def stop(message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        failures.append(message)
        if args.user:
            print(message, file=sys.stderr)
        else:
            QMessageBox.critical(None, "Hotline Desk 12345", message)
        app.quit()

    startup.stopped.connect(stop)
    if not startup.begin():
        return 1
    mark("begun")
    code = app.exec()
    startup.shutdown()
    return 1 if failures else code


if __name__ == "__main__":
    sys.exit(main())
