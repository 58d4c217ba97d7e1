"""Structured JSON logs, one object per line, with Chinese left readable (no \\u escapes)."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

# color_message: uvicorn's ANSI-coloured copy of the message, for terminals only.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "color_message",
}


# URL path segments that are credentials (calendar feed links): access logs keep the
# route, never the secret, so a log reader cannot subscribe as someone else.
_SECRET_PATHS = re.compile(r"(/feeds/)[A-Za-z0-9_-]{20,}")


def redact(text: str) -> str:
    """``text`` with credentials in URL paths replaced by ``[redacted]``."""
    return _SECRET_PATHS.sub(r"\1[redacted]", text)


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


# uvicorn configures these with its own plain-text handlers before it builds the app.
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi")


def configure_logging(service: str, level: str = "INFO") -> None:
    """Route the root logger, uvicorn's included, to stderr as JSON lines; idempotent.

    uvicorn's access and error lines would otherwise interleave as plain text with
    the JSON ones, and a log shipper would have to parse two formats.
    """
    for name in UVICORN_LOGGERS:
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_kpd", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    handler._kpd = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level.upper())
