"""Scale of the fault run: CI-sized by default, `--fault-scale=long` for hours."""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fault-scale",
        default=os.environ.get("HOTLINE_FAULT_SCALE", "ci"),
        choices=("ci", "long"),
        help="size of the sync fault run (env HOTLINE_FAULT_SCALE)",
    )
    parser.addoption(
        "--fault-seed",
        default=os.environ.get("HOTLINE_FAULT_SEED"),
        help="replay a fault run with this seed",
    )


@pytest.fixture
def fault_scale(request: pytest.FixtureRequest) -> str:
    return str(request.config.getoption("--fault-scale"))


@pytest.fixture
def fault_seed(request: pytest.FixtureRequest) -> int:
    given = request.config.getoption("--fault-seed")
    return int(given) if given else int.from_bytes(os.urandom(4), "big")
