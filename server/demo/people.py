"""Fictitious people and firms: callers, enterprises with credit codes, accounts.

Callers and enterprises are mixed from their index and the seed, not drawn from the
stream's generator, so pool index ``n`` is the same person in every case that
names it.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.demo.inputs import CITY_CODE, CITY_NAME, Inputs

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def credit_code(organisation: str, division: str = CITY_CODE) -> str:
    """A unified social credit code (GB 32100-2015) for an enterprise (类别 91).

    ``organisation`` is the 8-character body of the organisation code; its own check
    character (GB 11714) and the final check character are computed here.
    """
    values = {c: v for v, c in enumerate(CREDIT_ALPHABET)}
    org_sum = sum(
        values[c] * w for c, w in zip(organisation, _ORG_WEIGHTS, strict=True)
    )
    org_check = 11 - org_sum % 11
    org_char = {10: "X", 11: "0"}.get(org_check, str(org_check))
    first17 = "91" + division + organisation + org_char
    total = sum(values[c] * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return first17 + CREDIT_ALPHABET[(31 - total % 31) % 31]


@dataclass(frozen=True)
class Caller:
    number: str
    name: str


class People:
    """The callers and enterprises of one stream, remembered once made."""

    def __init__(self, data: Inputs, seed: int) -> None:
        self.data = data
        self.seed = seed
        words = data.words
        self.surnames: str = words["surnames"]
        self.given: str = words["given_chars"]
        self.prefixes: list[str] = words["mobile_prefixes"]
        self.callers: dict[int, Caller] = {}
        self.enterprises: dict[int, tuple[str, str]] = {}

    def caller(self, index: int) -> Caller:
        """The fictitious caller behind pool index ``index``: the same every time."""
        known = self.callers.get(index)
        if known is not None:
            return known

        mix = index * 2654435761 + self.seed * 40503
        if index % 13 == 5:
            number = f"0839{2 + mix % 7}{(index * 7919 + self.seed) % 10**6:06d}"
        else:
            prefix = self.prefixes[index % len(self.prefixes)]
            number = f"{prefix}{(index * 7919 + self.seed * 104729 + 13) % 10**8:08d}"
        surname = self.surnames[mix % len(self.surnames)]
        given = self.given[(mix >> 7) % len(self.given)]
        if mix % 3:
            given += self.given[(mix >> 13) % len(self.given)]
        name = "" if index % 17 == 3 else surname + given

        caller = Caller(number, name)
        if len(self.callers) > 50_000:
            self.callers.clear()  # keep memory flat on million-case streams
        self.callers[index] = caller
        return caller

    def enterprise(self, index: int) -> tuple[str, str]:
        """Name and credit code of fictitious enterprise ``index``."""
        known = self.enterprises.get(index)
        if known is not None:
            return known

        words = self.data.words
        mix = index * 40503 + self.seed * 7
        community = self.data.communities[mix % len(self.data.communities)]
        firm = words["company_words"][index % len(words["company_words"])]
        trade = words["company_trades"][(mix >> 5) % len(words["company_trades"])]
        form = words["company_forms"][(mix >> 9) % len(words["company_forms"])]
        place = community.district if index % 3 else CITY_NAME
        name = f"{place}{firm}{trade}{form}"
        body = "".join(CREDIT_ALPHABET[(mix >> (5 * k)) % 31] for k in range(8))
        code = credit_code(body, community.district_code)

        self.enterprises[index] = (name, code)
        return name, code


def handler_name(unit_code: str) -> str:
    """The generated handler account of a unit (the seed maps one unit's to h1)."""
    return f"hd.{unit_code}"
