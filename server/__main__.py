"""`python -m server`: the central API with uvicorn on 127.0.0.1:8000 (SQLite in ./data/server,
or CNSCD_DATABASE_URL). `python -m server admin ...` runs the setup commands (server.cli).
uvicorn is configured by server.core.serving (timeouts for slow clients, trusted proxies)."""

from __future__ import annotations

import argparse
import logging
import sys

import uvicorn
from uvicorn.supervisors import Multiprocess

from server.core import logs
from server.core.config import ConfigError, Settings
from server.core.serving import ServeConfig


def main(argv: list[str]) -> int:
    if argv and argv[0] == "admin":
        from server.cli import main as admin

        return admin(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m server", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    logs.setup()
    settings = Settings.from_env()
    try:
        settings.check()
    except ConfigError as exc:
        logging.getLogger("cnscd.server").error("refusing to start", extra={"reason": str(exc)})
        return 2
    options = {"host": args.host, "port": args.port, "log_level": "warning", "access_log": False}
    if args.workers > 1:
        # Several processes: migrate once here first (under the lock: other machines may be
        # starting too), then each worker builds its app and sets up its own logs.
        from server.core.db import migrate

        migrate(settings.url)
        config = ServeConfig(
            "server.main:create_worker_app", settings, factory=True, workers=args.workers, **options
        )
        Multiprocess(config, sockets=[config.bind_socket()]).run()
        return 0
    from server.main import create_app

    uvicorn.Server(ServeConfig(create_app(settings), settings, **options)).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
