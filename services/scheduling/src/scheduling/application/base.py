"""What every part of the scheduling application shares: rules, calendar, loading by id."""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from scheduling.domain import Cadence, Meeting, Organisation, SeriesSlot, UnknownObjectError
from scheduling.policy import MeetingSlot, SchedulingPolicy
from servicekit.calendar import WorkingDayCalendar
from servicekit.core.clock import Clock
from servicekit.runtime.ruled import RuledApplication

A = TypeVar("A", bound=Aggregate)


def cadence_of(policy: SchedulingPolicy) -> Cadence:
    """The domain's view of the policy's meeting slots."""

    def slot(series: MeetingSlot) -> SeriesSlot:
        return SeriesSlot(tuple(series.months), series.working_week)

    return Cadence(
        plenary=slot(policy.plenary),
        dispatch=slot(policy.dispatch),
        topical=slot(policy.topical),
        county=slot(policy.county),
        weekday=policy.slot_weekday,
    )


class SchedulingBase(RuledApplication[SchedulingPolicy], rules=SchedulingPolicy):
    name = "scheduling"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        rules: SchedulingPolicy | None = None,
        calendar: WorkingDayCalendar | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(env, rules=rules, calendar=calendar, clock=clock)
        self.cadence = cadence_of(self.rules)

    def find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        try:
            found: Aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        assert isinstance(found, cls)
        return found

    def organisation(self) -> Organisation:
        """What the registry has told us so far (an empty organisation before that)."""
        return self.find(Organisation, Organisation.create_id()) or Organisation()

    def meeting(self, meeting_id: str) -> Meeting:
        meeting = self.find(Meeting, Meeting.create_id(meeting_id))
        if meeting is None:
            raise UnknownObjectError(f"会议不存在 / no meeting {meeting_id}")
        return meeting

    def find_meeting(self, meeting_id: str) -> Meeting | None:
        return self.find(Meeting, Meeting.create_id(meeting_id))
