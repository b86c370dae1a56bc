"""Migrations on SQLite and PostgreSQL: one head, empty → head, no drift against the
models, downgrade/upgrade round trip (the pytest-alembic checks, by hand)."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from tracker.store.engine import (
    _alembic_config,
    current_revision,
    downgrade,
    ensure_schema,
    head_revision,
    make_engine,
    migrate,
)
from tracker.store.models import Base

TABLES = {"documents", "units", "unit_aliases", "tasks", "assignments", "events", "notifications"}


def test_single_head():
    heads = ScriptDirectory.from_config(_alembic_config()).get_heads()
    assert len(heads) == 1


def test_upgrade_from_empty_gives_the_models_schema(db_url):
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    migrate(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    assert set(inspect(engine).get_table_names()) >= TABLES
    engine.dispose()


def test_downgrade_then_upgrade_round_trips(db_url):
    engine = make_engine(db_url)
    migrate(engine)
    downgrade(engine, revision="base")
    assert not (TABLES & set(inspect(engine).get_table_names()))
    migrate(engine)
    assert set(inspect(engine).get_table_names()) >= TABLES
    engine.dispose()


def test_ensure_schema_creates_a_new_database_at_head(db_url):
    engine = make_engine(db_url)
    ensure_schema(engine)
    assert current_revision(engine) == head_revision()
    ensure_schema(engine)  # idempotent
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_ensure_schema_refuses_an_old_database_without_auto_upgrade(sqlite_url):
    from tracker.errors import MigrationRequired

    engine = make_engine(sqlite_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"
        )
        connection.exec_driver_sql("INSERT INTO alembic_version VALUES ('0000')")
        connection.exec_driver_sql("CREATE TABLE legacy (id INTEGER)")
    with pytest.raises(MigrationRequired, match="tracker db upgrade"):
        ensure_schema(engine, auto_upgrade=False)
    engine.dispose()
