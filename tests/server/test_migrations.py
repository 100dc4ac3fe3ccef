"""The Alembic migrations and the SQLModel classes describe the same schema, on SQLite and
PostgreSQL; a downgrade and upgrade round trip works."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy.pool import NullPool

from server.core.config import Settings
from server.core.db import alembic_config, migrate
from server.models import metadata


def test_migrated_database_matches_the_models(settings: Settings) -> None:
    engine = create_engine(settings.url, poolclass=NullPool)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []


def test_downgrade_to_nothing_and_back(settings: Settings) -> None:
    config = alembic_config(settings.url)
    command.downgrade(config, "base")
    engine = create_engine(settings.url, poolclass=NullPool)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate(settings.url)
    assert {"households", "help_sessions", "devices", "guides", "qr_opens", "audit_log"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()
