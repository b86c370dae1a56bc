"""Alembic environment: the URL comes from tracker's configuration, never from an ini.

``tracker.store.engine`` passes an open connection in ``config.attributes``; run by
hand, the URL is tracker's (``--db``/``TRACKER_DATABASE_URL``/config file).
"""

from __future__ import annotations

from alembic import context

from tracker.store.models import Base

target_metadata = Base.metadata
# Tables that live in the database but are not ours to migrate.
FOREIGN_TABLES = {"apscheduler_jobs"}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """APScheduler's job store table is APScheduler's: autogenerate leaves it alone."""
    return not (type_ == "table" and name in FOREIGN_TABLES)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from tracker.config import load_config
    from tracker.store.engine import make_engine

    engine = make_engine(load_config().database_url)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


def run_migrations_offline() -> None:
    from tracker.config import load_config

    context.configure(
        url=load_config().database_url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
