"""The demo generator: deterministic, complete, consistent with the reference data."""

import csv
import uuid
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.domain.credit_code import validate_credit_code
from app.domain.vocabulary import RequestType, Role, Status
from app.domain.workflow import Action, transition
from server import demo

RESOURCES = Path(__file__).resolve().parents[3] / "resources"
NOW = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


def _codes(name: str) -> set[str]:
    with (RESOURCES / "reference" / name).open(encoding="utf-8", newline="") as handle:
        return {row["code"] for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    return list(demo.iter_articles(0, 2000))


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    return list(demo.iter_cases(0, 20_000, now=NOW))


def test_same_seed_same_output_and_other_seeds_differ(articles, cases):
    assert list(demo.iter_articles(0, 50)) == articles[:50]
    assert list(demo.iter_cases(0, 300, now=NOW))[:300] != []
    assert list(demo.iter_cases(0, 300, now=NOW)) == list(
        demo.iter_cases(0, 300, now=NOW)
    )
    other = list(demo.iter_articles(1, 50))
    assert [a["id"] for a in other] != [a["id"] for a in articles[:50]]
    assert [a["body"] for a in other] != [a["body"] for a in articles[:50]]
    other_cases = list(demo.iter_cases(1, 300, now=NOW))
    assert [c["narrative"] for c in other_cases] != [
        c["narrative"] for c in demo.iter_cases(0, 300, now=NOW)
    ]


@pytest.mark.parametrize("later", [timedelta(minutes=7), timedelta(days=1, hours=5)])
def test_a_case_keeps_its_identity_when_now_moves(later):
    # Seeding a database again, later, must find the cases it made the first time:
    # ids, statuses and record ids do not depend on when the stream is drawn.
    def identities(now):
        return [
            (
                c["id"],
                c["status"],
                [e["id"] for e in c["events"]],
                [n["id"] for n in c["notes"]],
                [a["id"] for a in c["callback_attempts"]],
                [r["id"] for r in c["contact_records"]],
            )
            for c in demo.iter_cases(4, 2000, now=now, with_contact_records=True)
        ]

    assert identities(NOW + later) == identities(NOW)


def test_articles_have_the_table_fields_distinct_titles_and_stable_ids(articles):
    fields = {
        "id",
        "version",
        "title",
        "body",
        "answer_script",
        "category_code",
        "department_code",
        "keywords",
        "synonyms",
        "valid_from",
        "valid_to",
        "updated_at",
        "deleted",
    }
    categories = _codes("categories.csv")
    departments = _codes("departments.csv")

    assert len(articles) == 2000
    assert len({a["title"] for a in articles}) == 2000
    for index, article in enumerate(articles):
        assert set(article) == fields
        assert article["id"] == str(uuid.uuid5(demo.NAMESPACE, f"article:0:{index}"))
        assert article["category_code"] in categories
        assert article["department_code"] in departments
        assert article["body"].count("\n\n") >= 2 and "{" not in article["body"]
        assert article["answer_script"].startswith("您好")
        assert article["valid_from"].tzinfo is not None
    expired = [a for a in articles if a["valid_to"] and a["valid_to"] < NOW]
    assert 0.03 * len(articles) < len(expired) < 0.2 * len(articles)


def test_titles_stay_distinct_at_benchmark_scale():
    titles = [demo.article_title(i) for i in range(0, 100_000, 7)]
    assert len(set(titles)) == len(titles)


def test_labelled_queries_point_at_the_natural_best_article(articles):
    path = RESOURCES / "demo" / "search_queries.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    by_title = {a["title"]: a for a in articles}

    assert len(rows) >= 60
    assert {"two_char", "three_char", "four_char", "mixed", "pinyin", "synonym"} <= {
        r["kind"] for r in rows
    }
    for row in rows:
        article = by_title[row["expected_title"]]
        assert article["id"] == row["expected_id_seed0"]
        assert article["valid_to"] is None or article["valid_to"] > NOW
        query = row["query"]
        if row["kind"] == "synonym":
            assert query in article["synonyms"], row
        elif row["kind"] != "pinyin":
            assert query.lower() in article["title"].lower(), row
            # No other title holding the query is as short: the expected one is the
            # most specific match a ranking can find.
            rivals = [
                t
                for t in by_title
                if query.lower() in t.lower()
                and len(t) <= len(article["title"])
                and t != article["title"]
            ]
            assert rivals == [], row


def test_every_status_present_in_realistic_proportions(cases):
    counts = Counter(case["status"] for case in cases)
    assert set(counts) == {s.value for s in Status}
    assert 0.75 < counts["answered_on_call"] / len(cases) < 0.85


def test_cases_have_the_table_fields_and_valid_references(cases):
    areas = _codes("areas.csv")
    departments = _codes("departments.csv")
    ids = set()
    for case in islice(cases, 5000):
        ids.add(case["id"])
        assert case["area_code"] in areas
        assert RequestType(case["request_type"])
        assert case["created_at"] <= case["updated_at"] <= NOW
        assert case["caller_number"].isdigit()
        assert len(case["caller_number"]) == 11
        if case["status"] not in {
            "draft",
            "registered",
            "answered_on_call",
            "emergency_transferred",
            "invalid",
        }:
            assert case["lead_unit_code"] in departments
            assert all(c in departments for c in case["co_unit_codes"])
            assert case["accept_due_at"] <= case["due_at"]
        assert "{" not in case["narrative"]
    assert len(ids) == 5000
    numbers = Counter(case["caller_number"] for case in cases)
    assert sum(1 for n in numbers.values() if n > 1) > 500, "repeat callers expected"


def test_enterprise_cases_carry_valid_credit_codes(cases):
    lane = [c for c in cases if c["requester_type"] == "enterprise"]
    assert len(lane) > 100
    for case in lane:
        assert case["enterprise_name"]
        assert validate_credit_code(case["credit_code"]) == case["credit_code"]
    assert demo.credit_code("MA6CUTQ1", "510802")[:8] == "91510802"


def test_history_follows_the_workflow_to_the_case_status(cases):
    roles = {
        "operator": Role.OPERATOR,
        "handler": Role.HANDLER,
        "supervisor": Role.SUPERVISOR,
        "system": Role.SYSTEM,
    }
    for case in islice(cases, 4000):
        status = Status.DRAFT
        for event in case["events"]:
            assert event["from_status"] == status
            role = roles[event["data"]["role"]]
            status = transition(status, Action(event["action"]), role)
            assert status == event["to_status"], event
        assert status == case["status"]


def test_callback_records_match_the_outcome(cases):
    closed = [c for c in cases if c["status"] == "closed"]
    redo = [c for c in cases if c["status"] == "redo"]
    assert all(c["callback_attempts"][-1]["reached"] for c in closed)
    assert all(c["resolution"] and c["satisfaction"] for c in closed + redo)
    assert all(c["redo_count"] >= 1 for c in redo)
    assert any(not a["reached"] for c in closed for a in c["callback_attempts"])
    assert any(c["notes"] for c in cases)


def test_contact_records_on_request():
    with_records = list(demo.iter_cases(3, 500, now=NOW, with_contact_records=True))
    replied = [c for c in with_records if c["status"] in {"closed", "reported_done"}]
    assert replied and all(c["contact_records"] for c in replied)
    assert all("contact_records" not in c for c in demo.iter_cases(3, 50, now=NOW))


def test_throughput_smoke_generates_5000_cases_streaming():
    stream = demo.iter_cases(7, 5000, now=NOW)
    assert sum(1 for _ in stream) == 5000


SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_recent_week_holds_rising_category_community_pairs(cases):
    # The dashboard's rule, counted here from the dicts: the 7 local days to
    # NOW's day against the 7 before, drafts and invalid calls left out.
    today = NOW.astimezone(SHANGHAI).date()
    end = datetime.combine(today + timedelta(days=1), time(), SHANGHAI)
    middle = end - timedelta(days=7)
    start = middle - timedelta(days=7)
    this_week: Counter[tuple[str, str]] = Counter()
    last_week: Counter[tuple[str, str]] = Counter()
    for case in cases:
        if case["status"] in {"draft", "invalid"}:
            continue
        pair = (case["category_code"], case["area_code"])
        if middle <= case["created_at"] < end:
            this_week[pair] += 1
        elif start <= case["created_at"] < middle:
            last_week[pair] += 1
    rising = {
        pair for pair, n in this_week.items() if n >= 3 and n >= 1.5 * last_week[pair]
    }

    assert len(rising) >= 3, rising
    tagged = {
        (c["category_code"], c["area_code"]) for c in cases if "hotspot" in c["tags"]
    }
    assert len(rising & tagged) >= 3
    assert tagged <= rising, "a hotspot tag where no run rises"


def test_one_caller_calls_repeatedly_about_the_same_matter(cases):
    calls: dict[tuple[str, str, str], list[datetime]] = {}
    for case in cases:
        key = (case["caller_number"], case["category_code"], case["address"])
        calls.setdefault(key, []).append(case["created_at"])
    repeated = [
        times
        for times in calls.values()
        if len(times) >= 4 and NOW - min(times) < timedelta(days=30)
    ]
    assert repeated, "a caller ringing again about one matter"


def test_calls_follow_the_working_day_and_week(cases):
    local = [c["created_at"].astimezone(SHANGHAI) for c in cases]
    office = sum(1 for t in local if 9 <= t.hour < 18)
    night = sum(1 for t in local if t.hour < 6)
    assert office > 6 * night
    # Per day of the year: weekdays busier than weekends.
    weekdays = sum(1 for t in local if t.weekday() < 5) / 5
    weekends = sum(1 for t in local if t.weekday() >= 5) / 2
    assert weekdays > 1.25 * weekends
    # The last week is as busy as the year's average week, not a trickle.
    recent = sum(1 for c in cases if NOW - c["created_at"] < timedelta(days=7))
    assert recent > 0.7 * len(cases) / 52
