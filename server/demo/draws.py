"""Random draws of the case stream's hot path.

The case stream must reach tens of thousands of cases a second: these helpers avoid
random.randrange's argument checks and uuid.UUID's validation on the hot path.
"""

from __future__ import annotations

from collections.abc import Sequence
from random import Random
from typing import TypeVar

T = TypeVar("T")


def below(rng: Random, n: int) -> int:
    return int(rng.random() * n)


def between(rng: Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low))


def pick(rng: Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]


def draw_uuid(rng: Random) -> str:
    """A version-4 UUID string drawn from ``rng`` (deterministic, unlike uuid4())."""
    bits = rng.getrandbits(128)
    bits = (bits & ~(0xF000 << 64) | (0x4000 << 64)) & ~(0xC000 << 48) | (0x8000 << 48)
    h = f"{bits:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
