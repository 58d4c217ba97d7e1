"""Scheduling domain events → contract events."""

from __future__ import annotations

from typing import Any

from contracts.base import EventData


def translate(domain_event: Any) -> EventData | None:
    raise LookupError(f"no contract for domain event {type(domain_event).__qualname__}")
