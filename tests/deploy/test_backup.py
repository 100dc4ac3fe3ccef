"""deploy/backup.sh and deploy/restore.sh for real: a province's database (the demo's world and
pushed records) dumped, restored into a fresh PostgreSQL cluster, and compared table by
table, row by row."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from apitest import LiveServer, household, session
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool
from support import pgcluster

from content.demo import load_demo
from server import demo as server_demo
from server.cli import main as cli
from server.core.config import Settings
from server.main import create_app

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _rows(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url, poolclass=NullPool)
    tables = sorted(inspect(engine).get_table_names())
    with engine.connect() as connection:
        rows = {
            t: sorted(map(tuple, connection.execute(text(f'SELECT * FROM "{t}"')).all()), key=repr)
            for t in tables
        }
    engine.dispose()
    return rows


def test_a_dump_restores_into_a_fresh_cluster_with_every_record(
    pg_cluster, pg_database, tmp_path
) -> None:
    import httpx

    settings = Settings(data_dir=tmp_path / "data", database_url=pg_database())
    assert cli(["demo"], settings) == 0
    villages = [v.id for v in load_demo().villages]
    with (
        LiveServer(create_app(settings, run_migrations=False)) as live,
        httpx.Client(base_url=live.url) as http,
    ):
        leader = http.post(
            "/api/v1/auth/login",
            json={"username": server_demo.LEADER, "password": server_demo.PASSWORD},
        ).json()["token"]
        code = http.post(
            "/api/v1/teams/1/enrolment-codes", headers={"Authorization": f"Bearer {leader}"}
        ).json()["code"]
        token = http.post("/api/v1/enrol", json={"code": code, "device_name": "Máy"}).json()[
            "token"
        ]
        rows = [household(v, name=f"Hộ {n}") for n, v in enumerate(villages * 5)]
        rows += [session(h["payload"]["id"]) for h in rows]
        pushed = http.post(
            "/api/v1/sync/push",
            json={"records": rows},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert pushed.status_code == 200
    plain = settings.url.replace("postgresql+psycopg://", "postgresql://")
    env = {
        **os.environ,
        "PATH": f"{pg_cluster.bin}:{os.environ['PATH']}",
        "CNSCD_BACKUP_URL": plain,
        "CNSCD_BACKUP_DIR": str(tmp_path / "backups"),
    }
    made = subprocess.run(
        ["sh", str(DEPLOY / "backup.sh")], env=env, capture_output=True, text=True, check=True
    )
    dump = Path(made.stdout.strip().splitlines()[-1])
    assert dump.is_file() and not list(dump.parent.glob(".*.part"))
    fresh = pgcluster.start(tmp_path / "fresh")
    try:
        target = fresh.create_database("cnscd").replace("postgresql+psycopg://", "postgresql://")
        subprocess.run(
            ["sh", str(DEPLOY / "restore.sh"), str(dump), target],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        before, after = _rows(settings.url), _rows(fresh.url("cnscd"))
    finally:
        fresh.stop()
    assert (
        len(before["households"]) == len(villages) * 5
        and len(before["help_sessions"]) == len(villages) * 5
    )
    assert before == after
