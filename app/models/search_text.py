"""Text handling for knowledge search: tokens, pinyin initials, synonyms, match spans.

Qt-free and engine-free, so the same rules serve indexing, querying and highlighting.

Chinese is indexed as overlapping character pairs (社会保险 -> 社会 会保 保险): any
two-character query is then one exact term, with no dictionary to miss new words
(网约车, 网格员). Latin words and digits are kept whole and lowercased.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

# CJK unified ideographs (basic block and extension A) and compatibility ideographs.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(f"[{_HAN}]+|[0-9a-z]+")
_IS_HAN = re.compile(f"[{_HAN}]")

Span = tuple[int, int]

# A few place names pypinyin reads with the wrong initial on its own (TRAPS.md:
# 长宁区 comes out as znq). Applied over pypinyin's result, never by patching it.
PHRASE_INITIALS: dict[str, str] = {
    "长宁": "cn",
    "长寿": "cs",
    "长沙": "cs",
    "长春": "cc",
    "长治": "cz",
    "长乐": "cl",
    "长兴": "cx",
    "长清": "cq",
    "长丰": "cf",
    "长安": "ca",
    "长江": "cj",
    "长征": "cz",
    "重庆": "cq",
    "六安": "la",
    "六合": "lh",
    "蚌埠": "bb",
    "番禺": "py",
    "单县": "sx",
    "乐山": "ls",
    "乐清": "yq",
    "都江堰": "djy",
    "朝阳": "cy",
    "厦门": "xm",
    "莘县": "sx",
    "东阿": "de",
    "铅山": "ys",
    "蔚县": "yx",
    "大厦": "ds",
    "银行": "yh",
    "行政": "xz",
    "重新": "cx",
    "重复": "cf",
}

# Synonyms every hotline uses; articles add their own through their synonyms column.
BUILTIN_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("社保", "社会保险"),
    ("医保", "医疗保险"),
    ("养老保险", "养老金"),
    ("公积金", "住房公积金"),
    ("停水", "断水"),
    ("停电", "断电"),
    ("户口", "户籍"),
    ("身份证", "居民身份证"),
    ("网约车", "网络预约出租汽车"),
    ("低保", "最低生活保障"),
    ("残疾证", "残疾人证"),
    ("驾照", "驾驶证"),
    ("噪音", "噪声"),
    ("营业执照", "执照"),
)


# Full-width Latin letters and digits (ＥＴＣ, １２３４５) fold to ASCII; full-width
# punctuation never reaches a query term, so it is left alone (and skipping it keeps
# the common case, Chinese text with ，。, to one regex scan).
_FULL_WIDTH_ALNUM = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_FULL_WIDTH = {
    code: code - 0xFEE0
    for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}
_HAS_FULL_WIDTH = re.compile(f"[{_FULL_WIDTH_ALNUM}]")


def normalize(text: str) -> str:
    """Full-width Latin letters and digits to ASCII, and lowercase, keeping one
    character per character.

    Highlight offsets found in the normalised text must stay valid in the original, so
    the rare characters whose lowercase is longer (İ) are left as they are.
    """
    folded = text.translate(_FULL_WIDTH) if _HAS_FULL_WIDTH.search(text) else text
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in folded)


def is_han(text: str) -> bool:
    return bool(_IS_HAN.search(text))


def segments(text: str) -> list[str]:
    """Runs of Chinese characters and runs of Latin letters/digits, normalised."""
    return _RUN.findall(normalize(text))


def pair_tokens(text: str, *, singles: bool = False) -> list[str]:
    """The index terms of a text: Chinese pairs (and single characters if asked),
    whole Latin words and numbers."""
    out: list[str] = []
    for run in _RUN.findall(normalize(text)):
        if run[0] < "\u3400":
            out.append(run)
            continue
        if singles or len(run) == 1:
            out.extend(run)
        if len(run) > 1:
            out.extend(map(operator.add, run, run[1:]))
    return out


def token_text(text: str, *, singles: bool = False) -> str:
    """The tokens joined by spaces: the engine splits them again on whitespace."""
    return " ".join(pair_tokens(text, singles=singles))


def query_terms(segment: str) -> list[str]:
    """Terms one query segment must all match: a Latin word, one character, or pairs."""
    if segment[0] < "\u3400" or len(segment) == 1:
        return [segment]
    return list(dict.fromkeys(map(operator.add, segment, segment[1:])))


# --- pinyin initials -------------------------------------------------------------


def _reading_initial(reading: str) -> str:
    return unicodedata.normalize("NFD", reading)[:1].lower()


@lru_cache(maxsize=1)
def _char_initials() -> dict[str, str]:
    """Each character's initial from its first (most common) reading."""
    from pypinyin.pinyin_dict import pinyin_dict  # 0.4 s import: only when indexing

    return {
        chr(code): _reading_initial(reading) for code, reading in pinyin_dict.items()
    }


