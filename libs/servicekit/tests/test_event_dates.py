"""The store refuses an impossible date by any path, and a sweep skips one bad object.

The HTTP edge refuses such dates first (``BusinessDate``); these are the floors
under every other way in (an import, a consumer) and under the sweeps.
"""

from __future__ import annotations

from datetime import date

import pytest
from eventsourcing.domain import Aggregate, event

from servicekit.eventstore.dates import DateOutOfRangeError
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.store import KpdApplication
from servicekit.policy import DateRange, deployment_dates


class Plan(Aggregate):
    class Planned(Aggregate.Created):
        name: str
        starts_on: date
        milestones: list[date]

    @event(Planned)
    def __init__(self, name: str, starts_on: date, milestones: list[date]) -> None:
        self.name, self.starts_on, self.milestones = name, starts_on, milestones


def test_the_deployment_range_is_the_policy_files() -> None:
    dates = deployment_dates()
    assert (dates.earliest, dates.latest) == (date(1990, 1, 1), date(2100, 12, 31))
    with pytest.raises(ValueError, match="earliest must be before latest"):
        DateRange(earliest=date(2100, 1, 1), latest=date(1990, 1, 1))


def test_an_impossible_date_is_never_stored() -> None:
    app = KpdApplication(env=build_env(None))
    app.save(Plan("综合管廊", date(2026, 3, 1), [date(2027, 12, 31)]))
    with pytest.raises(DateOutOfRangeError) as refused:
        app.save(Plan("错年", date(999, 1, 1), []))
    assert refused.value.field == "starts_on"
    assert "1990-01-01 至 2100-12-31" in str(refused.value)
    with pytest.raises(DateOutOfRangeError) as nested:
        app.save(Plan("里程碑错年", date(2026, 3, 1), [date(2026, 6, 1), date(9999, 1, 1)]))
    assert nested.value.field == "milestones"
    assert app.recorder.max_notification_id() == 1  # only the good plan


def test_a_sweep_skips_the_object_that_fails_and_counts_it() -> None:
    app = KpdApplication(env=build_env(None))
    counted: list[str] = []
    app.failure_listeners.append(counted.append)
    failures = app.sweep_failures("toy-sweep")
    swept = []
    for n in range(3):
        with failures.isolated(f"plan-{n}"):
            if n == 1:
                raise RuntimeError("stored before the range existed")
            swept.append(n)
    assert swept == [0, 2]
    assert failures.failed == [
        {"id": "plan-1", "error": "RuntimeError: stored before the range existed"}
    ]
    assert counted == ["toy-sweep"]
