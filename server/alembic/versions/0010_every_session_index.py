"""the summary rows that count every session, indexed by team and span: the figures by village
and month read only these (about one row in 36 of a province's period), and the primary key's
range holds every service's rows between them

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_INDEXES = {"report_sessions": "ix_report_sessions_every", "report_reach": "ix_report_reach_every"}


def upgrade() -> None:
    where = sa.text("service = ''")
    for table, name in _INDEXES.items():
        op.create_index(
            name,
            table,
            ["team_id", "span", "first_day"],
            postgresql_where=where,
            sqlite_where=where,
        )


def downgrade() -> None:
    for table, name in _INDEXES.items():
        op.drop_index(name, table_name=table)
