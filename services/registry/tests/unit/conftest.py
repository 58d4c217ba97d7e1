"""Fixtures for the registry's unit tests: an in-memory registry with a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from registry.application import Registry, seed_organisation
from registry.domain import Project
from servicekit.core.clock import FixedClock
from servicekit.core.context import SYSTEM
from servicekit.eventstore.environment import build_env

PROJECT_FIELDS: dict[str, Any] = {
    "name": "临汾市尧都区综合管廊工程",
    "county": "yaodu",
    "sector": "transport",
    "level": "city",
    "year": 2026,
    "project_unit": "unit-yaodu-001",
    "total_investment": Decimal("12000.0000"),
    "annual_planned_investment": Decimal("1200.0000"),
    "planned_start": date(2026, 3, 1),
    "planned_completion": date(2027, 12, 31),
    "is_new": True,
    "is_industrial": False,
}


def make_registry(today: date = date(2026, 11, 25)) -> Registry:
    """A registry on the in-memory store with the seed organisation loaded."""
    clock = FixedClock(datetime(today.year, today.month, today.day, 4, tzinfo=UTC))
    registry = Registry(env=build_env(None), clock=clock)
    registry.load_organisation(SYSTEM, seed_organisation(), on=date(2024, 3, 1))
    return registry


RegisterProject = Callable[..., Project]


@pytest.fixture
def registry() -> Registry:
    return make_registry()


@pytest.fixture
def register(registry: Registry) -> RegisterProject:
    """Register the sample project with some fields overridden."""

    def register_with(**overrides: Any) -> Project:
        return registry.register_project(SYSTEM, **{**PROJECT_FIELDS, **overrides})

    return register_with
