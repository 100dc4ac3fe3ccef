"""report_reach gains quarter rows ('q'), the OR of their months' households and the sum of
their sessions: a year's report reads 4 quarters instead of 12 months; and on PostgreSQL the
every-session index holds what the figures by month read, so they read it alone

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op

from server.core import bitset

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_ROW = "team_id, service, village_id, chunk"  # a quarter row's key besides its span and day
_EVERY = sa.text("service = ''")  # the rows of 0010's partial index


def upgrade() -> None:
    """Each quarter made from its months' rows, in SQL. 0011's fill runs the ingest's code of
    today, which may have written quarters already: those go first, so each is made once."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bitset.register_sqlite(bind.connection.driver_connection)
    op.execute("DELETE FROM report_reach WHERE span = 'q'")
    months = [
        m
        for (m,) in bind.execute(
            sa.text("SELECT DISTINCT first_day FROM report_reach WHERE span = 'm'")
        )
    ]
    quarters: dict[date, list[date]] = {}
    for month in sorted(_as_date(m) for m in months):
        quarters.setdefault(date(month.year, 1 + (month.month - 1) // 3 * 3, 1), []).append(month)
    fill = sa.text(
        f"INSERT INTO report_reach (span, first_day, {_ROW}, households, sessions) "
        f"SELECT 'q', :quarter, {_ROW}, bit_or(households), sum(sessions) FROM report_reach "
        f"WHERE span = 'm' AND first_day IN :months GROUP BY {_ROW}"
    ).bindparams(
        sa.bindparam("quarter", type_=sa.Date()),
        sa.bindparam("months", type_=sa.Date(), expanding=True),
    )
    for quarter, its_months in sorted(quarters.items()):
        bind.execute(fill, {"quarter": quarter, "months": its_months})
    _every_index(include=["chunk", "households", "sessions"])


def _every_index(include: list[str]) -> None:
    """0010's index of the every-session rows, made again (SQLite has no INCLUDE)."""
    op.drop_index("ix_report_reach_every", table_name="report_reach")
    op.create_index(
        "ix_report_reach_every",
        "report_reach",
        ["team_id", "span", "first_day"],
        postgresql_where=_EVERY,
        postgresql_include=include,
        sqlite_where=_EVERY,
    )


def _as_date(value) -> date:
    """SQLite answers a raw query's dates as text."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def downgrade() -> None:
    _every_index(include=[])
    op.execute("DELETE FROM report_reach WHERE span = 'q'")
