"""Registry domain events → contract events (the only shapes that leave the service)."""

from __future__ import annotations

from typing import Any

from contracts import registry as contract
from contracts.base import EventData
from registry.domain import OrgUnit, Project


def translate(domain_event: Any) -> EventData | None:
    if isinstance(domain_event, Project.Registered):
        return contract.ProjectRegistered(
            project_id=str(domain_event.originator_id),
            name=domain_event.name,
            county=domain_event.county,
            sector=domain_event.sector,
            subcommand=domain_event.subcommand,
            level=domain_event.level,
            year=domain_event.year,
            project_unit=domain_event.project_unit,
            total_investment=domain_event.total_investment,
            annual_planned_investment=domain_event.annual_planned_investment,
            planned_start=domain_event.planned_start,
            planned_completion=domain_event.planned_completion,
            is_new=domain_event.is_new,
            is_industrial=domain_event.is_industrial,
        )
    if isinstance(domain_event, OrgUnit.Registered):
        attributes = {
            key: value if isinstance(value, list) else str(value)
            for key, value in domain_event.attributes.items()
            if isinstance(value, (str, int, list))
        }
        return contract.OrgUnitRegistered(
            unit_id=domain_event.unit_id,
            kind=domain_event.kind,
            name=domain_event.name,
            attributes={
                k: [str(i) for i in v] if isinstance(v, list) else v for k, v in attributes.items()
            },
            effective_on=domain_event.effective_on,
        )
    raise LookupError(f"no contract for domain event {type(domain_event).__qualname__}")
