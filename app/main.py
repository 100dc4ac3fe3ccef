"""The entry point: opens the device store, loads content (and the demo), starts the Flet app.

    python -m app.main --demo            web app on http://127.0.0.1:8550, with the demo's
                                         central API on http://127.0.0.1:8000 beside it
    python -m app.main --demo --desktop  a desktop window instead
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from app.config import Settings
from app.db import Store
from app.services import guides, sync_state
from content.manifest import load_manifest

PROJECT_DIR = Path(__file__).resolve().parent.parent
WEB_HOST, WEB_PORT = "127.0.0.1", 8550
CENTRAL_PORT = 8000
DEMO_DEVICE_NAME = "Máy demo"


def open_store(settings: Settings, demo: bool = False) -> Store:
    """The device store with the bundled guides imported and, for the demo, its data."""
    store = Store(settings.database_path)
    guides.import_manifest(store, load_manifest())
    if demo:
        from app import demo as demo_data

        demo_data.load(store)
    return store


def _port_taken(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((WEB_HOST, port)) == 0


def _die_with_parent() -> None:
    """In the demo's server process, before it starts: on Linux, ask the kernel to stop it when
    the app's process ends, however it ends (a kill leaves no orphan holding port 8000)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_demo_central(settings: Settings, port: int) -> tuple[subprocess.Popen | None, dict[str, str]]:
    """The demo's central API (`python -m server`, SQLite in the demo's data folder) beside the
    app, seeded with the demo commune's team, its leader and the guides (server/demo.py)."""
    env = {**os.environ, "CNSCD_SERVER_DATA_DIR": str(settings.data_dir / "server"),
           "CNSCD_PUBLIC_BASE_URL": f"http://{WEB_HOST}:{port}"}
    env.pop("CNSCD_DATABASE_URL", None)
    if _port_taken(port):
        print(f"Cổng {port} đang bận: bản demo chạy không kèm máy chủ trung tâm.", flush=True)
        return None, env
    seeded = subprocess.run([sys.executable, "-m", "server", "admin", "demo"], env=env, cwd=PROJECT_DIR,
                            capture_output=True, text=True, check=False)
    if seeded.returncode != 0:
        print(f"Không chuẩn bị được máy chủ trung tâm của bản demo: {seeded.stderr.strip()}", flush=True)
        return None, env
    log = (settings.data_dir / "server.log").open("ab")
    process = subprocess.Popen([sys.executable, "-m", "server", "--port", str(port)], env=env, cwd=PROJECT_DIR,
                               stdout=log, stderr=subprocess.STDOUT,
                               preexec_fn=_die_with_parent)  # noqa: PLW1509 (no threads run yet)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"http://{WEB_HOST}:{port}/healthz", timeout=1).status_code == 200:
                print(f"Máy chủ trung tâm (demo): http://{WEB_HOST}:{port}/staff — {seeded.stdout.strip()}", flush=True)
                return process, env
        except httpx.TransportError:
            time.sleep(0.3)
    process.terminate()
    print("Máy chủ trung tâm của bản demo không khởi động được; xem data/demo/server.log.", flush=True)
    return None, env


def enrol_demo_device(store: Store, settings: Settings, env: dict[str, str]) -> None:
    """Ghi danh (enrol) the demo device with the demo team, once."""
    from sync.enrol import enrol
    from sync.errors import SyncError
    from sync.tokens import default_token_store

    tokens = default_token_store(settings.data_dir)
    if sync_state.is_enrolled(store) and tokens.read():
        return
    qr = subprocess.run([sys.executable, "-m", "server", "admin", "demo", "--enrolment-qr"], env=env,
                        cwd=PROJECT_DIR, capture_output=True, text=True, check=False)
    try:
        enrol(store, tokens, DEMO_DEVICE_NAME, qr_text=qr.stdout.strip().splitlines()[-1] if qr.stdout else "")
    except SyncError as exc:
        print(f"Không ghi danh được máy demo: {exc.message}", flush=True)


def cli(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Ứng dụng tổ công nghệ số cộng đồng")
    parser.add_argument("--demo", action="store_true", help="dữ liệu mẫu trong thư mục data/demo")
    parser.add_argument("--desktop", action="store_true", help="mở cửa sổ máy tính thay vì trình duyệt")
    parser.add_argument("--port", type=int, default=WEB_PORT)
    parser.add_argument("--data-dir", type=Path, help="thư mục dữ liệu (mặc định: data/demo với --demo)")
    parser.add_argument("--central-port", type=int, default=CENTRAL_PORT,
                        help="cổng máy chủ trung tâm chạy kèm bản demo (0: không chạy)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per sync request is noise here

    overrides = {"data_dir": args.data_dir} if args.data_dir else {}
    if args.demo and not args.data_dir:
        overrides["data_dir"] = PROJECT_DIR / "data" / "demo"
    settings = Settings.from_env(**overrides)
    store = open_store(settings, demo=args.demo)
    central = None
    if args.demo and args.central_port:
        central, env = start_demo_central(settings, args.central_port)
        if central is not None:
            enrol_demo_device(store, settings, env)

    from views.shell import run_app

    try:
        run_app(store, settings, desktop=args.desktop, host=WEB_HOST, port=args.port)
    finally:
        if central is not None:
            central.terminate()
            central.wait(10)


if __name__ == "__main__":
    cli()
