"""Issues domain events → contract events.

``KnownProject`` events are facts learned from the registry, kept so that the
issues service can decide alone; they are not re-published (None).
"""

from __future__ import annotations

from typing import Any

from contracts.base import EventData
from issues.domain import KnownProject


def translate(domain_event: Any) -> EventData | None:
    if isinstance(domain_event, KnownProject.Learned):
        return None
    raise LookupError(f"no contract for domain event {type(domain_event).__qualname__}")
