"""County monthly meeting reports and the sweep that flags the missing ones."""

from __future__ import annotations

from datetime import date

from scheduling.application.base import SchedulingBase
from scheduling.domain import CountyMonth, InvalidCommandError, YearCalendar, month_end
from servicekit.core.context import CommandContext, command_method


class ReportCommands(SchedulingBase):
    def report_deadline(self, month: str) -> date:
        """End of the N-th working day after the month's last day (policy N, default 5)."""
        last = month_end(int(month[:4]), int(month[5:7]))
        days = self.rules.county_meeting.report_within_working_days
        return self.calendar.add_working_days(last, days).date

    @command_method
    def file_county_report(
        self, ctx: CommandContext, *, county: str, month: str, held_on: date, summary: str
    ) -> CountyMonth:
        """A county reports holding its monthly dispatch meeting to the office."""
        org = self.organisation()
        unit = org.units.get(county)
        if org.units and (unit is None or unit.kind != "county"):
            raise InvalidCommandError("county", f"未知县(市、区) / unknown county {county}")
        record = self.find(CountyMonth, CountyMonth.create_id(county, month))
        record = record or CountyMonth(county=county, month=month)
        record.file(held_on, summary)
        self.save(record)
        return record

    @command_method
    def sweep(self, ctx: CommandContext, as_of: date) -> list[dict[str, str]]:
        """Flag each county-month of a generated calendar still unreported after its deadline.

        Idempotent: a month is flagged once, so sweeping the same ``as_of`` twice adds nothing.
        """
        flagged: list[CountyMonth] = []
        failures = self.sweep_failures("scheduling-sweep")
        for year in (as_of.year - 1, as_of.year):
            calendar = self.find(YearCalendar, YearCalendar.create_id(year))
            if calendar is None:
                continue
            for number in range(1, 13):
                month = f"{year}-{number:02d}"
                deadline = self.report_deadline(month)
                if as_of <= deadline:
                    break
                for county in calendar.counties:
                    # Each county-month stored on its own: one that fails is logged,
                    # counted and skipped, and the others are still flagged.
                    with failures.isolated(f"{county}:{month}"):
                        record = self.find(CountyMonth, CountyMonth.create_id(county, month))
                        record = record or CountyMonth(county=county, month=month)
                        if record.flag_missing(deadline):
                            self.save(record)
                            flagged.append(record)
        return [
            {"county": r.county, "month": r.month, "deadline": str(r.flagged_missing_on)}
            for r in flagged
        ]
