"""`hotline-server` as servers before knowledge.flag are: the real server, whose push
schema accepts only the kinds of protocol version 1 (wire.BASE_KINDS).

Run as `python -m tests.e2e.server_before_flags --database-url URL serve --port N`.
The narrowed request model must be in place before server.api.sync imports it; every
other part (routes, store, ledger, FastAPI's 422 for a kind it does not know) is the
real one.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from app.sync import wire


class _MutationBeforeFlags(wire.Mutation):
    kind: Literal["case.create", "case.update", "case.command"]


class _PushBeforeFlags(wire.PushRequest):
    mutations: list[_MutationBeforeFlags] = Field(max_length=wire.MAX_BATCH)


# Exactly the kinds every server of protocol version 1 knows.
assert set(get_args(_MutationBeforeFlags.model_fields["kind"].annotation)) == set(
    wire.BASE_KINDS
)
wire.PushRequest = _PushBeforeFlags

if __name__ == "__main__":
    from server.cli import main

    raise SystemExit(main())
