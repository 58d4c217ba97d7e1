"""Assessment's aggregates: kept source facts and the documents it publishes.

Documents (notice, brief, year assessment) are one aggregate per month or year;
each publication is a new version beside the earlier ones, never an overwrite.
Figures are stored as decimal strings exactly as published.
"""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

from assessment.domain import AlreadyPublishedError

NAMESPACE = uuid.UUID("8a0c3f4e-5b6d-4e21-9c7a-1f2e3d4c5b6a")


class SourceFact(Aggregate):
    """One consumed event of another service, kept with its stream position."""

    @staticmethod
    def create_id(stream: str, seq: int, **_: Any) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"fact:{stream}:{seq}")

    class Received(Aggregate.Created):
        stream: str
        seq: int
        event_type: str
        data: dict[str, Any]

    @event(Received)
    def __init__(self, stream: str, seq: int, event_type: str, data: dict[str, Any]) -> None:
        self.stream = stream
        self.seq = seq
        self.event_type = event_type
        self.data = data


class _Versioned(Aggregate):
    """A published document with numbered versions; re-issue needs a reason."""

    versions: list[dict[str, Any]]

    def next_version(self, reason: str) -> int:
        if self.versions and not reason.strip():
            raise AlreadyPublishedError(
                "本月已发布;重新发布须说明理由 / already published; re-issuing needs a reason",
                "reason",
            )
        return len(self.versions) + 1

    @property
    def latest(self) -> dict[str, Any] | None:
        return self.versions[-1] if self.versions else None


class Notice(_Versioned):
    """一月一通报: the month's frozen ranking and the consequences it triggered."""

    @staticmethod
    def create_id(month: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"notice:{month}")

    class Opened(Aggregate.Created):
        month: str

    @event(Opened)
    def __init__(self, month: str) -> None:
        self.month = month
        self.versions = []
        self.consequences_issued: list[dict[str, str]] = []

    class Published(Aggregate.Event):
        month: str
        notice_version: int
        rows: list[dict[str, Any]]
        unranked: list[dict[str, str]]
        schedule_pct: str
        consequences: list[dict[str, str]]
        reason: str
        source_positions: dict[str, int]

    @event(Published)
    def publish(
        self,
        month: str,
        notice_version: int,
        rows: list[dict[str, Any]],
        unranked: list[dict[str, str]],
        schedule_pct: str,
        consequences: list[dict[str, str]],
        reason: str,
        source_positions: dict[str, int],
    ) -> None:
        self.versions.append(
            {
                "version": notice_version,
                "rows": rows,
                "unranked": unranked,
                "schedule_pct": schedule_pct,
                "consequences": consequences,
                "reason": reason,
                "source_positions": source_positions,
            }
        )

    class Reminded(Aggregate.Event):
        month: str
        county: str

    @event(Reminded)
    def remind(self, month: str, county: str) -> None:
        self.consequences_issued.append({"county": county, "kind": "reminder"})

    class InterviewRequired(Aggregate.Event):
        month: str
        county: str
        reason: str

    @event(InterviewRequired)
    def require_interview(self, month: str, county: str, reason: str) -> None:
        self.consequences_issued.append({"county": county, "kind": "interview"})

    def low_counties(self) -> set[str]:
        latest = self.latest
        return {row["county"] for row in latest["rows"] if row["low"]} if latest else set()

    def reminded_counties(self) -> set[str]:
        return {c["county"] for c in self.consequences_issued if c["kind"] == "reminder"}


class Brief(_Versioned):
    """一月一专报: which positions the month's brief was computed from."""

    @staticmethod
    def create_id(month: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"brief:{month}")

    class Opened(Aggregate.Created):
        month: str

    @event(Opened)
    def __init__(self, month: str) -> None:
        self.month = month
        self.versions = []

    class Published(Aggregate.Event):
        month: str
        brief_version: int
        lagging_counties: list[str]
        source_positions: dict[str, int]
        reason: str

    @event(Published)
    def publish(
        self,
        month: str,
        brief_version: int,
        lagging_counties: list[str],
        source_positions: dict[str, int],
        reason: str,
    ) -> None:
        self.versions.append(
            {
                "version": brief_version,
                "lagging_counties": lagging_counties,
                "source_positions": source_positions,
                "reason": reason,
            }
        )


class YearAssessment(_Versioned):
    """年度考核: published scores, then the office's proposal and HQ's approval."""

    @staticmethod
    def create_id(year: int, **_: Any) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"assessment:{year}")

    class Opened(Aggregate.Created):
        year: int

    @event(Opened)
    def __init__(self, year: int) -> None:
        self.year = year
        self.versions = []
        self.proposal: dict[str, str] | None = None
        self.proposal_reason = ""
        self.approved: dict[str, str] | None = None

    class Published(Aggregate.Event):
        """``counted_notices``: month → the Notice aggregate version whose interviews were
        counted, so a later notice cannot change a published score (domain.md §7)."""

        class_version = 2
        year: int
        assessment_version: int
        rows: list[dict[str, Any]]
        source_positions: dict[str, int]
        counted_notices: dict[str, int] | None
        reason: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # Published before v2: None is "not recorded", unlike {} ("no notice then").
            state["counted_notices"] = None

    @event(Published)
    def publish(
        self,
        year: int,
        assessment_version: int,
        rows: list[dict[str, Any]],
        source_positions: dict[str, int],
        counted_notices: dict[str, int] | None,
        reason: str,
    ) -> None:
        self.versions.append(
            {
                "version": assessment_version,
                "rows": rows,
                "source_positions": source_positions,
                "counted_notices": counted_notices,
                "reason": reason,
            }
        )
        self.proposal, self.approved = None, None

    class RewardsProposed(Aggregate.Event):
        year: int
        decisions: dict[str, str]
        reason: str

    @event(RewardsProposed)
    def propose(self, year: int, decisions: dict[str, str], reason: str) -> None:
        self.proposal = decisions
        self.proposal_reason = reason

    class RewardsApproved(Aggregate.Event):
        year: int
        decisions: dict[str, str]

    @event(RewardsApproved)
    def approve(self, year: int, decisions: dict[str, str]) -> None:
        self.approved = decisions
