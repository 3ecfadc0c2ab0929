"""Log output for people (text) or for log shippers (one JSON object per line).

``newsflow --log-format json ...`` writes records like::

    {"time": "2025-07-09T12:00:00.123Z", "level": "info", "logger": "pipeline.deadletters",
     "message": "replayed 5 dead letters", "replayed": 5}

Fields given with ``logger.info(..., extra={...})`` become top-level keys. Third-party
libraries log at ERROR and above only; newsflow's own modules at ``--log-level``.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

FORMATS = ("text", "json")
LEVELS = ("debug", "info", "warning", "error")
OUR_LOGGERS = ("pipeline", "connectors", "schemas")
TEXT_FORMAT = "%(levelname)s %(name)s: %(message)s"
# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure(
    log_format: str = "text", level: str = "warning", stream: TextIO | None = None
) -> None:
    """Point the root logger at ``stream`` (stderr) in ``log_format``; set our level."""
    if log_format not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.ERROR)
    for name in OUR_LOGGERS:
        logging.getLogger(name).setLevel(level.upper())
