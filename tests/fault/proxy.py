"""An asyncio TCP proxy between workstations and the server that injects faults.

One HTTP request per client connection (the proxy asks both sides to close after it),
so a fault hits exactly one request. Faults, chosen by a seeded generator:

- ``reset_before``: the connection is reset before the request reaches the server;
- ``reset_after``: the server answers (and has committed), the answer is dropped and
  the client's connection reset;
- ``cut``: half of the answer is passed on, then the connection closes;
- ``stall``: the request waits longer than the client's read timeout, then goes on
  to the server anyway (a late commit the client never hears of);
- ``slow``: the answer trickles through in small pieces;
- ``duplicate``: the request reaches the server twice, the client sees the second
  answer;
- ``replay``: an earlier request (for example an old push) is sent again first,
  out of order.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
import threading
from collections import Counter
from dataclasses import dataclass, field

FAULTS = ("reset_before", "reset_after", "cut", "stall", "slow", "duplicate", "replay")


@dataclass
class FaultPlan:
    rate: float = 0.0
    kinds: tuple[str, ...] = FAULTS
    stall_seconds: float = 3.0


@dataclass
class FaultProxy:
    upstream_port: int
    seed: int
    plan: FaultPlan = field(default_factory=FaultPlan)
    port: int = 0
    injected: Counter[str] = field(default_factory=Counter)
    requests: int = 0

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._history: list[bytes] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._server: asyncio.AbstractServer | None = None
        # asyncio holds tasks weakly; a handler whose client went away must not be
        # collected half way (it would leak its sockets).
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(10)

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            current = asyncio.current_task()
            tasks = [t for t in asyncio.all_tasks() if t is not current]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            # Let the closed transports release their sockets.
            await asyncio.sleep(0.05)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", self.port)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    def _pick(self) -> str | None:
        if self._rng.random() >= self.plan.rate:
            return None
        return self._rng.choice(self.plan.kinds)

    async def _handle(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)  # type: ignore[arg-type]
        try:
            request = await _read_request(reader)
            if request is None:
                return
            self.requests += 1
            fault = self._pick()
            if fault is not None:
                self.injected[fault] += 1
            await self._serve(request, fault, writer)
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            pass
        finally:
            if not writer.is_closing():
                writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
            if task is not None:
                self._tasks.discard(task)  # type: ignore[arg-type]

    async def _serve(
        self, request: bytes, fault: str | None, writer: asyncio.StreamWriter
    ) -> None:
        if fault == "reset_before":
            _reset(writer)
            return
        if fault == "stall":
            await asyncio.sleep(self.plan.stall_seconds)
        if fault == "replay" and self._history:
            await _forward(self.upstream_port, self._rng.choice(self._history))
        if request.startswith(b"POST /api/v1/sync/push"):
            self._history = [*self._history[-20:], request]
        answer = await _forward(self.upstream_port, request)
        if fault == "duplicate":
            answer = await _forward(self.upstream_port, request)
        if fault == "reset_after":
            _reset(writer)
            return
        if fault == "cut":
            writer.write(answer[: max(1, len(answer) // 2)])
            await writer.drain()
            return
        if fault == "slow":
            for start in range(0, len(answer), 256):
                writer.write(answer[start : start + 256])
                await writer.drain()
                await asyncio.sleep(0.002)
            return
        writer.write(answer)
        await writer.drain()


def _reset(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        # Linger 0: close sends RST, the way a dying middlebox does.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def _read_request(reader: asyncio.StreamReader) -> bytes | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    length = 0
    lines = head.split(b"\r\n")
    kept = [lines[0]]
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        lowered = name.strip().lower()
        if lowered == b"content-length":
            length = int(value.strip())
        if lowered == b"connection" or not line:
            continue
        kept.append(line)
    kept.append(b"Connection: close")
    body = await reader.readexactly(length) if length else b""
    return b"\r\n".join(kept) + b"\r\n\r\n" + body


async def _forward(port: int, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        await writer.drain()
        return await reader.read(-1)
    finally:
        writer.close()
