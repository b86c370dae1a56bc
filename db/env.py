"""Alembic environment: the URL comes from tracker, never from an ini file.

``tracker.store.engine`` passes an open connection in
``config.attributes["connection"]`` (the normal path: ``migrate``, ``ensure_schema``,
``tracker db upgrade``). Without one — Alembic driven by hand with a ``Config``
built by ``tracker.store.engine.alembic_config()`` — the URL is tracker's own:
``config.attributes["url"]`` if given, else ``load_config().database_url``
(``--db`` > ``TRACKER_DATABASE_URL`` > config file > default).
"""

from __future__ import annotations

import os

from alembic import context

from tracker.store.engine import include_object
from tracker.store.models import Base, UTCDateTime

target_metadata = Base.metadata


def render_item(type_, obj, autogen_context):
    """New revisions spell ``UTCDateTime`` as ``sa.DateTime(timezone=True)``.

    A revision must not import the models: it describes the schema of its day.
    """
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _database_url() -> str:
    given = context.config.attributes.get("url")
    if given:
        return str(given)
    try:
        from tracker.config import load_config
    except ImportError:  # a partial checkout without the config module
        url = os.environ.get("TRACKER_DATABASE_URL")
        if not url:
            raise RuntimeError("no database URL: set TRACKER_DATABASE_URL") from None
        return url
    return load_config().database_url


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=True,  # SQLite cannot ALTER most things in place
        include_object=include_object,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from tracker.store.engine import make_engine

    engine = make_engine(_database_url(), create=True)
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


def run_migrations_offline() -> None:
    from tracker.store.engine import normalise_url

    context.configure(
        url=normalise_url(_database_url()),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
