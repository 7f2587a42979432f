"""schemathesis over the published /openapi.json, for every role and without a token.

Positive and negative cases for every operation; each generated request is sent once
per role (operator, handler, supervisor, auditor) and once without a token. Checks:
no 5xx, answers match their declared schemas, and no route that declares
authentication answers without it. Failures are collected so one run lists them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    ignored_auth,
    response_schema_conformance,
)

from tests.server.conftest import (
    Server,
    prepare_database,
    start_server,
    stop_server,
)

ROLES = {
    "operator": "op1",
    "handler": "h1",
    "supervisor": "sup1",
    "auditor": "aud1",
    "anonymous": None,
}
EXAMPLES = 4
CHECKS = [not_a_server_error, response_schema_conformance, ignored_auth]


@pytest.fixture(scope="module")
def fuzzed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'server.db'}"
    prepare_database(url)
    running = start_server(url, {"HOTLINE_LOGIN_RATE_LIMIT": "100000"})
    yield running
    stop_server(running)


def _headers(server: Server) -> dict[str, dict[str, str]]:
    result = {}
    for role, username in ROLES.items():
        values = {"X-Hotline-Protocol": "1"}
        if username is not None:
            values["Authorization"] = f"Bearer {server.login(username)}"
        result[role] = values
    return result


def _fuzz(operation: Any, mode: GenerationMode, server: Server) -> list[str]:
    roles = _headers(server)
    failures: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case: Any) -> None:
        for role, headers in roles.items():
            try:
                case.call_and_validate(
                    base_url=server.url, headers=headers, checks=CHECKS
                )
            except Exception as error:  # a check's failure group, reported below
                first = str(error).strip().splitlines()[:3]
                failures.append(f"{operation.label} [{mode.value}, {role}]: {first}")

    try:
        run()
    except Unsatisfiable:
        # No invalid input exists for this operation (e.g. no parameters at all).
        assert mode is GenerationMode.NEGATIVE, operation.label
    return failures


def test_every_operation_for_every_role(fuzzed_server: Server) -> None:
    schema = schemathesis.openapi.from_url(fuzzed_server.url + "/openapi.json")
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures.extend(_fuzz(operation, mode, fuzzed_server))

    assert operations >= 20
    assert not failures, "\n".join(sorted(set(failures)))
