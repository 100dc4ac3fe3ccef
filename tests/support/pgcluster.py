"""A throwaway PostgreSQL cluster for the tests and benchmarks: initdb + pg_ctl in a folder of
our own, on a free loopback port, trusting local connections. As root it runs as the
`postgres` OS user (PostgreSQL refuses to run as root)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


def find_bin() -> Path | None:
    """Debian's newest PostgreSQL, else whatever initdb is on PATH."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]),
        reverse=True,
    )
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _installed_bin() -> Path:
    bin_dir = find_bin()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL is not installed (Debian package: postgresql)")
    return bin_dir


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    root: Path
    bin: Path
    port: int

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        import psycopg  # here, so dev.py can call find_bin() before the virtual environment exists

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(sql)

    def create_database(self, name: str, template: str | None = None) -> str:
        self.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def stop(self, keep: bool = False) -> None:
        """Gone with its folder; or, with `keep`, shut down cleanly and left for `resume`."""
        mode = "fast" if keep else "immediate"
        _run(
            self.root,
            [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"],
            check=False,
        )
        if not keep:
            shutil.rmtree(self.root, ignore_errors=True)


def _as_postgres() -> list[str]:
    return (
        ["runuser", "-u", "postgres", "--"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    )


def _run(root: Path, command: list[str], check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*_as_postgres(), *command], check=check, capture_output=True, text=True, cwd=root
    )


def _own_folder(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    if _as_postgres():
        os.chmod(root, 0o755)
        for parent in root.parents:  # postgres must be able to reach the folder
            if parent == Path("/"):
                break
            os.chmod(parent, os.stat(parent).st_mode | 0o011)
        shutil.chown(root, "postgres", "postgres")


def _pg_ctl_start(cluster: Cluster, options: str) -> None:
    result = _run(
        cluster.root,
        [
            str(cluster.bin / "pg_ctl"),
            "-D",
            str(cluster.data),
            "-o",
            options,
            "-l",
            str(cluster.root / "log"),
            "-w",
            "start",
        ],
        check=False,
    )
    if result.returncode != 0:
        log = (cluster.root / "log").read_text() if (cluster.root / "log").exists() else ""
        raise RuntimeError(f"pg_ctl start failed: {result.stderr}\n{log}")


def _options(cluster: Cluster, durable: bool) -> str:
    options = (
        f"-p {cluster.port} -k {cluster.root} -c listen_addresses=127.0.0.1 "
        "-c max_connections=200 -c wal_level=replica -c max_wal_senders=10"
    )
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    return options


def start(root: Path, durable: bool = False) -> Cluster:
    """initdb + start. `durable=False` turns fsync off: fine for tests, not for figures. The
    WAL carries what a streaming replica needs (wal_level=replica), and initdb's pg_hba lets
    loopback replication connections in (trust), so `start_replica` can follow it."""
    bin_dir = _installed_bin()
    _own_folder(root)
    cluster = Cluster(root=root, bin=bin_dir, port=free_port())
    _run(
        root,
        [
            str(bin_dir / "initdb"),
            "-D",
            str(cluster.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        ],
    )
    _pg_ctl_start(cluster, _options(cluster, durable))
    return cluster


def resume(root: Path, durable: bool = False) -> Cluster:
    """Start again a cluster that `start` made in `root` and `stop(keep=True)` left, on a free
    port."""
    bin_dir = _installed_bin()
    cluster = Cluster(root=root, bin=bin_dir, port=free_port())
    _pg_ctl_start(cluster, _options(cluster, durable))
    return cluster


def start_replica(primary: Cluster, root: Path | None = None, durable: bool = False) -> Cluster:
    """A hot-standby streaming replica of `primary`: pg_basebackup -R (which writes
    standby.signal and the primary_conninfo), then started on a port of its own."""
    root = root or primary.root.with_name(primary.root.name + "-replica")
    _own_folder(root)
    replica = Cluster(root=root, bin=primary.bin, port=free_port())
    copied = _run(
        root,
        [
            str(primary.bin / "pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "postgres",
            "-D",
            str(replica.data),
            "-R",
            "-X",
            "stream",
            "--checkpoint=fast",  # not a spread checkpoint, which waits minutes on an idle primary
            "--no-sync",
        ],
        check=False,
    )
    if copied.returncode != 0:
        raise RuntimeError(f"pg_basebackup failed: {copied.stderr}")
    _pg_ctl_start(replica, _options(replica, durable) + " -c hot_standby=on")
    return replica


def wait_for_replay(primary_url: str, replica_url: str, bound: float = 60) -> None:
    """Until the replica has replayed everything the primary has written so far (at most
    `bound` seconds): up to the primary's insert position, since with asynchronous commit a
    committed transaction's record may not be written yet (pg_current_wal_lsn stops short)."""

    import psycopg  # here, as in Cluster.execute: dev.py imports this module before the venv

    def connect(url: str) -> psycopg.Connection:
        return psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True)

    with connect(primary_url) as primary:
        lsn = primary.execute("SELECT pg_current_wal_insert_lsn()").fetchone()[0]
    deadline = time.monotonic() + bound
    with connect(replica_url) as standby:
        query = "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn"
        while not standby.execute(query, (str(lsn),)).fetchone()[0]:
            assert time.monotonic() < deadline, "the replica did not catch up"
            time.sleep(0.05)
