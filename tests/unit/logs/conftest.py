"""Leave the process's logging as the test found it (set-up functions change it)."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator

import pytest

from app.logs import RedactingFilter


@pytest.fixture
def clean_logging() -> Iterator[logging.Logger]:
    root = logging.getLogger()
    handlers = list(root.handlers)
    level = root.level
    quiet = {name: logging.getLogger(name).level for name in ("sqlalchemy", "urllib3")}
    hooks = (sys.excepthook, threading.excepthook)
    yield root
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    for handler in handlers:
        for found in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(found)
    root.setLevel(level)
    for name, old in quiet.items():
        logging.getLogger(name).setLevel(old)
    sys.excepthook, threading.excepthook = hooks
    logging.captureWarnings(False)
