"""The command line: opens the device store, loads content (and the demo), starts the app.

python -m launcher --demo            web app on http://127.0.0.1:8550, with the demo's
                                     central API on port 8000 beside it (on the LAN
                                     address too: the demo's QR codes open it)
python -m launcher --demo --desktop  a desktop window instead
"""

from __future__ import annotations

import argparse
import logging
import os
from dataclasses import replace
from pathlib import Path

from app.config import Settings
from app.db import Store
from app.services import guides, installation
from content.manifest import load_manifest
from wire.messages import text

PROJECT_DIR = Path(__file__).resolve().parent.parent
WEB_HOST, WEB_PORT = "127.0.0.1", 8550
CENTRAL_PORT = 8000


def open_store(settings: Settings, demo: bool = False) -> Store:
    """The device store with the bundled guides imported and, for the demo, its data."""
    store = Store(settings.database_path)
    installation.settle(store, settings.install_dir)  # a restored copy is a device of its own
    guides.import_manifest(store, load_manifest())
    if demo:
        from launcher import demo as demo_world

        demo_world.load(store)
    return store


def cli(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=text("cli_description"))
    parser.add_argument("--demo", action="store_true", help=text("cli_demo"))
    parser.add_argument("--desktop", action="store_true", help=text("cli_desktop"))
    parser.add_argument("--port", type=int, default=WEB_PORT)
    parser.add_argument("--data-dir", type=Path, help=text("cli_data_dir"))
    parser.add_argument(
        "--central-port", type=int, default=CENTRAL_PORT, help=text("cli_central_port")
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per sync request is noise

    overrides = {"data_dir": args.data_dir} if args.data_dir else {}
    if args.demo and not args.data_dir:
        overrides["data_dir"] = PROJECT_DIR / "data" / "demo"
    if args.demo:
        overrides["demo"] = True  # its QR codes may hold this machine's address over http
    settings = Settings.from_env(**overrides)
    store = open_store(settings, demo=args.demo)
    central = None
    if args.demo and args.central_port:
        from launcher import demo as demo_world

        lan = demo_world.lan_address()
        central, env = demo_world.start_central(settings, args.central_port, lan)
        if central is not None:
            demo_world.enrol_device(store, settings, env)
            if not os.environ.get("CNSCD_PUBLIC_BASE_URL"):
                address = demo_world.public_address(args.central_port, lan)
                settings = replace(settings, public_base_url=address)
                print(
                    text(
                        "demo_public_address",
                        url=f"{address}/g/",
                        where=text("demo_on_lan" if lan else "demo_on_this_machine"),
                    ),
                    flush=True,
                )

    from launcher.web import run_app

    try:
        run_app(store, settings, desktop=args.desktop, host=WEB_HOST, port=args.port)
    finally:
        if central is not None:
            central.terminate()
            central.wait(10)


if __name__ == "__main__":
    cli()
