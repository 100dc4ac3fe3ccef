"""The database: one engine per app, SQLite (WAL, foreign keys, writers that queue instead of
failing) or PostgreSQL (psycopg 3); the schema comes from Alembic."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import ARRAY, Engine, Table, any_, bindparam, create_engine, event, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.pool import NullPool
from sqlmodel import Session, col

from server.core import bitset
from server.core.config import Settings

SERVER_DIR = Path(__file__).resolve().parents[1]


def _ensure_sqlite_dir(url: str) -> None:
    path = url.split("///", 1)[-1] if url.startswith("sqlite") else ""
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def make_engine(url: str, pool_size: int = 10, pool_overflow: int = 10) -> Engine:
    """One process's engine. On PostgreSQL it holds at most pool_size + pool_overflow
    connections (Settings.pool_size: keep processes x that under max_connections)."""
    _ensure_sqlite_dir(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _tune_sqlite(engine)
        return engine
    return create_engine(
        url, pool_size=pool_size, max_overflow=pool_overflow, pool_pre_ping=True, pool_timeout=30
    )


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        bitset.register_sqlite(dbapi_connection)
        # Let SQLAlchemy, not the driver, decide when transactions begin (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # Take the write lock up front: a transaction that reads then writes can otherwise hit
        # SQLITE_BUSY on the upgrade, which busy_timeout cannot wait out. Transactions that only
        # read (see `reader`) begin deferred: in WAL mode they neither wait for nor block writers.
        only_reads = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if only_reads else "BEGIN IMMEDIATE")


_READ_ONLY = "cnscd_read_only"


def reader(engine: Engine) -> Engine:
    """The same database and pool, for transactions that only read (pages, reports, token
    checks). On SQLite they take no write lock; elsewhere nothing changes. Writing through it
    on SQLite risks SQLITE_BUSY, so don't."""
    return engine.execution_options(**{_READ_ONLY: True})


def reports_engine(settings: Settings, primary_reader: Engine) -> Engine:
    """Where reports are read: a read-only engine of settings.reports_url (e.g. a streaming
    replica), or `primary_reader` when there is none; dispose it apart only when it is not
    `primary_reader`."""
    if not settings.reports_url:
        return primary_reader
    return reader(make_engine(settings.reports_url, settings.pool_size, settings.pool_overflow))


def dialect_insert(session: Session, table: Table):
    """The dialect's INSERT, which has ON CONFLICT on both SQLite and PostgreSQL."""
    postgres = session.get_bind().dialect.name == "postgresql"
    return (pg_insert if postgres else sqlite_insert)(table)


def any_of(session: Session, column, values: tuple | list):
    """`column` is one of `values`: on PostgreSQL one array parameter (= ANY), so a province's
    1,473 teams, or a push's hundred ids, are one bound value: the statement's text stays the
    same whatever their number, and so it is compiled once, prepared once and keeps its plan
    (an IN list is a new text for each length). SQLite has no arrays and takes IN."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return col(column).in_(values)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back if it raises."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(url: str) -> Config:
    config = Config(str(SERVER_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(SERVER_DIR / "alembic"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


MIGRATION_LOCK = 0x434E5343  # "CNSC": the advisory lock key every process migrates under


def migrate(url: str) -> None:
    """Bring the database's schema to the newest migration. On PostgreSQL under an advisory
    lock: processes started at once (two machines deployed together, several workers) take
    turns; the first upgrades, the others find the schema at head and do nothing. (SQLite's
    own write lock orders the upgrades of one machine.)"""
    _ensure_sqlite_dir(url)
    if not url.startswith("postgresql"):
        command.upgrade(alembic_config(url), "head")
        return
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            try:
                config = alembic_config(url)
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                connection.commit()
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
                connection.commit()
    finally:
        engine.dispose()


def dispose(engine: Engine) -> None:
    engine.dispose()


__all__ = ["dispose", "make_engine", "migrate", "reader", "session_scope"]
