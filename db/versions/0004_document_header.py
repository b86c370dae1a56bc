"""Documents as they arrive: the header as data, where the text came from, the e-mail.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07

Adds to ``documents``: the header read by ``extract/header.py`` — place of issue,
trích yếu (``abstract``) and the Nơi nhận list (``recipients``, a JSON array of the
items as written) — how the text was obtained (``source_kind``: text, pdf, ocr) with
the OCR mean word confidence, and the sender and subject of the e-mail a document was
attached to. All nullable: documents stored before keep NULL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

COLUMNS = (
    ("place", lambda: sa.String(200)),
    ("abstract", lambda: sa.Text()),
    ("recipients", lambda: sa.Text()),
    ("source_kind", lambda: sa.String(20)),
    ("ocr_confidence", lambda: sa.Float()),
    ("mail_from", lambda: sa.String(500)),
    ("mail_subject", lambda: sa.Text()),
)


def upgrade() -> None:
    """Add the columns (batch mode: SQLite cannot ALTER in place)."""
    with op.batch_alter_table("documents") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind(), nullable=True))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("documents") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
