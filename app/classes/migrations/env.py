"""Alembic environment for the class-session schema, configured in code (no alembic.ini).

:func:`app.classes.store.upgrade` passes an open connection in ``config.attributes``; every
``ClassStore`` runs it at start. On PostgreSQL the migration first takes a transaction-level
advisory lock, so replicas that start together migrate one after the other.

To add a revision by hand: a new file in ``versions/`` with ``revision``/``down_revision`` set
(see 0001_classes.py).
"""

from alembic import context

MIGRATION_LOCK = 160_016  # the advisory lock's key: any number unique within the database

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - always called through app.classes.store.upgrade
    raise RuntimeError("run migrations through app.classes.store.upgrade(engine)")

context.configure(connection=connection, target_metadata=None,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
    context.run_migrations()
