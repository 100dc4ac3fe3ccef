"""the services of the content published last, which reports name (so every instance names them
alike, whatever files it was shipped with)

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("content_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("services", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("content_state", schema=None) as batch_op:
        batch_op.drop_column("services")
