"""The approval-clock gauges: steps by state as of the injected clock, chains by SLA status."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import create_engine

from registry.application import Registry
from registry.approval_gauges import ApprovalGauges
from registry.projections import ApprovalsProjection
from servicekit.core.clock import FixedClock
from servicekit.core.context import SYSTEM
from servicekit.readside.readmodel import ProjectionRunner, create_read_tables
from services.registry.tests.unit.conftest import RegisterProject

Samples = dict[str, dict[tuple[str, ...], float]]


def scrape(gauges: ApprovalGauges) -> Samples:
    found: Samples = {}
    for family in gauges.collect():
        assert isinstance(family, GaugeMetricFamily)
        found[family.name] = {tuple(s.labels.values()): s.value for s in family.samples}
    return found


def clock_on(today: date) -> FixedClock:
    return FixedClock(datetime(today.year, today.month, today.day, 4, tzinfo=UTC))


def gauges_on(registry: Registry, tmp_path: Path) -> ApprovalGauges:
    """The gauges over a read model caught up with the registry's log."""
    engine = create_engine(f"sqlite:///{tmp_path / 'read.db'}")
    create_read_tables(engine)
    ProjectionRunner(registry, engine, ApprovalsProjection()).catch_up()
    return ApprovalGauges(engine, registry.clock, registry.calendar, registry.rules)


def record(
    registry: Registry, project_id: object, step: str, submitted: date, granted: date | None = None
) -> None:
    registry.record_approval_step(
        SYSTEM, project_id, step=step, submitted_on=submitted, granted_on=granted
    )


def history(registry: Registry, register: RegisterProject) -> None:
    """Clocks as of 2026-11-25 (the fixture's today), against the policy's 20 working days."""
    waiting = register(name="久等项目")  # pending since October: past the limit
    record(registry, waiting.id, "project_code", date(2026, 10, 9))
    fresh = register(name="新报项目")  # three working days in
    record(registry, fresh.id, "project_code", date(2026, 11, 20))
    heard = register(name="听证项目")  # first step in time, second suspended for a hearing
    record(registry, heard.id, "project_code", date(2026, 11, 2), date(2026, 11, 6))
    record(registry, heard.id, "construction_permit", date(2026, 11, 9))
    registry.suspend_approval(
        SYSTEM, heard.id, step="construction_permit", kind="hearing", on=date(2026, 11, 10)
    )
    resumed = register(name="复审项目")  # 17 days since submission, 13 of them suspended
    record(registry, resumed.id, "project_code", date(2026, 11, 2))
    registry.suspend_approval(
        SYSTEM, resumed.id, step="project_code", kind="expert_review", on=date(2026, 11, 3)
    )
    registry.resume_approval(SYSTEM, resumed.id, step="project_code", on=date(2026, 11, 20))
    slow = register(name="迟批项目")  # granted, but after the chain was past its limit
    record(registry, slow.id, "project_code", date(2026, 6, 1), date(2026, 7, 15))


def test_steps_by_state_and_live_chains_by_status(
    registry: Registry, register: RegisterProject, tmp_path: Path
) -> None:
    history(registry, register)
    samples = scrape(gauges_on(registry, tmp_path))
    clocks = {key: value for key, value in samples["kpd_approval_clocks"].items() if value}
    assert clocks == {
        ("project_code", "overdue"): 1,
        ("project_code", "running"): 2,
        ("project_code", "granted_in_time"): 1,
        ("project_code", "granted_late"): 1,
        ("construction_permit", "suspended"): 1,
    }
    # Every configured step is listed, zeros included.
    assert samples["kpd_approval_clocks"][("property_certificate", "overdue")] == 0
    # The late-granted chain is finished, so it is not a live chain any more.
    assert samples["kpd_approval_chains"] == {
        ("on_track",): 3,
        ("at_risk",): 0,
        ("breached",): 1,
    }


def test_overdue_is_as_of_the_injected_clock(
    registry: Registry, register: RegisterProject, tmp_path: Path
) -> None:
    project = register(name="久等项目")
    record(registry, project.id, "project_code", date(2026, 10, 9))
    caught_up = gauges_on(registry, tmp_path)
    earlier = ApprovalGauges(
        caught_up.engine, clock_on(date(2026, 10, 20)), registry.calendar, registry.rules
    )
    assert scrape(earlier)["kpd_approval_clocks"][("project_code", "running")] == 1
    assert scrape(earlier)["kpd_approval_clocks"][("project_code", "overdue")] == 0
    # The fixture's clock says 2026-11-25: the same step is now past the limit.
    assert scrape(caught_up)["kpd_approval_clocks"][("project_code", "overdue")] == 1


def test_a_scrape_with_the_store_away_yields_nothing(registry: Registry) -> None:
    engine = create_engine("sqlite:////nonexistent/dir/read.db")
    gauges = ApprovalGauges(engine, registry.clock, registry.calendar, registry.rules)
    assert list(gauges.collect()) == []
