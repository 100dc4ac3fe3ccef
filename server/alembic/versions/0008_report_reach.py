"""report summaries by day, part of a month (8 days) and month, households reached as bit
sets: report_sessions and report_reach replace report_days and report_household_days;
households numbered within their team; filled from the rows held by the ingest's own code
in 0011 (which gave report_reach its present shape)

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from server.core import bitset

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The service before the village in the keys: reports read every village's rows of one service
# (most often '', every session) as one range of the index.
_KEYS = ("team_id", "span", "first_day", "service", "village_id")


def upgrade() -> None:
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("households_numbered", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reach_index", sa.Integer(), server_default="0", nullable=False)
        )
    op.execute(
        """UPDATE households SET reach_index = n.i FROM (
            SELECT id, row_number() OVER (PARTITION BY team_id ORDER BY seq, id) - 1 AS i
            FROM households) n
        WHERE n.id = households.id"""
    )
    op.execute(
        """UPDATE teams SET households_numbered = (
            SELECT count(*) FROM households h WHERE h.team_id = teams.id)"""
    )
    op.create_table(
        "report_sessions",
        *_key_columns(),
        sa.Column("sessions", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*_KEYS),
    )
    op.create_table(
        "report_reach",
        *_key_columns(),
        sa.Column("chunk", sa.Integer(), nullable=False),
        sa.Column("households", bitset.Households(), nullable=False),
        sa.PrimaryKeyConstraint(*_KEYS, "chunk"),
    )
    # Filled by 0011, with the ingest's code of today: that code writes the shape 0011 made.
    with op.batch_alter_table("report_household_days", schema=None) as batch_op:
        batch_op.drop_index("ix_report_household_days_household")
    op.drop_table("report_household_days")
    op.drop_table("report_days")


def _key_columns() -> list[sa.Column]:
    return [
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("span", sa.String(length=1), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("service", sa.String(length=64), nullable=False),
        sa.Column("village_id", sa.String(length=64), nullable=False),
    ]


def downgrade() -> None:
    previous = _migration("0006_report_summaries.py")
    previous.create_counts()
    previous.fill_counts()
    op.drop_table("report_reach")
    op.drop_table("report_sessions")
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_column("reach_index")
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_column("households_numbered")


def _migration(name: str):
    """Another migration of this folder, as a module (they are files, not a package)."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(name))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
