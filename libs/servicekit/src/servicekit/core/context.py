"""Who is acting, and why: the metadata stamped on every stored event.

The HTTP edge (from the verified token and the request) and the consumer runner
(from the incoming event) set it; the event mapper reads it when events are
stored. It is a context variable, so threads and tasks never see each other's.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar


@dataclass(frozen=True)
class CommandContext:
    actor: str
    actorrole: str
    actorunit: str | None
    correlationid: str
    causationid: str | None
    command: str

    def as_meta(self) -> dict[str, str | None]:
        return asdict(self)


SYSTEM = CommandContext(
    actor="system",
    actorrole="system",
    actorunit=None,
    correlationid="system",
    causationid=None,
    command="system",
)

_current: contextvars.ContextVar[CommandContext] = contextvars.ContextVar(
    "kpd_command_context", default=SYSTEM
)


def current_context() -> CommandContext:
    return _current.get()


@contextmanager
def acting_as(context: CommandContext) -> Iterator[CommandContext]:
    """Run a block with ``context`` as the author of every event it stores."""
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


@contextmanager
def command(name: str) -> Iterator[CommandContext]:
    """Name the command being executed, keeping the actor already in force."""
    with acting_as(replace(current_context(), command=name)) as ctx:
        yield ctx


def new_correlation_id() -> str:
    return uuid.uuid4().hex


P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S")


def command_method(
    method: Callable[Concatenate[S, CommandContext, P], R],
) -> Callable[Concatenate[S, CommandContext, P], R]:
    """Run an application command as ``ctx``'s actor, named after the method.

    Every command method takes the caller's context as its first argument, so
    who did what is explicit at each call site and recorded with each event.
    """

    @wraps(method)
    def wrapper(self: S, ctx: CommandContext, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with acting_as(replace(ctx, command=method.__name__)):
            return method(self, ctx, *args, **kwargs)

    return wrapper


class StaleVersionError(Exception):
    """The aggregate moved on since the version the caller named (HTTP 412)."""


_expected_versions: contextvars.ContextVar[dict[str, int] | None] = contextvars.ContextVar(
    "kpd_expected_versions", default=None
)


def expect_version(aggregate_id: object, expected: int | None) -> None:
    """Make the next save of this aggregate in this context conditional on ``expected``.

    Checking a version at load time alone races: a command loaded after another
    one saved would still pass. The store checks the expectation against the
    events it is about to record, so the check and the write cannot be split.
    """
    if expected is None:
        return
    table = dict(_expected_versions.get() or {})
    table[str(aggregate_id)] = expected
    _expected_versions.set(table)


def take_expected_version(aggregate_id: object) -> int | None:
    table = _expected_versions.get()
    if not table or str(aggregate_id) not in table:
        return None
    remaining = dict(table)
    expected = remaining.pop(str(aggregate_id))
    _expected_versions.set(remaining)
    return expected
