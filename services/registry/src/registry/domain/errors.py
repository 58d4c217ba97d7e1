"""The two ways the registry refuses a command: bad input, or a rule that forbids it now."""

from __future__ import annotations


class RegistryError(Exception):
    """Input the registry's rules refuse (HTTP 422); ``field`` names the offending input."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ConflictingCommandError(Exception):
    """A command that is well formed but illegal in the object's current state (HTTP 409)."""
