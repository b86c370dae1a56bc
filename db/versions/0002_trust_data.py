"""Documents that can be taken back, units that change, events that name their unit.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07

* ``documents.deleted_at`` (``tracker documents delete``/``restore``) and an index on
  ``documents.number`` (a second document with the same số/ký hiệu is a likely
  duplicate);
* ``documents.content_hash`` recomputed over the canonical text (line ends, spaces and
  invisible characters no longer make two copies of one document differ); where two
  stored documents now share a hash, the later one keeps its old hash (it stays
  stored: ``tracker documents list`` shows both, the user deletes one);
* ``units.successor_id`` and ``units.retired_on`` (rename, merge, retire);
* ``assignments.merged_into_id`` (an open assignment carried into another by a merger);
* ``events.document_id`` and ``events.unit_id``, the latter filled for existing events
  from their assignment's unit.

``canonical_text`` is copied here as it is today: a revision keeps meaning what it
meant when written, whatever ``tracker.store.writes`` becomes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
_BLANK_RUNS = re.compile(r"\n{3,}")


def _canonical_hash(text: str) -> str:
    value = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    value = "\n".join(" ".join(line.split()) for line in _INVISIBLE.sub("", value).split("\n"))
    value = _BLANK_RUNS.sub("\n\n", value).strip("\n")
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _add_reference(table: str, column: str, target: str) -> None:
    """A nullable column referring to ``target``.id, with its named FK and index.

    On SQLite, ``units`` and ``assignments`` get the column in place (``ALTER TABLE
    ADD COLUMN … REFERENCES``): batch mode would rebuild them, and dropping a table
    that other tables refer to fails with foreign keys on, as tracker's connections
    have them.
    """
    name = op.f(f"fk_{table}_{column}_{target}")
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} INTEGER "
            f"CONSTRAINT {name} REFERENCES {target} (id)"
        )
    else:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
        op.create_foreign_key(name, table, target, [column], ["id"])
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def upgrade() -> None:
    """Add the columns and indexes, then recompute hashes and fill ``events.unit_id``."""
    op.add_column("documents", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(op.f("ix_documents_number"), "documents", ["number"])
    _add_reference("units", "successor_id", "units")
    op.add_column("units", sa.Column("retired_on", sa.Date(), nullable=True))
    _add_reference("assignments", "merged_into_id", "assignments")
    # nothing refers to events: batch mode may rebuild it on SQLite (and must, for the
    # ON DELETE CASCADE to be part of the table's definition)
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("document_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_events_document_id_documents"),
            "documents",
            ["document_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_foreign_key(op.f("fk_events_unit_id_units"), "units", ["unit_id"], ["id"])
        batch.create_index(op.f("ix_events_document_id"), ["document_id"])
        batch.create_index(op.f("ix_events_unit_id"), ["unit_id"])
    _rehash()
    op.execute(
        "UPDATE events SET unit_id = (SELECT assignments.unit_id FROM assignments "
        "WHERE assignments.id = events.assignment_id) WHERE assignment_id IS NOT NULL"
    )


def _rehash() -> None:
    connection = op.get_bind()
    documents = sa.table(
        "documents", sa.column("id", sa.Integer()), sa.column("content_hash", sa.String())
    )
    rows = connection.execute(sa.text("SELECT id, content_hash, text FROM documents ORDER BY id"))
    taken = set()
    changes = []
    for document_id, old, text in rows:
        new = _canonical_hash(text)
        if new in taken:  # an earlier document is the same text: keep this one's hash
            taken.add(old)
            continue
        taken.add(new)
        if new != old:
            changes.append({"document_id": document_id, "content_hash": new})
    # old hashes may equal new ones of other rows only by SHA-256 collision; still,
    # two passes (to a temporary value, then the new hash) keep the unique key happy
    statement = (
        sa.update(documents)
        .where(documents.c.id == sa.bindparam("document_id"))
        .values(content_hash=sa.bindparam("content_hash"))
    )
    if changes:
        connection.execute(
            statement,
            [
                {"document_id": c["document_id"], "content_hash": f"~{c['document_id']}"}
                for c in changes
            ],
        )
        connection.execute(statement, changes)


def downgrade() -> None:
    """Drop what ``upgrade`` added (hashes stay canonical: both forms are valid keys).

    SQLite cannot drop a column that carries a foreign key in place: batch mode
    rebuilds ``units`` and ``assignments`` (``store.engine`` turns foreign keys off
    around every migration on SQLite, and checks them before the commit).
    """
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("events") as batch:
        batch.drop_index(op.f("ix_events_unit_id"))
        batch.drop_index(op.f("ix_events_document_id"))
        batch.drop_constraint(op.f("fk_events_unit_id_units"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_events_document_id_documents"), type_="foreignkey")
        batch.drop_column("unit_id")
        batch.drop_column("document_id")
    for table, column, target in (
        ("assignments", "merged_into_id", "assignments"),
        ("units", "successor_id", "units"),
    ):
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
        with op.batch_alter_table(table) as batch:
            if not sqlite:  # unnamed in SQLite's reflection: the rebuild leaves it out
                batch.drop_constraint(op.f(f"fk_{table}_{column}_{target}"), type_="foreignkey")
            batch.drop_column(column)
    op.drop_column("units", "retired_on")
    op.drop_index(op.f("ix_documents_number"), table_name="documents")
    op.drop_column("documents", "deleted_at")
