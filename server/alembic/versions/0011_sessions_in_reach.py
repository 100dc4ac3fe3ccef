"""each report_reach row counts its households' sessions too, and report_sessions goes: a
report reads one table once for sessions and households alike, and the ingest writes one
table instead of two; report_reach is filled again from the rows held, by the ingest's own code

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel import Session

from server.core import bitset

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_KEYS = ("team_id", "span", "first_day", "service", "village_id")  # as 0008 made them
_EVERY = sa.text("service = ''")  # the rows 0010's partial indexes hold
_TEAMS_AT_ONCE = 50  # a batch's summary rows never overlap another's: they are per team


def upgrade() -> None:
    op.drop_index("ix_report_sessions_every", table_name="report_sessions")
    op.drop_table("report_sessions")
    op.drop_index("ix_report_reach_every", table_name="report_reach")
    op.drop_table("report_reach")
    op.create_table(
        "report_reach",
        *_key_columns(),
        sa.Column("chunk", sa.Integer(), nullable=False),
        sa.Column("households", bitset.Households(), nullable=False),
        sa.Column("sessions", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*_KEYS, "chunk"),
    )
    _every_index("ix_report_reach_every", "report_reach")
    _fill()


def _key_columns() -> list[sa.Column]:
    return [
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("span", sa.String(length=1), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("service", sa.String(length=64), nullable=False),
        sa.Column("village_id", sa.String(length=64), nullable=False),
    ]


def _every_index(name: str, table: str) -> None:
    op.create_index(
        name, table, ["team_id", "span", "first_day"], postgresql_where=_EVERY, sqlite_where=_EVERY
    )


def _fill() -> None:
    """The summaries of the sessions held, counted by the ingest's own code
    (server.reports.summaries), so the two cannot count differently: a few teams at a time."""
    from server.reports import summaries  # the code of today, as this migration is run

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bitset.register_sqlite(bind.connection.driver_connection)
    teams = [t for (t,) in bind.execute(sa.text("SELECT id FROM teams ORDER BY id"))]
    session = Session(bind=bind)
    for at in range(0, len(teams), _TEAMS_AT_ONCE):
        summaries.count_teams(session, teams[at : at + _TEAMS_AT_ONCE])
    session.flush()


def downgrade() -> None:
    """report_sessions again, summed from the rows' sessions over their chunks."""
    op.create_table(
        "report_sessions",
        *_key_columns(),
        sa.Column("sessions", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*_KEYS),
    )
    keys = ", ".join(_KEYS)
    op.execute(
        f"INSERT INTO report_sessions ({keys}, sessions) "
        f"SELECT {keys}, sum(sessions) FROM report_reach GROUP BY {keys}"
    )
    _every_index("ix_report_sessions_every", "report_sessions")
    op.drop_index("ix_report_reach_every", table_name="report_reach")
    with op.batch_alter_table("report_reach", schema=None) as batch_op:
        batch_op.drop_column("sessions")
    _every_index("ix_report_reach_every", "report_reach")
