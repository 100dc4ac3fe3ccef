"""help sessions ordered by their HLC clock; places pulled like guides (a change number, and
retirement); how many records a device holds set aside

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from datetime import UTC

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

LEGACY_NODE = "00000000"  # sessions stored before clocks: stamped from updated_at


def upgrade() -> None:
    with op.batch_alter_table("help_sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("clock", sa.String(length=27), nullable=False, server_default="")
        )
    with op.batch_alter_table("areas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.BigInteger(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_areas_seq", ["seq"], unique=False)
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("set_aside", sa.Integer(), nullable=False, server_default="0")
        )
    _fill()


def _fill() -> None:
    """A clock for every session already held, made from its updated_at. Places already held
    keep change number 0: every device enrolled has them."""
    bind = op.get_bind()
    sessions = sa.table(
        "help_sessions",
        sa.column("id", sa.String),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("clock", sa.String),
    )
    for session_id, updated_at in bind.execute(
        sa.select(sessions.c.id, sessions.c.updated_at)
    ).all():
        if updated_at.tzinfo is None:  # SQLite hands back naive UTC
            updated_at = updated_at.replace(tzinfo=UTC)
        stamp = f"{int(updated_at.timestamp() * 1000):013d}-0000-{LEGACY_NODE}"
        bind.execute(sessions.update().where(sessions.c.id == session_id).values(clock=stamp))


def downgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_column("set_aside")
    with op.batch_alter_table("areas", schema=None) as batch_op:
        batch_op.drop_index("ix_areas_seq")
        batch_op.drop_column("retired_at")
        batch_op.drop_column("seq")
    with op.batch_alter_table("help_sessions", schema=None) as batch_op:
        batch_op.drop_column("clock")
