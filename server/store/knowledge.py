"""Knowledge base import: JSON Lines, CSV, or a folder of Markdown files.

A Markdown file starts with a metadata header of `key: value` lines ended by a line
`---`; the rest is the body. A bad row is reported with its line and skipped.
"""

from __future__ import annotations

import csv
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.domain.errors import DomainError
from app.domain.fields import check_text
from server.store import feed
from server.store.tables import KnowledgeArticle


@dataclass
class ImportReport:
    imported: int = 0
    problems: list[str] = field(default_factory=list)


def _list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [p.strip() for p in str(value).replace("；", ";").split(";") if p.strip()]


def _date(value: Any) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _code(field: str, value: Any) -> str | None:
    from server.store.validate import check_code

    return check_code(field, str(value), 32) if value else None


def save_article(session: Session, row: dict[str, Any]) -> KnowledgeArticle:
    """Validate and insert or update one article; publishes it on the feed."""
    title = check_text("article_title", str(row.get("title") or ""), required=True)
    body = check_text("article_body", str(row.get("body") or ""))
    script = check_text("answer_script", str(row.get("answer_script") or ""))
    keywords = [check_text("keyword", k) for k in _list(row.get("keywords"))]
    synonyms = [check_text("synonym", s) for s in _list(row.get("synonyms"))]
    article_id = str(row.get("id") or uuid.uuid5(uuid.NAMESPACE_URL, "kb:" + title))
    if len(article_id) > 64:
        raise ValueError("id longer than 64 characters")
    now = datetime.now(UTC)
    values = {
        "title": title,
        "body": body,
        "answer_script": script,
        "category_code": _code("category_code", row.get("category_code")),
        "department_code": _code("department_code", row.get("department_code")),
        "keywords": keywords,
        "synonyms": synonyms,
        "valid_from": _date(row.get("valid_from")),
        "valid_to": _date(row.get("valid_to")),
    }
    article = session.get(KnowledgeArticle, article_id)
    if article is None:
        article = KnowledgeArticle(id=article_id, version=1, updated_at=now, **values)
        session.add(article)
    else:
        for key, value in values.items():
            setattr(article, key, value)
        article.version += 1
        article.updated_at = now
        article.deleted = False
    feed.append(
        session,
        entity="knowledge_article",
        entity_id=article_id,
        op="upsert",
        keys={"all"},
    )
    return article


def _rows(path: Path) -> list[tuple[str, dict[str, Any] | Exception]]:
    rows: list[tuple[str, dict[str, Any] | Exception]] = []
    if path.is_dir():
        for file in sorted(path.glob("*.md")):
            try:
                rows.append(
                    (f"{file.name}", _markdown(file.read_text(encoding="utf-8")))
                )
            except (ValueError, UnicodeDecodeError) as error:
                rows.append((file.name, error))
    elif path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                rows.append((f"{path.name}:{reader.line_num}", dict(row)))
    else:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                    if not isinstance(value, dict):
                        raise ValueError("not a JSON object")
                    rows.append((f"{path.name}:{number}", value))
                except ValueError as error:
                    rows.append((f"{path.name}:{number}", error))
    return rows


def _markdown(text: str) -> dict[str, Any]:
    head, separator, body = text.partition("\n---\n")
    if not separator:
        raise ValueError("no metadata header ended by ---")
    row: dict[str, Any] = {"body": body.strip()}
    for line in head.splitlines():
        if line.strip() in ("", "---"):
            continue
        key, colon, value = line.partition(":")
        if not colon:
            raise ValueError(f"header line without a colon: {line[:40]!r}")
        row[key.strip()] = value.strip()
    return row


def import_path(session: Session, path: Path) -> ImportReport:
    report = ImportReport()
    for where, row in _rows(path):
        if isinstance(row, Exception):
            report.problems.append(f"{where}: {row}")
            continue
        try:
            with session.begin_nested():
                save_article(session, row)
            report.imported += 1
        except (DomainError, ValueError, TypeError) as error:
            report.problems.append(f"{where}: {error}")
    return report
