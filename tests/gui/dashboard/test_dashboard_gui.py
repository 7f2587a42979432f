"""The dashboard and disputes tabs on a real cache, driven offscreen."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app.domain.vocabulary import Role
from app.models.dashboard import Period, PeriodKind
from app.models.db import CacheDatabase, open_cache
from app.models.disputes import list_decisions
from app.views.dashboard_panel import DashboardPanel
from app.views.disputes_panel import DisputesPanel
from tests.unit.dashboard.builders import add_case, add_event, add_reference, local

A = "510802001001"
CLIENT = "0d4f6bb2-3d3a-4c33-9d55-7f1b1f5c2a10"


@pytest.fixture
def cache(tmp_path: Path):
    db = open_cache(tmp_path / "dash.sqlite3")
    with db.write() as s:
        add_reference(s)
        for day in (10, 11, 11):
            add_case(
                s,
                local(2026, 3, day, 9),
                category_code="0101",
                area_code=A,
                status="answered_on_call",
                handling_mode="answered_on_call",
            )
        add_case(
            s,
            local(2026, 3, 12, 15),
            request_type="complaint",
            requester_type="enterprise",
            category_code="0102",
            area_code=A,
        )
        water = add_case(
            s,
            local(2026, 3, 2),
            status="return_requested",
            official_no="GY-9",
            lead_unit_code="WATER",
            category_code="0101",
            area_code=A,
        )
        s.flush()
        add_event(s, water, "request_return", local(2026, 3, 3), reason="非本局职责")
    yield db
    db.close()


@pytest.fixture
def dashboard(qtbot, runner, cache: CacheDatabase) -> DashboardPanel:
    panel = DashboardPanel(runner, lambda: cache)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    panel.set_period(PeriodKind.CUSTOM, Period(date(2026, 3, 9), date(2026, 3, 15)))
    with qtbot.waitSignal(panel.refreshed, timeout=10000):
        panel.refresh()
    return panel


def test_refresh_shows_the_period(dashboard: DashboardPanel) -> None:
    figures = dashboard.figures()
    assert figures is not None and figures.total == 4
    # Mon 9 .. Sun 15: one on the 10th, two on the 11th, one on the 12th.
    assert dashboard.charts["by_day"].values == (0, 1, 2, 1, 0, 0, 0)
    assert dashboard.charts["by_hour"].values[9] == 3
    assert dashboard.charts["top_categories"].labels == ("噪音", "供水")
    assert dashboard._rate_labels["direct_resolution"].text().startswith("75.0%")


def test_enterprise_lane(dashboard: DashboardPanel) -> None:
    dashboard._lane_combo.setCurrentIndex(1)
    figures = dashboard.figures()
    assert figures is not None and figures.total == 1
    assert dashboard.charts["by_type"].values == (1,)


def test_png_export(dashboard: DashboardPanel, tmp_path: Path) -> None:
    saved = dashboard.export_png(tmp_path)
    assert [p.name for p in saved] == [
        "dashboard-by_day.png",
        "dashboard-by_hour.png",
        "dashboard-by_type.png",
        "dashboard-top_categories.png",
    ]
    for path in saved:
        assert path.stat().st_size > 0
        image = QImage(str(path))
        view = dashboard.charts[path.stem.removeprefix("dashboard-")]
        ratio = view.devicePixelRatioF()
        assert (image.width(), image.height()) == (
            round(view.width() * ratio),
            round(view.height() * ratio),
        )


def test_csv_export(dashboard: DashboardPanel, tmp_path: Path) -> None:
    path = dashboard.export_csv(tmp_path / "figures.csv")
    assert path is not None
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["lane", "section", "item", "count", "of", "percent"]
    assert ["all", "total", "cases", "4", "", ""] in rows
    assert ["enterprise", "total", "cases", "1", "", ""] in rows
    assert ["all", "rate", "direct_resolution", "3", "4", "75.0"] in rows
    assert ["all", "day", "2026-03-11", "2", "", ""] in rows
    assert ["all", "category", "供水", "3", "", ""] in rows


@pytest.fixture
def disputes(qtbot, runner, cache: CacheDatabase) -> DisputesPanel:
    panel = DisputesPanel(
        runner, lambda: cache, username="sup1", role=Role.SUPERVISOR, client_id=CLIENT
    )
    qtbot.addWidget(panel)
    panel.set_months(date(2026, 3, 1), date(2026, 3, 1))
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.load()
    return panel


def test_disputes_grouped_and_exported(disputes: DisputesPanel, tmp_path: Path) -> None:
    assert [(g.from_unit, g.count) for g in disputes.groups] == [("WATER", 1)]
    assert disputes._table.item(0, 2).text() == "市水务局（WATER）"

    csv_path = disputes.export_csv(tmp_path / "agenda.csv")
    text = csv_path.read_text(encoding="utf-8-sig")
    assert "非本局职责" in text and "GY-9" in text

    pdf = disputes.export_pdf(tmp_path / "agenda.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"/Type /Page" in pdf and b"/Count 1" in pdf


def test_decision_is_queued(qtbot, disputes: DisputesPanel, cache: CacheDatabase):
    disputes.select_group(0)
    disputes.fill_decision("0101", A, "HOUSING", "WATER", "二次供水归住建")
    with qtbot.waitSignal(disputes.decision_recorded, timeout=10000) as blocker:
        disputes._decide_button.click()
    assert blocker.args[0].lead_unit_code == "HOUSING"
    with cache.read() as s:
        queued = list_decisions(s, pending_only=True)
    assert [(d.category_prefix, d.area_prefix, d.co_unit_codes) for d in queued] == [
        ("0101", A, ("WATER",))
    ]


def test_decision_without_a_group_is_refused(qtbot, disputes: DisputesPanel) -> None:
    with qtbot.waitSignal(disputes.failed, timeout=5000):
        disputes._decide_button.click()
