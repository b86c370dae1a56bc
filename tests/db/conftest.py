"""Database fixtures (warehouse style): migrate once per run, one transaction per test.

``session`` is parametrised over SQLite (a template file migrated once and copied
per test) and PostgreSQL (the run's database migrated once; each test inside a
transaction rolled back at the end, with savepoints for the code's own commits).
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
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_migrated_url(pg_server_url: str) -> str:
    engine = make_engine(pg_server_url)
    migrate(engine)
    engine.dispose()
    return pg_server_url


@pytest.fixture(params=["sqlite", "postgresql"])
def session(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Session]:
    if request.param == "sqlite":
        path = tmp_path / "tracker.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        engine = make_engine(f"sqlite:///{path}")
        with Session(engine) as db:
            yield db
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
