"""Structured logs: one JSON object per line. Callers pass ids and counts in `extra`, never a
household's name, phone or note; request logs carry the route, not the query string."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
            "pid": record.process,  # which worker (python -m server --workers N)
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def setup(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stdout)  # stdout: what systemd and docker collect
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("cnscd.server")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False
