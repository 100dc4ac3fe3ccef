"""household field clocks and help-session change numbers: households merge field by field by
hybrid-logical-clock timestamps; the team's devices pull each other's help sessions.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from datetime import UTC

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LEGACY_NODE = "00000000"  # households stored before clocks: stamped from updated_at


def upgrade() -> None:
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.add_column(sa.Column("clocks", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("help_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.BigInteger(), nullable=False, server_default="0"))
        batch_op.create_index("ix_help_sessions_team_seq", ["team_id", "seq"], unique=False)
    _fill()
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.alter_column("clocks", server_default=None)
    with op.batch_alter_table("help_sessions", schema=None) as batch_op:
        batch_op.alter_column("seq", server_default=None)


def _fill() -> None:
    """Clocks for the households already held; change numbers for the sessions already held,
    taken from their team's counter so devices pull them."""
    bind = op.get_bind()
    households = sa.table(
        "households",
        sa.column("id", sa.String),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("clocks", sa.JSON),
    )
    for household_id, updated_at in bind.execute(
        sa.select(households.c.id, households.c.updated_at)
    ).all():
        if updated_at.tzinfo is None:  # SQLite hands back naive UTC
            updated_at = updated_at.replace(tzinfo=UTC)
        stamp = f"{int(updated_at.timestamp() * 1000):013d}-0000-{LEGACY_NODE}"
        clocks = dict.fromkeys(("head_name", "village_id", "phone"), stamp)
        bind.execute(
            households.update().where(households.c.id == household_id).values(clocks=clocks)
        )
    teams = sa.table("teams", sa.column("id", sa.Integer), sa.column("change_seq", sa.BigInteger))
    sessions = sa.table(
        "help_sessions",
        sa.column("id", sa.String),
        sa.column("team_id", sa.Integer),
        sa.column("received_at", sa.DateTime(timezone=True)),
        sa.column("seq", sa.BigInteger),
    )
    for team_id, seq in bind.execute(sa.select(teams.c.id, teams.c.change_seq)).all():
        ids = (
            bind.execute(
                sa.select(sessions.c.id)
                .where(sessions.c.team_id == team_id)
                .order_by(sessions.c.received_at, sessions.c.id)
            )
            .scalars()
            .all()
        )
        for number, session_id in enumerate(ids, start=seq + 1):
            bind.execute(sessions.update().where(sessions.c.id == session_id).values(seq=number))
        bind.execute(teams.update().where(teams.c.id == team_id).values(change_seq=seq + len(ids)))


def downgrade() -> None:
    with op.batch_alter_table("help_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_help_sessions_team_seq")
        batch_op.drop_column("seq")
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_column("clocks")
