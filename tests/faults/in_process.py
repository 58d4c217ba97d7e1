"""In-process applications on the in-memory store, for conflict and replay tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from registry.application import Registry, seed_organisation
from registry.domain import Project
from servicekit.core.clock import FixedClock
from servicekit.core.context import SYSTEM
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.store import KpdApplication

TODAY = date(2026, 11, 25)
SAMPLE_PROJECT: dict[str, Any] = {
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


def make_registry(env: dict[str, str] | None = None) -> Registry:
    """A registry (in-memory store unless ``env`` says otherwise) with the seed organisation."""
    clock = FixedClock(datetime(TODAY.year, TODAY.month, TODAY.day, 4, tzinfo=UTC))
    registry = Registry(env=env or build_env(None), clock=clock)
    registry.load_organisation(SYSTEM, seed_organisation(), on=date(2024, 3, 1))
    return registry


def register_sample(registry: Registry, **overrides: Any) -> Project:
    return registry.register_project(SYSTEM, **{**SAMPLE_PROJECT, **overrides})


# An instant after anything a test stores: replay every event an aggregate has.
END_OF_TIME = datetime(9999, 1, 1, tzinfo=UTC)


def state_of(aggregate: Any) -> dict[str, Any]:
    """An aggregate's attributes, without the events it has not yet saved."""
    return {k: v for k, v in vars(aggregate).items() if k != "_pending_events"}


def assert_replay_equals_live(app: KpdApplication, live: dict[UUID, Any]) -> None:
    """Each aggregate rebuilt from its stored events (two ways) equals the live object."""
    for aggregate_id, aggregate in live.items():
        assert not aggregate.collect_events(), "live object has unsaved events"
        expected = state_of(aggregate)
        assert state_of(app.get_as_of(aggregate_id, END_OF_TIME)) == expected
        assert state_of(app.repository.get(aggregate_id)) == expected


class RecordsSaves:
    """Mixin for an application under a state machine: what its commands saved.

    ``live`` holds the last object saved per aggregate (the state to compare with
    a replay), ``touched`` what was saved since the machine last cleared it — also
    what sweeps and generators save, which commands do not return.
    """

    live: dict[Any, Any]
    touched: dict[Any, Any]

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        recordings = super().save(*objs, **kwargs)  # type: ignore[misc]
        self.keep(objs)
        return recordings

    def save_tracked(self, tracking: Any, *objs: Any) -> Any:
        recordings = super().save_tracked(tracking, *objs)  # type: ignore[misc]
        self.keep(objs)
        return recordings

    def keep(self, objs: tuple[Any, ...]) -> None:
        self.touched.update((obj.id, obj) for obj in objs if obj is not None)
        self.live.update(self.touched)
