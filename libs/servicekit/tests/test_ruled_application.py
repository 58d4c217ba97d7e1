"""The application base holds a service's rules, calendar and clock; routes get it typed."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from pydantic import Field

from servicekit.core.clock import FixedClock
from servicekit.policy import PolicySection
from servicekit.runtime.ruled import RuledApplication
from servicekit.web.dependencies import application_of


class ToyRules(PolicySection, section="toy"):
    limit: int = Field(ge=1)


class ToyApplication(RuledApplication[ToyRules], rules=ToyRules):
    name = "toy"


class OtherApplication(RuledApplication[ToyRules], rules=ToyRules):
    name = "other"


class Unnamed(RuledApplication[ToyRules]):
    name = "unnamed"


MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}


def test_the_rules_given_are_kept_and_the_defaults_filled_in() -> None:
    clock = FixedClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    app = ToyApplication(MEMORY, rules=ToyRules(limit=3), clock=clock)
    assert app.rules == ToyRules(limit=3)
    assert app.clock is clock
    assert app.calendar.is_working_day(date(2026, 3, 2))


def test_without_rules_the_deployment_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        'version: 1\ntimezone: "Asia/Shanghai"\n'
        'dates: {earliest: "1990-01-01", latest: "2100-12-31"}\ntoy: {limit: 7}\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("KPD_POLICY_FILE", str(policy))
    assert ToyApplication(MEMORY).rules == ToyRules(limit=7)
    with pytest.raises(TypeError, match="Unnamed names no policy section"):
        Unnamed(MEMORY)


def test_a_route_gets_the_application_as_its_own_class() -> None:
    app = ToyApplication(MEMORY, rules=ToyRules(limit=1))
    request = SimpleNamespace(
        app=SimpleNamespace(state=SimpleNamespace(runtime=SimpleNamespace(app=app)))
    )
    assert asyncio.run(application_of(ToyApplication)(request)) is app  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="runs ToyApplication, not OtherApplication"):
        asyncio.run(application_of(OtherApplication)(request))  # type: ignore[arg-type]
