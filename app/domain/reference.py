"""Reference data the centre reviews and corrects, read into typed, frozen records.

The files live in ``resources/reference/`` (UTF-8, CSV with a header row, JSON where the
shape is nested). ``resources_dir()`` finds ``resources/`` in a source checkout or in a
PyInstaller bundle. Each loader takes an optional path (tests and the server pass their
own) and raises ``ReferenceDataError`` naming the file and the row when something is
missing or malformed, instead of a bare KeyError deep in a screen.

The deadline rules and calendar overrides are parsed here too, as plain data;
``deadlines.py`` and ``calendar.py`` give them their meaning. A calendar override also
arrives as JSON data without a file (``hotline-server calendar import``, the
workstation's cache): ``parse_calendar_override`` checks it the same way.
"""

import csv
import json
import logging
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from app.domain.errors import ReferenceDataError
from app.domain.vocabulary import RequestType, Urgency

logger = logging.getLogger(__name__)


def resources_dir() -> Path:
    """The ``resources/`` folder: inside a PyInstaller bundle, or at the repo root."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def reference_dir() -> Path:
    return resources_dir() / "reference"


def _missing(path: Path) -> ReferenceDataError:
    return ReferenceDataError(
        f"缺少参考数据文件：{path.name}（应位于 {path.parent.name}/ 目录）",
        f"Reference data file missing: {path.name} (expected in {path.parent.name}/)",
        "reference_missing",
    )


def _bad(path: Path, where: str, problem: str) -> ReferenceDataError:
    return _bad_named(path.name, where, problem)


def _bad_named(name: str, where: str, problem: str) -> ReferenceDataError:
    return ReferenceDataError(
        f"参考数据文件 {name} {where} 有误：{problem}",
        f"Reference data file {name}, {where}: {problem}",
        "reference_malformed",
    )


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.is_file():
        raise _missing(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        absent = [c for c in columns if c not in header]
        if absent:
            raise _bad(path, "header", f"missing columns {', '.join(absent)}")
        rows = [
            {k: (v or "").strip() for k, v in row.items() if k is not None}
            for row in reader
        ]
    logger.debug("read %d rows from %s", len(rows), path.name)
    return rows


def _read_json(path: Path) -> Any:
    if not path.is_file():
        raise _missing(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _bad(path, "content", str(exc)) from None


def _bool(path: Path, line: int, value: str) -> bool:
    if value.lower() in ("true", "1", "yes"):
        return True
    if value.lower() in ("false", "0", "no", ""):
        return False
    raise _bad(path, f"line {line}", f"not true/false: {value!r}")


# --- categories, areas, departments, dispatch catalogue -----------------------------


@dataclass(frozen=True)
class Category:
    code: str
    parent_code: str | None
    level: int
    name_zh: str
    name_en: str
    default_request_type: RequestType | None
    pinyin_initials: str

    def name(self, language: str) -> str:
        """The name in the language ("zh" or "en"); Chinese when there is no English."""
        return self.name_zh if language == "zh" or not self.name_en else self.name_en


@dataclass(frozen=True)
class Area:
    code: str
    parent_code: str | None
    level: str  # district / township / community
    name_zh: str


@dataclass(frozen=True)
class Department:
    code: str
    name_zh: str
    kind: str
    area_code: str | None
    parent_code: str | None
    is_enterprise_desk: bool


@dataclass(frozen=True)
class DispatchRule:
    category_prefix: str
    area_prefix: str  # empty: applies everywhere
    lead_unit_code: str
    co_unit_codes: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class DispatchSuggestion:
    lead_unit_code: str
    co_unit_codes: tuple[str, ...]
    note: str
    rule: DispatchRule


def load_categories(path: Path | None = None) -> list[Category]:
    path = path or reference_dir() / "categories.csv"
    columns = (
        "code",
        "parent_code",
        "level",
        "name_zh",
        "name_en",
        "default_request_type",
        "pinyin_initials",
    )
    result = []
    for line, row in enumerate(_read_csv(path, columns), start=2):
        try:
            level = int(row["level"])
            request_type = (
                RequestType(row["default_request_type"])
                if row["default_request_type"]
                else None
            )
        except ValueError as exc:
            raise _bad(path, f"line {line}", str(exc)) from None
        if not row["code"] or not row["name_zh"]:
            raise _bad(path, f"line {line}", "code and name_zh are required")
        result.append(
            Category(
                code=row["code"],
                parent_code=row["parent_code"] or None,
                level=level,
                name_zh=row["name_zh"],
                name_en=row["name_en"],
                default_request_type=request_type,
                pinyin_initials=row["pinyin_initials"],
            )
        )
    return result


def load_areas(path: Path | None = None) -> list[Area]:
    path = path or reference_dir() / "areas.csv"
    result = []
    for line, row in enumerate(
        _read_csv(path, ("code", "parent_code", "level", "name_zh")), start=2
    ):
        if row["level"] not in ("district", "township", "community"):
            raise _bad(path, f"line {line}", f"unknown level {row['level']!r}")
        result.append(
            Area(row["code"], row["parent_code"] or None, row["level"], row["name_zh"])
        )
    return result


def load_departments(path: Path | None = None) -> list[Department]:
    path = path or reference_dir() / "departments.csv"
    columns = (
        "code",
        "name_zh",
        "kind",
        "area_code",
        "parent_code",
        "is_enterprise_desk",
    )
    return [
        Department(
            code=row["code"],
            name_zh=row["name_zh"],
            kind=row["kind"],
            area_code=row["area_code"] or None,
            parent_code=row["parent_code"] or None,
            is_enterprise_desk=_bool(path, line, row["is_enterprise_desk"]),
        )
        for line, row in enumerate(_read_csv(path, columns), start=2)
    ]


def load_dispatch_catalogue(path: Path | None = None) -> list[DispatchRule]:
    path = path or reference_dir() / "dispatch_catalogue.csv"
    columns = ("category_code", "area_code", "lead_unit_code", "co_unit_codes", "note")
    result = []
    for line, row in enumerate(_read_csv(path, columns), start=2):
        if not row["category_code"] or not row["lead_unit_code"]:
            raise _bad(
                path, f"line {line}", "category_code and lead_unit_code are required"
            )
        co_units = tuple(
            c.strip() for c in row["co_unit_codes"].split(";") if c.strip()
        )
        result.append(
            DispatchRule(
                category_prefix=row["category_code"],
                area_prefix=row["area_code"],
                lead_unit_code=row["lead_unit_code"],
                co_unit_codes=co_units,
                note=row["note"],
            )
        )
    return result


def suggest_lead_unit(
    category_code: str, area_code: str | None, catalogue: Iterable[DispatchRule]
) -> DispatchSuggestion | None:
    """The most specific catalogue rule for a category and area, or None.

    A rule applies when its category code is a prefix of ``category_code`` and its area
    code is empty or a prefix of ``area_code``. The longest category prefix wins, then
    the longest area prefix; among equals the first in the file.
    """
    area = area_code or ""
    best: DispatchRule | None = None
    best_key = (-1, -1)
    for rule in catalogue:
        if not category_code.startswith(rule.category_prefix):
            continue
        if rule.area_prefix and not area.startswith(rule.area_prefix):
            continue
        key = (len(rule.category_prefix), len(rule.area_prefix))
        if key > best_key:
            best, best_key = rule, key
    if best is None:
        return None
    return DispatchSuggestion(best.lead_unit_code, best.co_unit_codes, best.note, best)


# --- callback checklists ------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistChoice:
    value: str
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class ChecklistQuestion:
    key: str
    text_zh: str
    text_en: str
    kind: str  # yes_no / choice / text
    required: bool
    choices: tuple[ChecklistChoice, ...]
    #: Earlier answers this question depends on: ((question key, answer), …).
    when: tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class AttemptPolicy:
    max_attempts: int
    interval_hours: float
    within_working_days: int
    calling_hours: tuple[str, ...]
    unreachable_outcome: str
    note_zh: str
    note_en: str


@dataclass(frozen=True)
class ChecklistTemplate:
    request_type: RequestType
    version: int
    attempts: AttemptPolicy
    questions: tuple[ChecklistQuestion, ...]
    #: Answers that send the case back for redo: ((question key, (answers…)), …).
    redo_when: tuple[tuple[str, tuple[object, ...]], ...]


def load_checklists(path: Path | None = None) -> dict[RequestType, ChecklistTemplate]:
    path = path or reference_dir() / "checklists.json"
    data = _read_json(path)
    result: dict[RequestType, ChecklistTemplate] = {}
    try:
        for name, raw in data["templates"].items():
            attempts = raw["attempts"]
            questions = tuple(
                ChecklistQuestion(
                    key=q["key"],
                    text_zh=q["text_zh"],
                    text_en=q["text_en"],
                    kind=q["kind"],
                    required=bool(q.get("required", False)),
                    choices=tuple(
                        ChecklistChoice(c["value"], c["label_zh"], c["label_en"])
                        for c in q.get("choices", ())
                    ),
                    when=tuple(q.get("when", {}).items()),
                )
                for q in raw["questions"]
            )
            request_type = RequestType(name)
            result[request_type] = ChecklistTemplate(
                request_type=request_type,
                version=int(raw.get("version", 1)),
                attempts=AttemptPolicy(
                    max_attempts=int(attempts["max_attempts"]),
                    interval_hours=float(attempts["interval_hours"]),
                    within_working_days=int(attempts["within_working_days"]),
                    calling_hours=tuple(attempts.get("calling_hours", ())),
                    unreachable_outcome=attempts["unreachable_outcome"],
                    note_zh=attempts.get("note_zh", ""),
                    note_en=attempts.get("note_en", ""),
                ),
                questions=questions,
                redo_when=tuple(
                    (key, tuple(values))
                    for key, values in raw.get("redo_when", {}).items()
                ),
            )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _bad(path, "templates", f"{type(exc).__name__}: {exc}") from None
    return result


# --- deadline rules -----------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRule:
    """One clock: to accept or to finish, for an urgency and optionally a type."""

    stage: str  # accept / finish
    urgency: Urgency
    request_type: RequestType | None  # None: every request type
    working_days: int | None  # counted on the working calendar …
    duration: timedelta | None  # … or elapsed time, holidays included


@dataclass(frozen=True)
class LocalityRules:
    code: str
    name_zh: str
    name_en: str
    source_zh: str
    source_en: str
    day_end: time  # local time a working-day deadline falls due
    timezone: str
    rules: tuple[DeadlineRule, ...]

    def find(
        self, stage: str, request_type: RequestType, urgency: Urgency
    ) -> DeadlineRule | None:
        """The rule for this type, else the rule for every type, else None."""
        general = None
        for rule in self.rules:
            if rule.stage != stage or rule.urgency != urgency:
                continue
            if rule.request_type == request_type:
                return rule
            if rule.request_type is None:
                general = rule
        return general


@dataclass(frozen=True)
class DeadlineRules:
    default_locality: str
    localities: Mapping[str, LocalityRules]

    def locality(self, code: str | None = None) -> LocalityRules:
        key = code or self.default_locality
        try:
            return self.localities[key]
        except KeyError:
            raise ReferenceDataError(
                f"没有地区“{key}”的办理时限规则",
                f"No deadline rules for locality {key!r}",
                "deadline_locality_unknown",
            ) from None


_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")


def _parse_rule(path: Path, where: str, raw: Mapping[str, Any]) -> DeadlineRule:
    stage = raw.get("stage")
    if stage not in ("accept", "finish"):
        raise _bad(path, where, f"stage must be accept or finish, not {stage!r}")
    units = [k for k in ("working_days", "hours", "minutes") if k in raw]
    if len(units) != 1:
        raise _bad(path, where, "give exactly one of working_days, hours, minutes")
    amount = raw[units[0]]
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise _bad(path, where, f"{units[0]} must be a positive whole number")
    try:
        urgency = Urgency(raw["urgency"])
        request_type = (
            RequestType(raw["request_type"]) if raw.get("request_type") else None
        )
    except (KeyError, ValueError) as exc:
        raise _bad(path, where, str(exc)) from None
    if units[0] == "working_days":
        return DeadlineRule(stage, urgency, request_type, amount, None)
    minutes = amount * 60 if units[0] == "hours" else amount
    return DeadlineRule(stage, urgency, request_type, None, timedelta(minutes=minutes))


def load_deadline_rules(path: Path | None = None) -> DeadlineRules:
    path = path or reference_dir() / "deadline_rules.json"
    data = _read_json(path)
    localities: dict[str, LocalityRules] = {}
    try:
        for code, raw in data["localities"].items():
            match = _TIME.match(raw["day_end"])
            if match is None:
                raise _bad(path, code, f"day_end is not HH:MM[:SS]: {raw['day_end']!r}")
            day_end = time(
                int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
            )
            rules = tuple(
                _parse_rule(path, f"{code} rule {i + 1}", rule)
                for i, rule in enumerate(raw["rules"])
            )
            localities[code] = LocalityRules(
                code=code,
                name_zh=raw["name_zh"],
                name_en=raw["name_en"],
                source_zh=raw.get("source_zh", ""),
                source_en=raw.get("source_en", ""),
                day_end=day_end,
                timezone=raw.get("timezone", "Asia/Shanghai"),
                rules=rules,
            )
        default = data["default_locality"]
    except (KeyError, TypeError, AttributeError) as exc:
        raise _bad(path, "localities", f"{type(exc).__name__}: {exc}") from None
    if default not in localities:
        raise _bad(path, "default_locality", f"{default!r} is not defined")
    return DeadlineRules(default, localities)


# --- calendar overrides -------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    day: date
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class CalendarOverride:
    """A year's days off and swapped workdays as the State Council's notice gives them.

    When a year has an override it replaces the package's data for that year: a date
    listed in ``holidays`` is a day off, one in ``workdays`` is a working day, and any
    other date is a working day from Monday to Friday.
    """

    year: int
    confirmed: bool
    source: str
    holidays: tuple[CalendarDay, ...]
    workdays: tuple[CalendarDay, ...]


_CALENDAR_FILE = re.compile(r"^CN-(\d{4})\.json$")
_CALENDAR_KEYS = ("holidays", "workdays")


def _calendar_days(name: str, year: int, key: str, raw: Any) -> tuple[CalendarDay, ...]:
    if not isinstance(raw, list):
        raise _bad_named(name, key, "expected a list")
    days = []
    for entry in raw:
        if isinstance(entry, str):
            entry = {"date": entry}
        try:
            day = date.fromisoformat(entry["date"])
        except (KeyError, TypeError, ValueError) as exc:
            raise _bad_named(name, key, f"not a date: {exc}") from None
        if day.year != year:
            raise _bad_named(name, key, f"{day} is not in {year}")
        # Older files give one "name"; it is the Chinese one.
        name_zh = entry.get("name_zh", entry.get("name", ""))
        days.append(CalendarDay(day, str(name_zh), str(entry.get("name_en", ""))))
    return tuple(days)


def parse_calendar_override(
    data: Any, name: str, *, year: int | None = None, confirmed: bool = False
) -> CalendarOverride:
    """One year's override from its JSON data (a file's, an import's, a cache row's).

    ``name`` labels the errors; ``year`` is the year the data must be for (from a
    file name), else the data's own ``"year"``; ``confirmed`` is the default when the
    data does not say. Dates are strings or objects with a ``"date"``.
    """
    if not isinstance(data, dict):
        raise _bad_named(name, "content", "expected an object")
    stated = data.get("year", year)
    if year is not None and stated != year:
        raise _bad_named(name, "year", f"{stated!r} does not match the file name")
    if not isinstance(stated, int) or isinstance(stated, bool):
        raise _bad_named(name, "year", f"not a year: {stated!r}")
    confirmed = data.get("confirmed", confirmed)
    if not isinstance(confirmed, bool):
        raise _bad_named(name, "confirmed", "must be true or false")
    holidays, workdays = (
        _calendar_days(name, stated, key, data.get(key, [])) for key in _CALENDAR_KEYS
    )
    both = {d.day for d in holidays} & {d.day for d in workdays}
    if both:
        raise _bad_named(name, "holidays/workdays", f"listed as both: {sorted(both)}")
    return CalendarOverride(
        stated, confirmed, str(data.get("source", "")), holidays, workdays
    )


def calendar_override_data(override: CalendarOverride) -> dict[str, Any]:
    """The override as JSON data in the shipped files' shape (the server's row)."""
    return {
        "year": override.year,
        "confirmed": override.confirmed,
        "source": override.source,
        **{
            key: [
                {"date": d.day.isoformat(), "name_zh": d.name_zh, "name_en": d.name_en}
                for d in days
            ]
            for key, days in zip(
                _CALENDAR_KEYS, (override.holidays, override.workdays), strict=True
            )
        },
    }


def calendar_file_year(name: str) -> int | None:
    """The year a file named ``CN-<year>.json`` is for, else None."""
    match = _CALENDAR_FILE.match(name)
    return int(match.group(1)) if match else None


def load_calendar_override(path: Path) -> CalendarOverride:
    year = calendar_file_year(path.name)
    if year is None:
        raise _bad(path, "file name", "expected CN-<year>.json")
    return parse_calendar_override(_read_json(path), path.name, year=year)


def load_calendar_overrides(
    directory: Path | None = None,
) -> dict[int, CalendarOverride]:
    """Every ``CN-<year>.json`` in ``directory`` (none if the folder does not exist)."""
    directory = directory or reference_dir() / "calendar"
    if not directory.is_dir():
        return {}
    overrides = {}
    for path in sorted(directory.iterdir()):
        if calendar_file_year(path.name) is not None:
            override = load_calendar_override(path)
            overrides[override.year] = override
    return overrides
