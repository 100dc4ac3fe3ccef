"""Debian's nginx in front of API instances, for the tests and benchmarks, with the repo's
deploy/nginx.conf as it is: its ${CNSCD_...} names filled in the way deploy/setup.sh fills them
with envsubst (only the listed names; nginx's own $variables stay), inside a small main
configuration of our own (pid, logs and temp folders in the test's folder). TLS uses a
self-signed certificate for 127.0.0.1 made here with openssl."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from support.pgcluster import free_port

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "nginx.conf"
NAMES = (
    "CNSCD_DOMAIN",
    "CNSCD_HTTP_PORT",
    "CNSCD_HTTPS_PORT",
    "CNSCD_TLS_CERT",
    "CNSCD_TLS_KEY",
    "CNSCD_UPSTREAMS",
    "CNSCD_CACHE_DIR",
)


def find_nginx() -> Path | None:
    for candidate in ("/usr/sbin/nginx", shutil.which("nginx")):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def render(template: str, values: dict[str, str]) -> str:
    """What `envsubst '${A} ${B}'` does: ${A} and ${B} replaced, every other $ left alone."""
    missing = [name for name in NAMES if name not in values]
    if missing:
        raise KeyError(f"no value for {missing}")
    return re.sub(r"\$\{(CNSCD_[A-Z_]+)\}", lambda m: values.get(m[1], m[0]), template)


def self_signed(folder: Path, name: str = "127.0.0.1") -> tuple[Path, Path]:
    """A certificate and key for `name` (an IP address or a host name), valid ten years."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    alt = f"IP:{name}" if re.fullmatch(r"[\d.]+", name) else f"DNS:{name}"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "3650",
            "-subj",
            f"/CN={name}",
            "-addext",
            f"subjectAltName={alt}",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@dataclass
class Front:
    root: Path
    https_port: int
    http_port: int
    cert: Path
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def log(self) -> str:
        path = self.root / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""


def start(root: Path, upstreams: list[str], workers: int = 2) -> Front:
    """nginx on free loopback ports before `upstreams` ("127.0.0.1:PORT")."""
    nginx = find_nginx()
    if nginx is None:
        raise FileNotFoundError("nginx is not installed (Debian package: nginx)")
    root.mkdir(parents=True, exist_ok=True)
    cert, key = self_signed(root / "tls")
    https_port, http_port = free_port(), free_port()
    servers = " ".join(f"server {u} max_fails=1 fail_timeout=5s;" for u in upstreams)
    site = render(
        CONFIG.read_text(),
        {
            "CNSCD_DOMAIN": "127.0.0.1",
            "CNSCD_HTTP_PORT": f"127.0.0.1:{http_port}",
            "CNSCD_HTTPS_PORT": f"127.0.0.1:{https_port}",
            "CNSCD_TLS_CERT": str(cert),
            "CNSCD_TLS_KEY": str(key),
            "CNSCD_UPSTREAMS": servers,
            "CNSCD_CACHE_DIR": str(root / "cache"),
        },
    )
    (root / "cnscd.conf").write_text(site)
    user = "user root;\n" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    (root / "main.conf").write_text(f"""{user}worker_processes {workers};
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {root}/tmp/body;
    proxy_temp_path {root}/tmp/proxy;
    fastcgi_temp_path {root}/tmp/fastcgi;
    uwsgi_temp_path {root}/tmp/uwsgi;
    scgi_temp_path {root}/tmp/scgi;
    include {root}/cnscd.conf;
}}
""")
    (root / "tmp").mkdir(exist_ok=True)
    (root / "cache").mkdir(exist_ok=True)
    command = [str(nginx), "-p", str(root), "-c", str(root / "main.conf"), "-g", "daemon off;"]
    checked = subprocess.run([*command[:-2], "-t"], capture_output=True, text=True, check=False)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx -t: {checked.stderr}")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    front = Front(root, https_port, http_port, cert, process)
    import socket

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {front.log()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", https_port)) == 0:
                return front
        time.sleep(0.05)
    front.stop()
    raise RuntimeError("nginx did not start")
