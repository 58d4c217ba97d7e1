"""Helpers and fixtures for the issues unit tests: an in-memory service with the
deployment policy (the notice's duty matrix) that has learned a registry project."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from issues.application import Issues
from issues.domain import Issue
from servicekit.core.clock import FixedClock
from servicekit.core.context import SYSTEM, CommandContext
from servicekit.eventstore.environment import build_env

PROJECT_ID = "p-yaodu-001"


def acting(role: str, unit: str | None = None) -> CommandContext:
    return replace(SYSTEM, actor=f"test-{role}", actorrole=role, actorunit=unit)


OFFICE = acting("office")
COUNTY = acting("county", "yaodu")
UNIT = acting("project_unit", "unit-yaodu-001")


@pytest.fixture
def app() -> Issues:
    return knowing_the_project(
        Issues(env=build_env(None), clock=FixedClock(datetime(2025, 9, 26, 2, 0, tzinfo=UTC)))
    )


def knowing_the_project(service: Issues) -> Issues:
    """``service`` after it has learned the registry's project (as the consumer would)."""
    service.save(
        service.learn_project(
            SYSTEM,
            project_id=PROJECT_ID,
            name="临汾市尧都区综合管廊工程",
            county="yaodu",
            sector="transport",
            subcommand="investment_transport",
            project_unit="unit-yaodu-001",
        )
    )
    return service


RaiseFn = Callable[..., Issue]


@pytest.fixture
def raise_issue(app: Issues) -> RaiseFn:
    def raise_(on: date = date(2025, 9, 26), category: str = "land", **extra: Any) -> Issue:
        fields: dict[str, Any] = {
            "project_id": PROJECT_ID,
            "category": category,
            "title": "用地手续未批",
            "description": "供地手续办理滞后",
            "raised_by": "project_unit",
            "raised_on": on,
            **extra,
        }
        ctx = {"county": COUNTY, "office": OFFICE}.get(fields["raised_by"], UNIT)
        issue = app.raise_issue(ctx, **fields)
        app.save(issue)
        return issue

    return raise_