@lru_cache(maxsize=1)
def _phrase_fixes() -> tuple[dict[str, str], frozenset[str], int]:
    """Phrases whose initials differ from their characters' first readings (银行 yh,
    not yx), from pypinyin's phrase dictionary plus the place-name corrections, and
    the characters that can start such a difference.

    Looking these up directly is about ten times faster than running pypinyin's own
    segmentation on every title (17 s for 100,000 titles, PERFORMANCE.md).
    """
    from pypinyin.phrases_dict import phrases_dict

    first = _char_initials()
    fixes: dict[str, str] = {}
    for phrase, readings in phrases_dict.items():
        if len(readings) != len(phrase) or not all(readings):
            continue
        code = "".join(_reading_initial(options[0]) for options in readings)
        if code != "".join(first.get(ch, "_") for ch in phrase):
            fixes[phrase] = code
    fixes.update(PHRASE_INITIALS)
    triggers = frozenset(
        ch
        for phrase, code in fixes.items()
        for ch, letter in zip(phrase, code, strict=True)
        if first.get(ch) != letter
    )
    return fixes, triggers, max(len(p) for p in fixes)


@lru_cache(maxsize=65536)
def initials(text: str) -> str:
    """Pinyin initials aligned with `text`: one letter per character, Latin letters and
    digits kept (lowercased), anything else '_'. 住房公积金 -> zfgjj; 长宁区 -> cnq."""
    first = _char_initials()
    fixes, triggers, longest = _phrase_fixes()
    norm = normalize(text)
    letters = [
        first.get(ch, "_")
        if is_han(ch)
        else (ch if ch.isascii() and ch.isalnum() else "_")
        for ch in norm
    ]
    for i, ch in enumerate(norm):
        if ch not in triggers:
            continue
        # The longest known phrase covering this character decides its reading.
        found = _covering_phrase(norm, i, fixes, longest)
        if found is not None:
            start, phrase = found
            letters[start : start + len(phrase)] = list(fixes[phrase])
    return "".join(letters)


def _covering_phrase(
    text: str, at: int, fixes: dict[str, str], longest: int
) -> tuple[int, str] | None:
    for size in range(min(longest, len(text)), 1, -1):
        for start in range(max(0, at - size + 1), min(at, len(text) - size) + 1):
            phrase = text[start : start + size]
            if phrase in fixes:
                return start, phrase
    return None


def initials_grams(text: str, *, low: int = 2, high: int = 8) -> list[str]:
    """Substrings of the initials, so gjj finds 住房公积金提取 (zfgjjtq); only
    within runs of Chinese characters."""
    grams: list[str] = []
    for run in re.split(r"[^a-z]+", han_initials(text)):
        for size in range(low, min(high, len(run)) + 1):
            grams.extend(run[i : i + size] for i in range(len(run) - size + 1))
    return list(dict.fromkeys(grams))


def han_initials(text: str) -> str:
    """Initials aligned with `text`, blank where the character is not Chinese."""
    norm = normalize(text)
    return "".join(
        letter if is_han(ch) else " "
        for ch, letter in zip(norm, initials(text), strict=True)
    )


def whole_initials(term: str) -> str | None:
    """Initials of an all-Chinese term (公积金 -> gjj), else None."""
    if not term or not all(is_han(ch) for ch in term):
        return None
    return initials(term)


# --- synonyms and known terms ------------------------------------------------------


