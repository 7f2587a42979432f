"""The workstation's local cache: tables, migrations, and functions over a Session.

Open it with app.models.db.open_cache(); tables are in app.models.tables; writes go
through app.models.cases, drafts and outbox; reads through callers (and queues,
knowledge search in their own modules). Nothing here imports Qt.
"""
