"""national_reports: the country's report made ahead for the default period and the 365 days
to today (server.reports.ahead), refreshed by a timer

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "national_reports",
        sa.Column("today", sa.Date(), nullable=False),
        sa.Column("period_first", sa.Date(), nullable=False),
        sa.Column("period_last", sa.Date(), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("today", "period_first", "period_last"),
    )


def downgrade() -> None:
    op.drop_table("national_reports")
