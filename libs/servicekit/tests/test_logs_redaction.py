"""Credentials in URL paths never reach a log line (calendar feed links)."""

from __future__ import annotations

import json
import logging

from servicekit.core.logs import JsonFormatter, redact

SECRET = "Zx9-_" * 9


def test_a_feed_secret_in_an_access_line_is_redacted() -> None:
    line = f'127.0.0.1:5 - "GET /feeds/{SECRET}.ics HTTP/1.1" 200'
    assert redact(line) == '127.0.0.1:5 - "GET /feeds/[redacted].ics HTTP/1.1" 200'
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", f"/feeds/{SECRET}.ics", "1.1", 200), None,
    )  # fmt: skip
    entry = json.loads(JsonFormatter("scheduling").format(record))
    assert SECRET not in json.dumps(entry)
    assert "/feeds/[redacted].ics" in entry["message"]


def test_other_paths_are_left_alone() -> None:
    assert redact("GET /v1/calendar-feeds/3f1c HTTP/1.1") == "GET /v1/calendar-feeds/3f1c HTTP/1.1"
