"""Errors the scheduling rules raise (the HTTP edge turns them into problem documents)."""

from __future__ import annotations


class SchedulingError(Exception):
    """A command the scheduling rules refuse (illegal transition): HTTP 409."""


class UnknownObjectError(SchedulingError):
    """The named meeting, tour or unit does not exist here: HTTP 404."""


class InvalidCommandError(SchedulingError):
    """A command whose input breaks a rule about one field: HTTP 422 naming ``field``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
