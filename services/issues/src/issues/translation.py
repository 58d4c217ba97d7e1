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
from servicekit.messaging.translation import Carried, Translations, originator_text

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


# Every contract event but IssueRaised names the issue's project and county, which
# later domain events do not repeat: translate_with passes them in.
_COMMON = frozenset({"issue_id", "project_id", "county"})


def _still_provisional(domain_event: Any) -> bool:
    return bool(domain_event.fallback_years)


_RAISED = Carried(contract.IssueRaised, issue_id=originator_text)

_TRANSLATIONS = Translations(
    {
        Issue.Progressed: Carried(contract.IssueProgressed),
        Issue.Resolved: Carried(contract.IssueResolved),
        Issue.FollowedUp: Carried(contract.IssueFollowedUp),
        # The satisfaction rating is recorded after closing (SupervisionRated, internal).
        Issue.Closed: Carried(contract.IssueClosed, omit=("rating",)),
        Issue.Reopened: Carried(contract.IssueReopened),
        Issue.Escalated: Carried(contract.IssueEscalated),
        Issue.ExtensionGranted: Carried(contract.ExtensionGranted),
        Issue.DeadlineRecomputed: Carried(
            contract.IssueDeadlineRecomputed, provisional=_still_provisional
        ),
        Issue.Supervised: Carried(contract.IssueSupervised),
        Issue.SupervisionLimitMissed: Carried(contract.SupervisionLimitMissed),
    },
    internal=INTERNAL,
    known=_COMMON,
)
_RAISED.check(Issue.Raised)


def publishes(domain_event: Any) -> bool:
    """Whether the relay publishes this event: what ``kpd audit verify --from-jetstream``
    asks, without the store that ``make_translator`` reads identities from."""
    return isinstance(domain_event, Issue.Raised) or _TRANSLATIONS.publishes(domain_event)


def translate_with(domain_event: Any, identity_of: IdentityOf) -> EventData | None:
    if isinstance(domain_event, Issue.Raised):
        return _RAISED(domain_event)
    if isinstance(domain_event, INTERNAL):
        return None
    project_id, county = identity_of(domain_event.originator_id)
    return _TRANSLATIONS(
        domain_event, issue_id=str(domain_event.originator_id), project_id=project_id, county=county
    )
