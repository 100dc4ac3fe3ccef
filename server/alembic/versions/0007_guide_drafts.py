"""the guide editor: drafts written in the staff pages, a commune's own guides, the day a
guide's sources were checked

Revision ID: 0007
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "guide_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("commune_id", sa.String(length=64), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("build_error", sa.String(length=2000), nullable=False),
        sa.Column("built_version", sa.Integer(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["commune_id"], ["areas.id"]),
        sa.ForeignKeyConstraint(["author_id"], ["staff_users.id"]),
        sa.ForeignKeyConstraint(["approved_by"], ["staff_users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("guide_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guide_drafts_code"), ["code"], unique=False)
    with op.batch_alter_table("guides", schema=None) as batch_op:
        batch_op.add_column(sa.Column("commune_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("checked_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("guides", schema=None) as batch_op:
        batch_op.drop_column("checked_on")
        batch_op.drop_column("commune_id")
    with op.batch_alter_table("guide_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guide_drafts_code"))
    op.drop_table("guide_drafts")
