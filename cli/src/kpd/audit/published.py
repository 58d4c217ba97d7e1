"""Which stored events belong on a producer's stream: its own translator says.

The relay publishes a stored event when the service's translator (extended with
checkpoint events) returns a payload for it, and skips it when it returns None
(internal events). The auditor asks the same translator, decoding each event
with the service's own application class. When a service's code cannot be
imported, the cross-check falls back to inferring published types from what
the stream holds (see ``audit_crosscheck``).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Any

from eventsourcing.persistence import Notification

from kpd.audit.replay import application_class
from servicekit.audit.checkpoint import Checkpoint, KeptCheckpoint
from servicekit.eventstore.environment import build_env
from servicekit.runtime.audit_wiring import with_checkpoints
from servicekit.runtime.revocations import AccessRevocation

Published = Callable[[Notification], bool]


def parse_assignments(values: Sequence[str] | None, option: str) -> dict[str, str]:
    """``SERVICE=MODULE:NAME`` options → {service: "MODULE:NAME"}."""
    assignments = {}
    for value in values or ():
        service, sep, spec = value.partition("=")
        if not sep or ":" not in spec:
            raise ValueError(f"{option} 需要 SERVICE=MODULE:NAME / expects SERVICE=MODULE:NAME")
        assignments[service] = spec
    return assignments


def _verdict(service: str, spec: str | None) -> Callable[[Any], bool]:
    """Does the relay publish a domain event? The named translator, else the service's
    own ``publishes`` (a translator that needs its store, like the issues service's,
    offers one), else its ``translate``."""
    if spec is None:
        module = importlib.import_module(f"{service}.translation")
        publishes = getattr(module, "publishes", None)
        if callable(publishes):
            verdict: Callable[[Any], bool] = publishes
            return verdict
    module_name, _, function_name = (spec or f"{service}.translation:translate").partition(":")
    function = getattr(importlib.import_module(module_name), function_name, None)
    if not callable(function):
        raise LookupError(f"{module_name}:{function_name} 不存在 / no such function")
    translate = with_checkpoints(service, function)
    return lambda domain_event: translate(domain_event) is not None


def translator_predicate(
    service: str, translator: str | None = None, application: str | None = None
) -> Published:
    """True for a stored event the relay would publish (or could not translate at all)."""
    verdict = _verdict(service, translator)
    decoder = application_class(service, application)(env=build_env(None))
    mapper = decoder.mapper

    def published(notification: Notification) -> bool:
        try:
            domain_event = mapper.to_domain_event(notification)
            if isinstance(domain_event, Checkpoint.Signed):
                return True  # published like the service's own events
            if isinstance(domain_event, KeptCheckpoint.Kept | AccessRevocation.Recorded):
                return False  # a copy kept here; the original is on its producer's stream
            return verdict(domain_event)
        except LookupError:
            return True  # no contract: the relay cannot publish it, so it is missing

    return published


def predicates(
    services: Sequence[str], translators: dict[str, str], applications: dict[str, str]
) -> dict[str, Published | None]:
    """A translator per service; None (infer from the stream) where its code won't import."""
    found: dict[str, Published | None] = {}
    for service in services:
        try:
            found[service] = translator_predicate(
                service, translators.get(service), applications.get(service)
            )
        except Exception as exc:  # a service's code mid-change must not stop the audit
            if service in translators:
                raise
            print(
                f"注意 note: {service} 的转换器不可用（{exc}），按流中事件类型推断 "
                "/ translator unavailable: published types inferred from the stream",
                file=sys.stderr,
            )
            found[service] = None
    return found
