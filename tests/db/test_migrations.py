"""Migrations on SQLite and PostgreSQL (the pytest-alembic checks, by hand): one head,
empty → head, no drift against the models, downgrade/upgrade round trip; and
``ensure_schema`` on new, current, older, newer and foreign databases."""

from __future__ import annotations

import shutil
import sqlite3
import textwrap
from importlib import resources
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from tracker.errors import MigrationRequired
from tracker.store import engine as store_engine
from tracker.store.engine import (
    alembic_config,
    alembic_head_revision,
    current_revision,
    downgrade,
    ensure_schema,
    head_revision,
    include_object,
    make_engine,
    migrate,
    session_scope,
)
from tracker.store.models import Base, Unit

TABLES = set(Base.metadata.tables)


def _drift(engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        return list(compare_metadata(context, Base.metadata))


def test_single_head():
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert heads == [head_revision()]
    assert alembic_head_revision() == head_revision()  # the file-name shortcut holds


def test_revision_files_sort_in_order():
    script = ScriptDirectory.from_config(alembic_config())
    names = sorted(p.name for p in Path(script.versions).glob("[0-9]*.py"))
    revisions = [s.revision for s in reversed(list(script.walk_revisions()))]
    assert [n.split("_", 1)[0] for n in names] == revisions


def test_migrations_are_found_from_the_package_not_the_working_directory(tmp_path):
    location = Path(alembic_config().get_main_option("script_location") or "")
    assert location == Path(str(resources.files("tracker.migrations")))
    assert (location / "env.py").is_file()
    assert not location.is_relative_to(Path.cwd())


def test_upgrade_from_empty_gives_the_models_schema(db_url):
    engine = make_engine(db_url, create=True)
    assert current_revision(engine) is None
    migrate(engine)
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) >= TABLES
    assert _drift(engine) == []
    engine.dispose()


def test_downgrade_then_upgrade_round_trips(db_url):
    engine = make_engine(db_url, create=True)
    migrate(engine)
    downgrade(engine, revision="base")
    assert not (TABLES & set(inspect(engine).get_table_names()))
    assert current_revision(engine) is None
    migrate(engine)
    assert current_revision(engine) == head_revision()
    assert _drift(engine) == []
    engine.dispose()


def test_migrate_accepts_a_url(db_url):
    migrate(db_url)
    engine = make_engine(db_url, create=True)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_env_takes_the_url_from_tracker_configuration(db_url, monkeypatch):
    """Alembic driven by hand (no connection passed): TRACKER_DATABASE_URL via load_config."""
    monkeypatch.setenv("TRACKER_DATABASE_URL", db_url)
    command.upgrade(alembic_config(), "head")
    engine = make_engine(db_url, create=True)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_ensure_schema_creates_a_new_database_at_head(db_url):
    engine = make_engine(db_url, create=True)
    assert ensure_schema(engine) is None
    assert current_revision(engine) == head_revision()
    assert ensure_schema(engine, auto_upgrade=False) is None  # at head: nothing to do
    engine.dispose()


def test_ensure_schema_ignores_tables_that_are_not_ours(db_url):
    engine = make_engine(db_url, create=True)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE apscheduler_jobs (id VARCHAR(191))")
    ensure_schema(engine, auto_upgrade=False)
    assert current_revision(engine) == head_revision()
    assert _drift(engine) == []
    engine.dispose()


def test_ensure_schema_refuses_our_tables_without_a_revision(db_url):
    engine = make_engine(db_url, create=True)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE units (id INTEGER PRIMARY KEY)")
    with pytest.raises(MigrationRequired, match="units"):
        ensure_schema(engine)
    engine.dispose()


