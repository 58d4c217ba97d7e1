"""What a service's parts are built from.

Settings, metrics, the read-model engine, clock, policy and working-day calendar,
built once per app by ``build_http_app`` (never at import time) and handed to the
service's ``build_parts``; tests build their own with an in-memory store and a
fixed clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import Engine

from servicekit.calendar import WorkingDayCalendar
from servicekit.core.clock import Clock, SystemClock
from servicekit.core.metrics import ServiceMetrics
from servicekit.core.settings import ServiceSettings
from servicekit.policy import PolicySection
from servicekit.readside.readmodel import create_read_engine

P = TypeVar("P", bound=PolicySection)


@dataclass
class Infrastructure(Generic[P]):
    settings: ServiceSettings
    metrics: ServiceMetrics
    engine: Engine
    clock: Clock
    # The service's own section of the policy file (its <service>/policy.py model).
    policy: P
    calendar: WorkingDayCalendar


def build_infrastructure(
    settings: ServiceSettings, policy: type[P], clock: Clock | None = None
) -> Infrastructure[P]:
    """Load and validate the policy first: a bad policy file stops start-up here."""
    rules = policy.load(settings.policy_file)
    return Infrastructure(
        settings=settings,
        metrics=ServiceMetrics(settings.service),
        engine=create_read_engine(settings),
        clock=clock or SystemClock(),
        policy=rules,
        calendar=WorkingDayCalendar.configured(settings.calendar_overrides_file),
    )
