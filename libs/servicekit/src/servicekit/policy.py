"""The policy file: every rule parameter of the deployment, validated at start-up.

The file is shared (one deployment, one set of rules), but each service owns
and validates only its own section — ``<service>/policy.py`` declares it as a
``PolicySection`` — so the library knows no service's rules and a new service
adds a section without touching it. A file or section that does not validate
stops the service with a message naming the offending key, instead of running
on a silently wrong threshold.

Where the file is: ``ServiceSettings.policy_file`` (``KPD_POLICY_FILE``),
relative to the working directory like ``var/``; ``config/policy.yaml`` when
unset, which is where ``make up`` and the tests run from.
"""

from __future__ import annotations

import functools
import os
from datetime import date
from pathlib import Path
from typing import Any, ClassVar, Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

DEFAULT_POLICY_FILE = Path("config") / "policy.yaml"


class Strict(BaseModel):
    """Rule parameters: frozen, unknown keys refused (a misspelt key is an error)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PolicyError(Exception):
    """The policy file is missing or invalid; the message names the key."""


class DateRange(Strict):
    """The dates kpd takes anywhere (a plan, a report, a deadline, an as-of day).

    Outside it a date is a typo or a probe, and once stored it would be swept
    for ever: every service refuses it at the edge and its store refuses it too.
    """

    earliest: date
    latest: date

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.earliest >= self.latest:
            raise ValueError("earliest must be before latest")
        return self

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.earliest <= _as_date(day) <= self.latest

    def describe(self) -> str:
        return f"{self.earliest.isoformat()} 至 {self.latest.isoformat()}"


def _as_date(day: date) -> date:
    return date(day.year, day.month, day.day)


class _Header(BaseModel):
    # The sections are the services' business; the header is the file's.
    model_config = ConfigDict(extra="allow", frozen=True)
    version: Literal[1]
    timezone: str
    dates: DateRange


def policy_path(path: Path | None = None) -> Path:
    """The file to read: the one given, else ``KPD_POLICY_FILE``, else the default."""
    if path is not None:
        return path
    configured = os.environ.get("KPD_POLICY_FILE")
    return Path(configured) if configured else DEFAULT_POLICY_FILE


class PolicySection(Strict):
    """One service's section of the policy file; subclasses name it.

    ``class RegistryPolicy(PolicySection, section="registry")`` is loaded with
    ``RegistryPolicy.load(settings.policy_file)``.
    """

    section: ClassVar[str] = ""

    def __init_subclass__(cls, *, section: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if section:
            cls.section = section

    @classmethod
    def load(cls, path: Path | None = None) -> Self:
        if not cls.section:
            raise TypeError(f"{cls.__name__} names no policy file section")
        source = policy_path(path)
        raw = _read(source)
        try:
            _Header.model_validate(raw)
        except ValidationError as exc:
            raise PolicyError(f"policy file {source} is invalid: {_problems(exc)}") from exc
        assert isinstance(raw, dict)  # the header validated, so it is a mapping
        if cls.section not in raw:
            raise PolicyError(f"policy file {source} is invalid: {cls.section}: section missing")
        try:
            return cls.model_validate(raw[cls.section])
        except ValidationError as exc:
            problems = _problems(exc, prefix=cls.section)
            raise PolicyError(f"policy file {source} is invalid: {problems}") from exc


@functools.cache
def _dates_of(source: Path) -> DateRange:
    raw = _read(source)
    try:
        return _Header.model_validate(raw).dates
    except ValidationError as exc:
        raise PolicyError(f"policy file {source} is invalid: {_problems(exc)}") from exc


def deployment_dates(path: Path | None = None) -> DateRange:
    """The policy file's date range (read once per file)."""
    return _dates_of(policy_path(path).resolve())


def _read(source: Path) -> object:
    try:
        return yaml.safe_load(source.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PolicyError(f"policy file not found: {source.resolve()}") from exc
    except yaml.YAMLError as exc:
        raise PolicyError(f"policy file {source} is not valid YAML: {exc}") from exc


def _problems(exc: ValidationError, prefix: str = "") -> str:
    def where(loc: tuple[int | str, ...]) -> str:
        path = ".".join(map(str, (prefix, *loc) if prefix else loc))
        return path or "(root)"

    return "; ".join(f"{where(e['loc'])}: {e['msg']}" for e in exc.errors())


__all__ = [
    "DEFAULT_POLICY_FILE",
    "DateRange",
    "PolicyError",
    "PolicySection",
    "Strict",
    "deployment_dates",
    "policy_path",
]
