"""Issues domain events → contract events (the only shapes that leave the service).

Every contract event names the issue's project and county; later domain events
do not repeat them, so the translator reads them from the issue's first event
(they never change) through ``identity_of``. Facts learned from other services
and internal steps (extension requests and refusals, counterpart notes,
ratings) are not re-published (None).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any
from uuid import UUID

from contracts import issues as contract
from contracts.base import EventData
from issues.domain import DispatchMeetings, Issue, KnownProject
from servicekit.eventstore.store import KpdApplication

IdentityOf = Callable[[UUID], tuple[str | None, str | None]]
INTERNAL = (
    KnownProject.Event,
    DispatchMeetings.Event,
    Issue.ExtensionRequested,
    Issue.ExtensionRefused,
    Issue.CounterpartRecorded,
    Issue.SupervisionRated,
)


def make_translator(app: KpdApplication) -> Callable[[Any], EventData | None]:
    """The service's translator, reading an issue's project and county from its log."""

    @lru_cache(maxsize=10_000)
    def identity_of(issue_id: UUID) -> tuple[str | None, str | None]:
        for first in app.events.get(issue_id, lte=1):
            if isinstance(first, Issue.Raised):
                return first.project_id, first.county
        return None, None

    def translate(domain_event: Any) -> EventData | None:
        return translate_with(domain_event, identity_of)

    return translate


def translate_with(domain_event: Any, identity_of: IdentityOf) -> EventData | None:
    if isinstance(domain_event, INTERNAL):
        return None
    if isinstance(domain_event, Issue.Raised):
        return _raised(domain_event)
    builder = _BUILDERS.get(type(domain_event))
    if builder is None:
        raise LookupError(f"no contract for domain event {type(domain_event).__qualname__}")
    project_id, county = identity_of(domain_event.originator_id)
    common = {
        "issue_id": str(domain_event.originator_id),
        "project_id": project_id,
        "county": county,
    }
    return builder(domain_event, common)


def _raised(e: Issue.Raised) -> EventData:
    return contract.IssueRaised(
        issue_id=str(e.originator_id),
        project_id=e.project_id,
        county=e.county,
        subcommand=e.subcommand,
        category=e.category,
        title=e.title,
        level=e.level,
        responsible_department=e.responsible_department,
        assignee=e.assignee,
        deadline=e.deadline,
        raised_on=e.raised_on,
        source=e.source,
        meeting_id=e.meeting_id,
    )


Builder = Callable[[Any, dict[str, Any]], EventData]

_BUILDERS: dict[type, Builder] = {
    Issue.Progressed: lambda e, c: contract.IssueProgressed(
        **c, substantive=e.substantive, on=e.on
    ),
    Issue.Resolved: lambda e, c: contract.IssueResolved(
        **c, level=e.level, on=e.on, on_time=e.on_time
    ),
    Issue.FollowedUp: lambda e, c: contract.IssueFollowedUp(**c, on=e.on),
    Issue.Closed: lambda e, c: contract.IssueClosed(**c, level=e.level, on=e.on),
    Issue.Reopened: lambda e, c: contract.IssueReopened(
        **c, level=e.level, deadline=e.deadline, on=e.on
    ),
    Issue.Escalated: lambda e, c: contract.IssueEscalated(
        **c,
        from_level=e.from_level,
        to_level=e.to_level,
        reason=e.reason,
        assignee=e.assignee,
        deadline=e.deadline,
        on=e.on,
    ),
    Issue.ExtensionGranted: lambda e, c: contract.ExtensionGranted(
        **c, working_days=e.working_days, deadline=e.deadline, on=e.on
    ),
    Issue.Supervised: lambda e, c: contract.IssueSupervised(**c, reason=e.reason, on=e.on),
    Issue.SupervisionLimitMissed: lambda e, c: contract.SupervisionLimitMissed(
        **c, limit=e.limit, due=e.due, on=e.on
    ),
}
