"""Real parts for the workstation's GUI tests: a SQLite cache file in a temporary
folder with a few knowledge articles and an earlier case, the real task runner and
the real main window, offscreen."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from app.views.config import DeskConfig
from app.views.desk_store import DeskStore
from app.views.login_dialog import Operator
from app.views.reference_data import load_reference_data
from app.views.tasks import TaskRunner

CALLER = "13800138000"
PASSWORD = "correct horse"

ARTICLES = [
    (
        "a-shebao",
        "社保卡补办流程",
        "社会保障卡遗失后可到人社服务窗口补办。",
        "您好，社保卡遗失可先电话挂失，再携带身份证到窗口补办。",
        "0101",
        ["社保卡"],
        ["社会保障卡"],
        None,
    ),
    (
        "a-gjj",
        "住房公积金提取条件",
        "缴存职工购房、租房可申请提取住房公积金。",
        "您好，租房提取公积金需提供租赁合同和身份证。",
        "0301",
        ["公积金"],
        ["住房公积金"],
        None,
    ),
    (
        "a-water",
        "停水通知查询",
        "计划停水信息在水务集团网站公布。",
        "您好，停水信息可关注水务集团公告，抢修一般在八小时内恢复。",
        "0501",
        ["停水"],
        [],
        None,
    ),
    (
        "a-old",
        "2019年社保缴费基数说明",
        "该年度社保缴费基数已调整。",
        "该口径已过期。",
        "0101",
        ["社保", "缴费基数"],
        [],
        datetime(2020, 1, 1, tzinfo=UTC),
    ),
]


def seed(path: Path) -> None:
    from app.domain.vocabulary import Role
    from app.models.cases import save_new_case
    from app.models.db import open_cache
    from app.models.results import Actor
    from app.models.search import bump_cache_generation
    from app.models.tables import KnowledgeArticle

    db = open_cache(path)
    now = datetime.now(UTC)
    with db.write() as session:
        for aid, title, body, script, cat, keywords, synonyms, valid_to in ARTICLES:
            session.add(
                KnowledgeArticle(
                    id=aid,
                    version=1,
                    title=title,
                    body=body,
                    answer_script=script,
                    category_code=cat,
                    department_code="510800-RSJ",
                    keywords=keywords,
                    synonyms=synonyms,
                    valid_from=datetime(2018, 1, 1, tzinfo=UTC),
                    valid_to=valid_to,
                    updated_at=now,
                    deleted=False,
                )
            )
        bump_cache_generation(session)
        save_new_case(
            session,
            {
                "caller_number": CALLER,
                "request_type": "complaint",
                "category_code": "0101",
                "narrative": "上周反映社保卡补办进度，至今没有结果。",
                "summary": "社保卡补办进度慢",
                "area_code": "510802",
                "urgency": "normal",
                "requester_type": "person",
            },
            actor=Actor("earlier", Role.OPERATOR),
            station_prefix="OLD",
            client_id="00000000-0000-0000-0000-000000000001",
            now=now - timedelta(days=3),
        )
    db.close()


@pytest.fixture(scope="session")
def reference():
    return load_reference_data()


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    path = tmp_path / "cache.sqlite3"
    seed(path)
    return path


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.stop()
    leftover = [t for t in threading.enumerate() if t.name.startswith("tasks-")]
    assert not leftover, f"task threads outlived the runner: {leftover}"


@pytest.fixture
def store(cache_path: Path) -> Iterator[DeskStore]:
    desk = DeskStore(cache_path, username="op1", station="T1")
    yield desk
    desk.close()


def check_password(password: str) -> bool:
    return password == PASSWORD


@pytest.fixture
def window(qtbot, runner, store, reference):
    from app.views.main_window import MainWindow

    config = DeskConfig(autosave_seconds=0.2, idle_lock_minutes=60, language="zh")
    main = MainWindow(runner, store, config, Operator("op1", "Op One"), check_password)
    qtbot.addWidget(main)
    main.set_reference(reference)
    main.show()
    yield main
    main.close()
