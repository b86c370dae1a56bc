"""Database fixtures (warehouse style): migrate once per run, one transaction per test.

``session`` is parametrised over SQLite (a template file migrated once per run and
copied per test) and PostgreSQL (the run's database ``pg_server_url`` migrated
once; each test runs inside a transaction rolled back at the end, and the code's
own ``commit()`` calls only release savepoints: ``join_transaction_mode=
"create_savepoint"``). Other test folders can use it once the lead moves these
fixtures to ``tests/conftest.py`` (or lists this module in ``pytest_plugins``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from tracker.store.engine import make_engine, migrate


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file at head, migrated once per test run; copy it, never open it."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}", create=True)
    migrate(engine)
    with engine.connect() as connection:
        # everything into the main file, so copying that file alone is complete; on the
        # driver connection, outside the transaction SQLAlchemy would begin
        connection.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_migrated_url(pg_server_url: str) -> str:
    """The run's PostgreSQL database, migrated to head once."""
    migrate(pg_server_url)
    return pg_server_url


@pytest.fixture
def sqlite_migrated_url(sqlite_template: Path, tmp_path: Path) -> str:
    """URL of this test's own copy of the migrated SQLite template."""
    path = tmp_path / "migrated.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgresql"])
def session(request: pytest.FixtureRequest) -> Iterator[Session]:
    """A session on a database at head, on SQLite and on PostgreSQL; nothing outlives the test."""
    if request.param == "sqlite":
        engine = make_engine(request.getfixturevalue("sqlite_migrated_url"))
        try:
            with Session(engine) as db:
                yield db
        finally:
            engine.dispose()
        return
    engine = make_engine(request.getfixturevalue("pg_migrated_url"))
    connection = engine.connect()
    transaction = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield db
    finally:
        db.close()
        transaction.rollback()
        connection.close()
        engine.dispose()
