"""Initial schema of the local cache.

Revision ID: 0001
Revises: -
Create Date: 2026-12-03 17:13:14.771678
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "areas",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("parent_code", sa.String(length=32), nullable=True),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("name_zh", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_areas")),
    )
    op.create_index("ix_areas_parent_code", "areas", ["parent_code"], unique=False)

    op.create_table(
        "audit_events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.String(length=27), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("uploaded_at", sa.String(length=27), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(
        "ix_audit_events_entity_id", "audit_events", ["entity_id"], unique=False
    )
    op.create_index(
        "ix_audit_events_uploaded_at_at",
        "audit_events",
        ["uploaded_at", "at"],
        unique=False,
    )

    op.create_table(
        "calendar_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_workday", sa.Boolean(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_days")),
    )
    op.create_table(
        "callers",
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("requester_type", sa.String(length=16), nullable=True),
        sa.Column("enterprise_name", sa.Text(), nullable=True),
        sa.Column("credit_code", sa.String(length=18), nullable=True),
        sa.Column("first_seen_at", sa.String(length=27), nullable=False),
        sa.Column("last_seen_at", sa.String(length=27), nullable=False),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_callers")),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("provisional_no", sa.String(length=32), nullable=True),
        sa.Column("official_no", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("caller_number", sa.String(length=32), nullable=True),
        sa.Column("callback_number", sa.String(length=32), nullable=True),
        sa.Column("caller_name", sa.Text(), nullable=True),
        sa.Column("requester_type", sa.String(length=16), nullable=False),
        sa.Column("enterprise_name", sa.Text(), nullable=True),
        sa.Column("credit_code", sa.String(length=18), nullable=True),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("request_type", sa.String(length=16), nullable=False),
        sa.Column("category_code", sa.String(length=32), nullable=True),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("area_code", sa.String(length=32), nullable=True),
        sa.Column("urgency", sa.String(length=16), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("handling_mode", sa.String(length=32), nullable=True),
        sa.Column("lead_unit_code", sa.String(length=32), nullable=True),
        sa.Column("co_unit_codes", sa.Text(), nullable=False),
        sa.Column("accept_due_at", sa.String(length=27), nullable=True),
        sa.Column("due_at", sa.String(length=27), nullable=True),
        sa.Column("deadline_confirmed", sa.Boolean(), nullable=False),
        sa.Column("redo_count", sa.Integer(), nullable=False),
        sa.Column("key_issue", sa.Boolean(), nullable=False),
        sa.Column("overseeing_leader", sa.Text(), nullable=True),
        sa.Column("resolution", sa.String(length=16), nullable=True),
        sa.Column("satisfaction", sa.String(length=16), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    op.create_index("ix_cases_official_no", "cases", ["official_no"], unique=False)
    op.create_index(
        "ix_cases_provisional_no", "cases", ["provisional_no"], unique=False
    )

    op.create_table(
        "categories",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("parent_code", sa.String(length=32), nullable=True),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("name_zh", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=True),
        sa.Column("default_request_type", sa.String(length=16), nullable=True),
        sa.Column("pinyin_initials", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_categories")),
    )
    op.create_index(
        "ix_categories_parent_code", "categories", ["parent_code"], unique=False
    )

    op.create_table(
        "checklist_templates",
        sa.Column("request_type", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.PrimaryKeyConstraint("request_type", name=op.f("pk_checklist_templates")),
    )
    op.create_table(
        "conflicts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("mutation_id", sa.String(length=36), nullable=True),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("base_value", sa.Text(), nullable=True),
        sa.Column("local_value", sa.Text(), nullable=True),
        sa.Column("server_value", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("resolved_at", sa.String(length=27), nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflicts")),
    )
    op.create_index("ix_conflicts_case_id", "conflicts", ["case_id"], unique=False)

    op.create_table(
        "deadline_rules",
        sa.Column("locality", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.PrimaryKeyConstraint("locality", name=op.f("pk_deadline_rules")),
    )
    op.create_table(
        "departments",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("area_code", sa.String(length=32), nullable=True),
        sa.Column("parent_code", sa.String(length=32), nullable=True),
        sa.Column("is_enterprise_desk", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_departments")),
    )
    op.create_table(
        "dispatch_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category_prefix", sa.String(length=32), nullable=False),
        sa.Column("area_prefix", sa.String(length=32), nullable=False),
        sa.Column("lead_unit_code", sa.String(length=32), nullable=False),
        sa.Column("co_unit_codes", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatch_rules")),
    )
    op.create_index(
        "ix_dispatch_rules_category_prefix",
        "dispatch_rules",
        ["category_prefix"],
        unique=False,
    )

    op.create_table(
        "drafts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
    )
    op.create_index("ix_drafts_owner", "drafts", ["owner"], unique=False)

    op.create_table(
        "knowledge_articles",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("answer_script", sa.Text(), nullable=True),
        sa.Column("category_code", sa.String(length=32), nullable=True),
        sa.Column("department_code", sa.String(length=32), nullable=True),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("synonyms", sa.Text(), nullable=False),
        sa.Column("valid_from", sa.String(length=27), nullable=True),
        sa.Column("valid_to", sa.String(length=27), nullable=True),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_articles")),
    )
    op.create_index(
        "ix_knowledge_articles_category_code",
        "knowledge_articles",
        ["category_code"],
        unique=False,
    )
    op.create_index(
        "ix_knowledge_articles_updated_at",
        "knowledge_articles",
        ["updated_at"],
        unique=False,
    )

    op.create_table(
        "outbox",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.String(length=27), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("client_id", "seq", name=op.f("uq_outbox_client_id_seq")),
    )
    op.create_index("ix_outbox_entity_id", "outbox", ["entity_id"], unique=False)
    op.create_index("ix_outbox_state_seq", "outbox", ["state", "seq"], unique=False)

    op.create_table(
        "rejections",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("mutation_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reason_zh", sa.Text(), nullable=False),
        sa.Column("reason_en", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("acknowledged_at", sa.String(length=27), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rejections")),
        sa.UniqueConstraint("mutation_id", name=op.f("uq_rejections_mutation_id")),
    )
    op.create_index("ix_rejections_case_id", "rejections", ["case_id"], unique=False)

    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "callback_attempts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("attempted_at", sa.String(length=27), nullable=False),
        sa.Column("reached", sa.Boolean(), nullable=False),
        sa.Column("agent", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_callback_attempts_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callback_attempts")),
    )
    op.create_index(
        "ix_callback_attempts_case_id", "callback_attempts", ["case_id"], unique=False
    )

    op.create_table(
        "calls",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("caller_number", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.String(length=27), nullable=False),
        sa.Column("ended_at", sa.String(length=27), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_calls_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calls")),
    )
    op.create_index(
        "ix_calls_caller_number_started_at",
        "calls",
        ["caller_number", "started_at"],
        unique=False,
    )
    op.create_index("ix_calls_case_id", "calls", ["case_id"], unique=False)

    op.create_table(
        "case_events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.String(length=27), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_status", sa.String(length=32), nullable=True),
        sa.Column("to_status", sa.String(length=32), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
    )
    op.create_index(
        "ix_case_events_case_id_at", "case_events", ["case_id", "at"], unique=False
    )

    op.create_table(
        "checklist_answers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("question_code", sa.String(length=32), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=64), nullable=False),
        sa.Column("answered_at", sa.String(length=27), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_checklist_answers_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_answers")),
    )
    op.create_index(
        "ix_checklist_answers_case_id", "checklist_answers", ["case_id"], unique=False
    )

    op.create_table(
        "contact_records",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("unit_code", sa.String(length=32), nullable=True),
        sa.Column("contacted_at", sa.String(length=27), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_contact_records_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_records")),
    )
    op.create_index(
        "ix_contact_records_case_id", "contact_records", ["case_id"], unique=False
    )

    op.create_table(
        "notes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_notes_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    op.create_index("ix_notes_case_id", "notes", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_table("notes")
    op.drop_table("contact_records")
    op.drop_table("checklist_answers")
    op.drop_table("case_events")
    op.drop_table("calls")
    op.drop_table("callback_attempts")
    op.drop_table("sync_state")
    op.drop_table("rejections")
    op.drop_table("outbox")
    op.drop_table("knowledge_articles")
    op.drop_table("drafts")
    op.drop_table("dispatch_rules")
    op.drop_table("departments")
    op.drop_table("deadline_rules")
    op.drop_table("conflicts")
    op.drop_table("checklist_templates")
    op.drop_table("categories")
    op.drop_table("cases")
    op.drop_table("callers")
    op.drop_table("calendar_days")
    op.drop_table("audit_events")
    op.drop_table("areas")
