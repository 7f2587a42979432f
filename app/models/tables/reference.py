"""Read-mostly data the centre owns: taxonomy, units, areas, rules, knowledge base.

Workstations never edit these rows; the server wins and pull replaces them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, JSONText

_CODE = String(32)


class Category(Base):
    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(_CODE, primary_key=True)
    parent_code: Mapped[str | None] = mapped_column(_CODE, index=True)
    level: Mapped[int]
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    default_request_type: Mapped[str | None] = mapped_column(String(16))
    pinyin_initials: Mapped[str | None] = mapped_column(String(64))


class Area(Base):
    __tablename__ = "areas"

    code: Mapped[str] = mapped_column(_CODE, primary_key=True)
    parent_code: Mapped[str | None] = mapped_column(_CODE, index=True)
    level: Mapped[str] = mapped_column(String(16))
    name_zh: Mapped[str] = mapped_column(Text)


class Department(Base):
    __tablename__ = "departments"

    code: Mapped[str] = mapped_column(_CODE, primary_key=True)
    name_zh: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    area_code: Mapped[str | None] = mapped_column(_CODE)
    parent_code: Mapped[str | None] = mapped_column(_CODE)
    is_enterprise_desk: Mapped[bool] = mapped_column(default=False)


class DispatchRule(Base):
    """A line of the dispatch catalogue: category and area prefixes to the lead unit."""

    __tablename__ = "dispatch_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_prefix: Mapped[str] = mapped_column(_CODE, index=True)
    area_prefix: Mapped[str] = mapped_column(_CODE, default="")
    lead_unit_code: Mapped[str] = mapped_column(_CODE)
    co_unit_codes: Mapped[list[str]] = mapped_column(JSONText, default=list)
    note: Mapped[str | None] = mapped_column(Text)


class CalendarYear(Base):
    """A year's official calendar the centre imported on the server (``calendar_year``).

    The shape of the shipped override files; it replaces the shipped year
    (``app.domain.calendar.calendar_with``).
    """

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    confirmed: Mapped[bool] = mapped_column(default=True)
    source: Mapped[str | None] = mapped_column(Text)
    holidays: Mapped[list[Any]] = mapped_column(JSONText, default=list)
    workdays: Mapped[list[Any]] = mapped_column(JSONText, default=list)


class DeadlineRule(Base):
    """One locality's deadline rules, kept as the JSON document the centre publishes."""

    __tablename__ = "deadline_rules"

    locality: Mapped[str] = mapped_column(_CODE, primary_key=True)
    version: Mapped[int] = mapped_column(default=1)
    rules: Mapped[dict[str, Any]] = mapped_column(JSONText)
    updated_at: Mapped[datetime]


class ChecklistTemplate(Base):
    __tablename__ = "checklist_templates"

    request_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    version: Mapped[int] = mapped_column(default=1)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSONText)
    updated_at: Mapped[datetime]


class KnowledgeArticle(Base):
    __tablename__ = "knowledge_articles"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int]
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    answer_script: Mapped[str | None] = mapped_column(Text)
    category_code: Mapped[str | None] = mapped_column(_CODE, index=True)
    department_code: Mapped[str | None] = mapped_column(_CODE)
    keywords: Mapped[list[str]] = mapped_column(JSONText, default=list)
    synonyms: Mapped[list[str]] = mapped_column(JSONText, default=list)
    valid_from: Mapped[datetime | None]
    valid_to: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(index=True)
    deleted: Mapped[bool] = mapped_column(default=False)
