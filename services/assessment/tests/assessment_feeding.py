"""Assessment test helpers: feed other services' contract events as the consumer would."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from eventsourcing.persistence import Tracking

from assessment.application import Assessment
from assessment.policies import handlers
from contracts import registry as reg
from contracts.base import EventData
from contracts.envelope import build_event
from contracts.subjects import STREAMS
from servicekit.messaging.consumer import Incoming

COUNTIES = {"yaodu": "尧都区", "houma": "侯马市", "huozhou": "霍州市", "quwo": "曲沃县"}
SYSTEM_META = {"actor": "test", "actorrole": "system", "actorunit": None, "correlationid": "t"}


@dataclass
class Feeder:
    """Applies contract payloads through assessment's consumer handlers, with stream positions."""

    app: Assessment
    seq: dict[str, int] = field(default_factory=dict)

    def feed(self, payload: EventData) -> int:
        stream = STREAMS[payload.producer]
        self.seq[stream] = self.seq.get(stream, 0) + 1
        event = build_event(
            payload,
            event_id=str(uuid.uuid4()),
            subject="test",
            time=datetime.now(UTC),
            meta={**SYSTEM_META, "causationid": None, "command": "test"},
            sequence=self.seq[stream],
            aggregate_version=1,
        )
        handler = handlers(self.app)[payload.producer][payload.type_name()]
        handler(Incoming(event=event, payload=payload, tracking=Tracking(stream, self.seq[stream])))
        return self.seq[stream]

    def counties(self) -> None:
        for unit_id, name in {**COUNTIES, "jixian": "吉县"}.items():
            self.feed(
                reg.OrgUnitRegistered(
                    unit_id=unit_id, kind="county", name=name, effective_on=date(2026, 1, 1)
                )
            )

    def project(self, county: str, annual: str = "1200", **overrides: object) -> str:
        project_id = f"p-{county}-{self.seq.get('KPD_REGISTRY', 0)}"
        values: dict[str, object] = {
            "project_id": project_id,
            "name": f"{COUNTIES.get(county, county)}重点项目",
            "county": county,
            "sector": "transport",
            "subcommand": "investment_transport",
            "level": "city",
            "year": 2026,
            "project_unit": f"unit-{county}",
            "total_investment": Decimal("12000"),
            "annual_planned_investment": Decimal(annual),
            "planned_start": date(2026, 1, 1),
            "planned_completion": date(2027, 12, 31),
            "is_new": True,
            "is_industrial": False,
            **overrides,
        }
        self.feed(reg.ProjectRegistered.model_validate(values))
        return project_id

    def report(self, project_id: str, county: str, month: str, amount: str) -> int:
        return self.feed(
            reg.ProgressReported(
                project_id=project_id,
                county=county,
                month=month,
                investment_completed=Decimal(amount),
                physical_progress="按计划推进",
                correction=False,
                cumulative_investment=Decimal(0),
                year_to_date_investment=Decimal(0),
            )
        )


DONE_WHEN_MONTHLY = {"yaodu": "300", "houma": "50", "huozhou": "20", "quwo": "0"}


def feed_done_when(
    feeder: Feeder, months: tuple[str, ...] = ("2026-01", "2026-02", "2026-03")
) -> dict[str, str]:
    """Four counties, 1200 万元 plans, monthly 300 / 50 / 20 / 0 (the issue's "Done when")."""
    feeder.counties()
    projects = {county: feeder.project(county) for county in DONE_WHEN_MONTHLY}
    for month in months:
        for county, amount in DONE_WHEN_MONTHLY.items():
            feeder.report(projects[county], county, month, amount)
    return projects
