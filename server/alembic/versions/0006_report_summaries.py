"""report summaries kept by the ingest (server.reports.summaries): sessions per team x day x
village x service, per team x service x day x household, each household's latest session and
follow-up day, devices' guide opens per commune x day x guide; filled from the rows held

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_counts()
    op.create_table(
        "report_shared_opens",
        sa.Column("commune_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("guide_code", sa.String(length=64), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("commune_id", "day", "guide_code"),
    )
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.add_column(sa.Column("latest_session_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("follow_up_due", sa.Date(), nullable=True))
        batch_op.create_index(
            "ix_households_team_follow_up_due", ["team_id", "follow_up_due"], unique=False
        )
    fill_counts()
    _fill()


def create_counts() -> None:
    """report_days and report_household_days (migration 0008 replaced them, and makes them
    again on its way down)."""
    op.create_table(
        "report_days",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("village_id", sa.String(length=64), nullable=False),
        sa.Column("service", sa.String(length=64), nullable=False),
        sa.Column("sessions", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "day", "village_id", "service"),
    )
    op.create_table(
        "report_household_days",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "service", "day", "household_id"),
    )
    with op.batch_alter_table("report_household_days", schema=None) as batch_op:
        batch_op.create_index("ix_report_household_days_household", ["household_id"], unique=False)


def fill_counts() -> None:
    """report_days and report_household_days of the rows already held, counted as the ingest
    counted them."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        day = "(s.occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"
        services = "json_array_elements_text(s.services) AS v(value)"
    else:
        day = "date(s.occurred_at, '+7 hours')"
        services = "json_each(s.services) AS v"
    held = "help_sessions s JOIN households h ON h.id = s.household_id"
    op.execute(
        f"""INSERT INTO report_days (team_id, day, village_id, service, sessions)
        SELECT s.team_id, {day}, h.village_id, '', count(*) FROM {held}
        GROUP BY s.team_id, {day}, h.village_id"""
    )
    op.execute(
        f"""INSERT INTO report_days (team_id, day, village_id, service, sessions)
        SELECT s.team_id, {day}, h.village_id, v.value, count(*) FROM {held}, {services}
        GROUP BY s.team_id, {day}, h.village_id, v.value"""
    )
    op.execute(
        f"""INSERT INTO report_household_days (team_id, service, day, household_id, sessions)
        SELECT s.team_id, '', {day}, s.household_id, count(*) FROM help_sessions s
        GROUP BY s.team_id, {day}, s.household_id"""
    )
    op.execute(
        f"""INSERT INTO report_household_days (team_id, service, day, household_id, sessions)
        SELECT s.team_id, v.value, {day}, s.household_id, count(DISTINCT s.id)
        FROM help_sessions s, {services}
        GROUP BY s.team_id, v.value, {day}, s.household_id"""
    )


def _fill() -> None:
    """The other summaries of the rows already held, counted as the ingest counts them."""
    op.execute(
        """INSERT INTO report_shared_opens (commune_id, day, guide_code, count)
        SELECT commune_id, day, guide_code, sum(count) FROM shared_opens
        GROUP BY commune_id, day, guide_code"""
    )
    op.execute(
        """UPDATE households SET latest_session_id = (
            SELECT s.id FROM help_sessions s WHERE s.household_id = households.id
            ORDER BY s.occurred_at DESC, s.id DESC LIMIT 1)"""
    )
    op.execute(
        """UPDATE households SET follow_up_due = (
            SELECT s.follow_up_on FROM help_sessions s
            WHERE s.id = households.latest_session_id AND s.outcome = 'follow_up')"""
    )


def downgrade() -> None:
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_index("ix_households_team_follow_up_due")
        batch_op.drop_column("follow_up_due")
        batch_op.drop_column("latest_session_id")
    op.drop_table("report_shared_opens")
    op.drop_table("report_household_days")
    op.drop_table("report_days")
