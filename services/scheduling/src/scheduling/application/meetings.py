"""Meeting commands: the year's calendar, ad-hoc meetings, moves, cancellations, minutes."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from scheduling.application.base import SchedulingBase
from scheduling.domain import (
    Decision,
    InvalidCommandError,
    Meeting,
    SchedulingError,
    YearCalendar,
    meeting_key,
    plan_year,
)
from scheduling.domain.chairs import HQ_COMMANDER_FALLBACK, interview_chair
from servicekit.core.context import CommandContext, command_method


class MeetingCommands(SchedulingBase):
    @command_method
    def generate_year(self, ctx: CommandContext, year: int) -> tuple[dict[str, int], int]:
        """Schedule the year's standing meetings; returns (counts per series, created now).

        Idempotent per meeting: generating again creates only what the organisation
        as now known adds (e.g. a sub-command learned after the first call).
        """
        org = self.organisation()
        planned = plan_year(year, self.cadence, self.calendar, org)
        meetings = [
            Meeting(
                meeting_id=p.meeting_id, series=p.series, title=p.title, date=p.date,
                chair=p.chair, level=p.level, subcommand=p.subcommand, county=p.county,
                month=p.month,
            )
            for p in planned
            if self.find_meeting(p.meeting_id) is None
        ]  # fmt: skip
        counts: dict[str, int] = {}
        for p in planned:
            counts[p.series] = counts.get(p.series, 0) + 1
        counties = [unit.unit_id for unit in org.of_kind("county")]
        marker = self.find(YearCalendar, YearCalendar.create_id(year))
        if marker is None:
            marker = YearCalendar(year=year, counts=counts, counties=counties)
        elif meetings:
            marker.extend(counts, counties)
        # One save: the relay publishes the whole year in a few batches.
        self.save(*meetings, marker)
        return counts, len(meetings)

    @command_method
    def convene(
        self,
        ctx: CommandContext,
        *,
        title: str,
        chair: str,
        on: date,
        level: str,
        subcommand: str | None = None,
        county: str | None = None,
    ) -> Meeting:
        """An ad-hoc meeting (适时召开) at any level."""
        org = self.organisation()
        for field_name, unit_id in (("subcommand", subcommand), ("county", county)):
            if unit_id is not None and org.units and unit_id not in org.units:
                raise InvalidCommandError(field_name, f"未知单位 / unknown unit {unit_id}")
        meeting = Meeting(
            meeting_id=f"adhoc.{uuid.uuid4().hex[:16]}",
            series="adhoc",
            title=title,
            date=on,
            chair=chair,
            level=level,
            subcommand=subcommand,
            county=county,
            month=on.strftime("%Y-%m"),
        )
        self.save(meeting)
        return meeting

    @command_method
    def reschedule(self, ctx: CommandContext, meeting: Meeting, on: date, reason: str) -> Meeting:
        meeting.reschedule(on, reason)
        self.save(meeting)
        return meeting

    @command_method
    def cancel(self, ctx: CommandContext, meeting: Meeting, reason: str) -> Meeting:
        meeting.cancel(reason)
        self.save(meeting)
        return meeting

    @command_method
    def record_minutes(
        self,
        ctx: CommandContext,
        meeting: Meeting,
        *,
        held_on: date,
        attendees: list[str],
        decisions: list[dict[str, Any]],
        agenda: list[dict[str, Any]],
    ) -> Meeting:
        """Hold the meeting: minutes, the frozen agenda, and one event per assigned decision."""
        org = self.organisation()
        parsed: list[Decision] = []
        for index, raw in enumerate(decisions, start=1):
            assignee = raw.get("assignee")
            if assignee is not None and org.units and assignee not in org.units:
                raise InvalidCommandError(
                    f"decisions.{index - 1}.assignee", f"未知单位 / unknown unit {assignee}"
                )
            parsed.append(Decision(decision_id=f"{meeting.meeting_id}.d{index}", **raw))
        meeting.hold(held_on, attendees, parsed, agenda)
        self.save(meeting)
        return meeting

    @command_method
    def schedule_interview(
        self, ctx: CommandContext, *, county: str, month: str, required_on: date
    ) -> Meeting | None:
        """The 约谈 an assessment requires: one meeting per county and notice month."""
        meeting_id = meeting_key("interview", month, county)
        if self.find_meeting(meeting_id) is not None:
            return None
        on = self.calendar.add_working_days(
            required_on, self.rules.interview.within_working_days
        ).date
        org = self.organisation()
        unit = org.units.get(county)
        name = unit.name_on(on) if unit is not None else county
        try:
            chair = interview_chair(org, on, self.rules.interview.chair)
        except SchedulingError:
            chair = HQ_COMMANDER_FALLBACK  # the registry has not spoken yet; never lose it
        meeting = Meeting(
            meeting_id=meeting_id,
            series="interview",
            title=f"约谈{name}({month}通报)",
            date=on,
            chair=chair,
            level="hq",
            subcommand=None,
            county=county,
            month=month,
        )
        meeting.arrange_interview(county, month)
        return meeting
