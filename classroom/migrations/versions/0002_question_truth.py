"""Questions keep the answer the server computed from the lesson (and the scene that explains it),
so a reveal needs no instructor's session and every replica reads the same answer.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("questions") as batch:
        batch.add_column(sa.Column("truth", sa.String(64), nullable=True))
        batch.add_column(sa.Column("scene", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("questions") as batch:
        batch.drop_column("scene")
        batch.drop_column("truth")
