"""rate limit buckets shared by every server process (PostgreSQL deployments)

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_buckets",
        sa.Column("name", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refused", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("name", "key"),
    )
    op.create_index(op.f("ix_rate_buckets_at"), "rate_buckets", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_rate_buckets_at"), table_name="rate_buckets")
    op.drop_table("rate_buckets")