def test_ensure_schema_refuses_a_database_newer_than_tracker(db_url):
    engine = make_engine(db_url, create=True)
    migrate(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(MigrationRequired, match=r"9999.*cập nhật tracker"):
        ensure_schema(engine)
    engine.dispose()


# --- an older database: a second revision that exists only in this test ----------

NEXT_REVISION = textwrap.dedent(
    '''
    """Test-only revision after the real head."""

    import sqlalchemy as sa
    from alembic import op

    revision = "9001"
    down_revision = {head!r}
    branch_labels = None
    depends_on = None


    def upgrade() -> None:
        op.create_table("probe", sa.Column("id", sa.Integer(), primary_key=True))


    def downgrade() -> None:
        op.drop_table("probe")
    '''
)


@pytest.fixture
def next_revision(tmp_path, monkeypatch) -> str:
    """The shipped migrations plus a revision 9001, as the scripts tracker uses."""
    head = head_revision()
    folder = tmp_path / "migrations"
    shutil.copytree(
        Path(str(resources.files("tracker.migrations"))),
        folder,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (folder / "versions" / "9001_probe.py").write_text(
        NEXT_REVISION.format(head=head), encoding="utf-8"
    )
    monkeypatch.setattr(store_engine, "script_location", lambda: str(folder))
    return head


def _older_database_with_a_unit(url: str, revision: str):
    engine = make_engine(url, create=True)
    migrate(engine, revision=revision)
    with session_scope(engine) as session:
        session.add(Unit(name="Xã An Bình", name_key="xa an binh", kind="xã"))
    return engine


def test_an_older_database_is_refused_without_auto_upgrade(db_url, next_revision):
    engine = _older_database_with_a_unit(db_url, next_revision)
    with pytest.raises(MigrationRequired, match=rf"{next_revision}, cần 9001.*tracker db upgrade"):
        ensure_schema(engine, auto_upgrade=False)
    assert current_revision(engine) == next_revision
    engine.dispose()


def test_an_older_database_is_upgraded_with_a_backup_of_sqlite(db_url, next_revision):
    engine = _older_database_with_a_unit(db_url, next_revision)
    backup = ensure_schema(engine)
    assert current_revision(engine) == "9001"
    assert "probe" in inspect(engine).get_table_names()
    engine.dispose()
    if not db_url.startswith("sqlite"):
        assert backup is None
        return
    assert backup is not None
    assert backup.parent == Path(db_url.removeprefix("sqlite:///")).parent
    assert backup.name.startswith("tracker.db.bak-")
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (next_revision,)
        ]
        assert copy.execute("SELECT name FROM units").fetchall() == [("Xã An Bình",)]


# --- 0002: data carried over -------------------------------------------------------

_ROWS_0001 = """
INSERT INTO documents (id, content_hash, file_name, text, ingested_at, number)
  VALUES (1, 'old-a', 'a.txt', 'Đề nghị các xã  báo cáo.\r\n', '2024-03-12 01:00:00', '85/TB-VP'),
         (2, 'old-b', 'b.txt', 'Đề nghị các xã báo cáo.', '2024-03-13 01:00:00', '85/TB-VP'),
         (3, 'old-c', 'c.txt', 'Giao Phòng Nội vụ rà soát.', '2024-03-14 01:00:00', NULL);
INSERT INTO units (id, name, name_key, kind, active)
  VALUES (1, 'UBND huyện An Hòa', 'ủy ban nhân dân huyện an hòa', 'huyện', TRUE),
         (2, 'Xã An Bình', 'xã an bình', 'xã', TRUE);
UPDATE units SET parent_id = 1 WHERE id = 2;
INSERT INTO tasks (id, document_id, ordinal, sentence, span_start, span_end, action,
                   confidence, rule, review, created_at)
  VALUES (1, 1, 0, 'Đề nghị các xã báo cáo.', 0, 23, 'báo cáo', 0.9, 'cue', 'confirmed',
          '2024-03-12 01:00:00');
INSERT INTO assignments (id, task_id, unit_id, unit_key, owner_text, role, period)
  VALUES (1, 1, 2, '2', 'các xã', 'lead', '');
INSERT INTO events (id, task_id, assignment_id, kind, at)
  VALUES (1, 1, 1, 'done', '2024-03-20 01:00:00'), (2, 1, NULL, 'created', '2024-03-12 01:00:00');
"""


def test_0002_keeps_the_data_recomputes_hashes_and_names_event_units(db_url):
    from tracker.store.writes import content_hash

    engine = make_engine(db_url, create=True)
    migrate(engine, revision="0001")
    with engine.begin() as connection:
        for statement in _ROWS_0001.split(";"):
            if statement.strip():
                connection.exec_driver_sql(statement)
    migrate(engine)
    with engine.connect() as connection:
        hashes = dict(connection.exec_driver_sql("SELECT id, content_hash FROM documents").all())
        units = connection.exec_driver_sql("SELECT id, parent_id FROM units ORDER BY id").all()
        events = dict(connection.exec_driver_sql("SELECT id, unit_id FROM events").all())
        assignments = connection.exec_driver_sql("SELECT unit_id FROM assignments").all()
    engine.dispose()
    # a and b are one text but for CRLF and a double space: the later one keeps its old hash
    assert hashes == {
        1: content_hash("Đề nghị các xã báo cáo."),
        2: "old-b",
        3: content_hash("Giao Phòng Nội vụ rà soát."),
    }
    assert units == [(1, None), (2, 1)]
    assert assignments == [(2,)]
    assert events == {1: 2, 2: None}


def test_0002_downgrades_with_data(db_url):
    engine = make_engine(db_url, create=True)
    migrate(engine, revision="0001")
    with engine.begin() as connection:
        for statement in _ROWS_0001.split(";"):
            if statement.strip():
                connection.exec_driver_sql(statement)
    migrate(engine)
    downgrade(engine, revision="0001")
    assert current_revision(engine) == "0001"
    with engine.connect() as connection:
        units = connection.exec_driver_sql("SELECT id, parent_id FROM units ORDER BY id").all()
        events = connection.exec_driver_sql("SELECT count(*) FROM events").scalar()
        columns = {c["name"] for c in inspect(connection).get_columns("units")}
    engine.dispose()
    assert units == [(1, None), (2, 1)]
    assert events == 2
    assert "successor_id" not in columns