def synonym_groups(keywords: Sequence[str], synonyms: Sequence[str]) -> list[list[str]]:
    """Groups of interchangeable terms an article declares.

    An entry "社保=社会保险" (or with | / ,) is a group of its own; a bare synonym is
    paired with the closest keyword.
    """
    groups: list[list[str]] = []
    loose: list[str] = []
    for entry in synonyms:
        parts = [p.strip() for p in re.split(r"[=|,，、/]", entry) if p.strip()]
        if len(parts) > 1:
            groups.append(parts)
        elif parts:
            loose.append(parts[0])
    # A bare synonym joins the keyword it shares most characters with (社会保障卡 ->
    # 社保卡, not 公积金): articles list synonyms of every term they mention.
    for term in loose:
        best, shared = None, 1
        for word in keywords:
            common = len(set(term) & set(word))
            if common > shared:
                best, shared = word, common
        if best is not None:
            groups.append([best, term])
    return groups


class TermTables:
    """Synonym groups and the known-term pinyin table (initials -> Chinese terms).

    Read by searches on any thread: a search takes the current object; the writer
    builds a new one and swaps the reference, never mutating a published one.
    """

    def __init__(
        self,
        synonyms: dict[str, list[str]] | None = None,
        known: dict[str, list[str]] | None = None,
    ) -> None:
        self.synonyms: dict[str, list[str]] = synonyms or {}
        self.known: dict[str, list[str]] = known or {}

    @classmethod
    def builtin(cls) -> TermTables:
        tables = cls()
        for group in BUILTIN_SYNONYMS:
            tables._add_group(list(group))
        return tables

    def copy(self) -> TermTables:
        return TermTables(
            {k: list(v) for k, v in self.synonyms.items()},
            {k: list(v) for k, v in self.known.items()},
        )

    def add_article(self, keywords: Sequence[str], synonyms: Sequence[str]) -> None:
        for group in synonym_groups(keywords, synonyms):
            self._add_group(group)
        for word in keywords:
            self._add_known(word)

    def _add_group(self, group: list[str]) -> None:
        norm = [normalize(t) for t in group if t.strip()]
        for term in norm:
            others = self.synonyms.setdefault(term, [])
            for other in norm:
                if other != term and other not in others:
                    others.append(other)
            self._add_known(term)

    def _add_known(self, term: str) -> None:
        term = normalize(term.strip())
        code = whole_initials(term)
        if code and len(code) >= 2:
            terms = self.known.setdefault(code, [])
            if term not in terms:
                terms.append(term)

    def expand(self, segment: str, limit: int = 4) -> list[str]:
        return self.synonyms.get(segment, [])[:limit]

    def known_terms(self, code: str, limit: int = 4) -> list[str]:
        return self.known.get(code, [])[:limit]

    def to_json(self) -> dict[str, dict[str, list[str]]]:
        return {"synonyms": self.synonyms, "known": self.known}

    @classmethod
    def from_json(cls, data: dict[str, dict[str, list[str]]]) -> TermTables:
        return cls(dict(data.get("synonyms", {})), dict(data.get("known", {})))


# --- match spans ----------------------------------------------------------------


def find_spans(text: str, needles: Iterable[str]) -> list[Span]:
    """Where any of the needles occurs in `text` (case-insensitive, full-width folded),
    as merged (start, end) character offsets into `text` itself."""
    norm = normalize(text)
    spans: list[Span] = []
    for needle in needles:
        if not needle:
            continue
        start = norm.find(needle)
        while start >= 0:
            spans.append((start, start + len(needle)))
            start = norm.find(needle, start + 1)
    return merge_spans(spans)


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def window(text: str, spans: list[Span], size: int) -> tuple[str, list[Span]]:
    """A piece of `text` about `size` characters long around the first span, with the
    spans moved into it; ellipses mark cut ends (and shift the spans)."""
    flat = text.replace("\r", " ").replace("\n", " ")
    if len(flat) <= size:
        return flat, spans
    begin = 0
    if spans:
        begin = max(0, min(spans[0][0] - size // 5, len(flat) - size))
    end = min(len(flat), begin + size)
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(flat) else ""
    shift = len(prefix) - begin
    inside = [
        (max(s, begin) + shift, min(e, end) + shift)
        for s, e in spans
        if s < end and e > begin
    ]
    return prefix + flat[begin:end] + suffix, inside


def highlight_html(text: str, spans: Sequence[Span], tag: str = "b") -> str:
    """Rich text for a Qt label: every piece escaped, matches wrapped in `tag`."""
    from html import escape

    out: list[str] = []
    pos = 0
    for start, end in spans:
        out.append(escape(text[pos:start]))
        out.append(f"<{tag}>{escape(text[start:end])}</{tag}>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)
