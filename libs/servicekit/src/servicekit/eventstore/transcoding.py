"""Transcodings the ``eventsourcing`` JSON transcoder lacks out of the box.

Only UUID, Decimal and datetime are built in; every other non-JSON type stored
in an event must be registered here, or saving fails at run time.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import Transcoder, Transcoding


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class EnumAsValue(Transcoding):
    """Stores an enum member by value, named after its class so renames are visible."""

    def __init__(self, enum_type: type[Enum]) -> None:
        self.type = enum_type
        self.name = f"enum:{enum_type.__module__}.{enum_type.__qualname__}"

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        member: Enum = self.type(data)
        return member


def register_transcodings(transcoder: Transcoder, enums: tuple[type[Enum], ...] = ()) -> None:
    """Register the project's transcodings on an application's transcoder."""
    transcoder.register(DateAsISO())  # type: ignore[attr-defined]
    for enum_type in enums:
        transcoder.register(EnumAsValue(enum_type))  # type: ignore[attr-defined]
