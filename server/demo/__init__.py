"""Deterministic demo data for 广元市: a knowledge base and a case history.

Everything is made from the reference data in ``resources/reference`` and the
reviewable word lists and templates in ``resources/demo`` with ``random.Random``
generators seeded from the seed (one per article stream, one per case), so the same
seed always gives the same rows and generation streams in constant memory (100,000
articles, 1,000,000 cases).

Articles are dicts with the ``knowledge_articles`` column names. The first article of
every topic in ``knowledge_topics.tsv`` is its canonical article (the natural best
answer for the topic's search terms, see ``search_queries.tsv``); variants per
aspect, district and township follow. Cases are dicts with the ``cases`` column names
plus the nested lists ``events``, ``callback_attempts`` and ``notes`` (and
``contact_records`` when asked for). Times are timezone-aware UTC datetimes.

People, phone numbers and companies are fictitious.

The modules, in the order a stream uses them: ``inputs`` (the files read once),
``articles`` (the knowledge base), ``statuses`` and ``draws`` (the case stream's
status shares and fast random draws), ``people`` (callers, enterprises, credit
codes), ``planted`` (hotspot runs and the repeat caller), ``history`` and
``handling`` (a case's records and the handling that reaches its status) and
``cases`` (the case stream). Import from this package, not from the modules.
"""

from server.demo.articles import (
    NAMESPACE,
    article_id,
    article_title,
    generate_articles,
    iter_articles,
)
from server.demo.cases import (
    HISTORY_DAYS,
    HOUR_WEIGHTS,
    WEEKDAY_WEIGHTS,
    generate_cases,
    iter_cases,
)
from server.demo.inputs import (
    CITY_CODE,
    CITY_NAME,
    RESOURCES,
    Community,
    Inputs,
    Leaf,
    Place,
    Topic,
    inputs,
)
from server.demo.people import CREDIT_ALPHABET, Caller, credit_code, handler_name
from server.demo.statuses import STATUS_WEIGHTS

__all__ = [
    "CITY_CODE",
    "CITY_NAME",
    "CREDIT_ALPHABET",
    "HISTORY_DAYS",
    "HOUR_WEIGHTS",
    "NAMESPACE",
    "RESOURCES",
    "STATUS_WEIGHTS",
    "WEEKDAY_WEIGHTS",
    "Caller",
    "Community",
    "Inputs",
    "Leaf",
    "Place",
    "Topic",
    "article_id",
    "article_title",
    "credit_code",
    "generate_articles",
    "generate_cases",
    "handler_name",
    "inputs",
    "iter_articles",
    "iter_cases",
]
