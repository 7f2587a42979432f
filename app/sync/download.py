"""The first download's pages: asked for in turn, each stored as it arrives.

The engine writes every page in one transaction with its resume point, so an
interruption redoes at most one page and memory stays bounded by one page. Fetching
the next page on a helper thread while one is written was tried and not kept: on
two cores the measured gain was within the noise (bench/snapshot_records.py), and
a page fetched ahead would be asked for again after an interruption.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.models.dashboard_rollups import defer_rollups, restore_rollups
from app.sync import wire
from app.sync.apply import (
    Applied,
    CaseChange,
    apply_article,
    apply_case_rows,
    apply_changes,
    apply_snapshot_records,
    defer_case_indexes,
    prefetch_articles,
    restore_case_indexes,
)
from app.sync.state import get_state, set_state

log = logging.getLogger(__name__)

# Set while a first download runs with the case indexes dropped (see apply.py).
INDEXES_DEFERRED = "snapshot:case_indexes_deferred"


@dataclass
class FetchedPage:
    """A snapshot page and the position it was asked from."""

    page: wire.SnapshotPage
    after: str | None

    @property
    def last(self) -> bool:
        return not self.page.has_more or self.page.next_after is None


def fetch_pages(
    fetch: Callable[[str | None, str | None], wire.SnapshotPage],
    after: str | None,
    start: str | None,
) -> Iterator[FetchedPage]:
    """A dataset's pages from `after` on; `fetch(after, cursor)` asks for one.

    Every page after the first is asked at the first one's snapshot point (its
    cursor), as the resume point stored with it says.
    """
    while True:
        page = fetch(after, start)
        start = start or page.cursor
        fetched = FetchedPage(page, after)
        yield fetched
        if fetched.last:
            return
        after = page.next_after


def case_rows(page: wire.SnapshotPage) -> list[CaseChange]:
    """A cases page as apply_case_rows takes it."""
    return [
        CaseChange(
            str(item["id"]),
            int(item.get("server_version") or 1),
            "remove" if item.get("deleted") else "upsert",
            item,
        )
        for item in page.items
    ]


def store_page(
    session: Session, dataset: str, fetched: FetchedPage, applied: Applied
) -> None:
    """Write one page's items into the cache (the caller adds the resume point)."""
    page = fetched.page
    if dataset == "reference":
        # Categories, areas, departments and decided dispatch rules, applied as the
        # pulled changes of the same entities are.
        changes = [wire.Change.model_validate(item) for item in page.items]
        applied.applied += apply_changes(session, changes).applied
        return
    if dataset == "knowledge":
        with session.no_autoflush:
            prefetch_articles(session, [str(item.get("id")) for item in page.items])
            for item in page.items:
                version = int(item.get("version") or 1)
                apply_article(session, item, version, "upsert", applied)
        return
    applied.applied += apply_case_rows(session, case_rows(page)).applied
    # The cases' existing records come with their page (server/store/
    # case_records.py), in the same transaction as the page and its resume point.
    apply_snapshot_records(session, page.records, applied)


def defer_for_first_download(session: Session) -> None:
    """A first download into an empty cache builds the case indexes and recounts
    the dashboard's rollups at its end, instead of once per row."""
    indexes = defer_case_indexes(session)
    rollups = defer_rollups(session)
    if indexes or rollups:
        set_state(session, INDEXES_DEFERRED, "1")


def restore_after_download(session: Session) -> None:
    """Build what defer_for_first_download dropped; nothing if it dropped nothing."""
    if get_state(session, INDEXES_DEFERRED):
        restore_case_indexes(session)
        restore_rollups(session)
        set_state(session, INDEXES_DEFERRED, None)
