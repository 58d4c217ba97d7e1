"""Meetings, county reports, reminders, interviews and approval clocks: facts told once."""

from __future__ import annotations

from datetime import date

from eventsourcing.domain import Aggregate

from notify.application.learning import LearningCommands
from notify.application.messages import weekday


class AnnouncingCommands(LearningCommands):
    def meeting_scheduled(
        self,
        meeting_id: str,
        *,
        title: str,
        on: date,
        chair: str,
        county: str | None,
        subcommand: str | None,
    ) -> list[Aggregate]:
        host = county or subcommand or "hq"
        return list(
            self.tell(
                "meeting_scheduled",
                f"{meeting_id}:{on}",
                {"host": host, "county": county},
                {"title": title, "date": on.isoformat(), "weekday": weekday(on), "chair": chair},
                ref=meeting_id,
                path=f"/meetings/{meeting_id}",
            )
        )

    def interview_scheduled(
        self, meeting_id: str, *, county: str, month: str, on: date, chair: str
    ) -> list[Aggregate]:
        return list(
            self.tell(
                "interview_scheduled",
                f"{meeting_id}:{on}",
                {"county": county, "host": "hq"},
                {
                    "county_name": self.unit_name(county),
                    "month": month,
                    "date": on.isoformat(),
                    "weekday": weekday(on),
                    "chair": chair,
                },
                ref=meeting_id,
                path=f"/meetings/{meeting_id}",
            )
        )

    def county_report_missing(self, county: str, month: str, deadline: date) -> list[Aggregate]:
        return list(
            self.tell(
                "county_report_missing",
                f"{county}:{month}",
                {"county": county},
                {"month": month, "deadline": deadline.isoformat(), "weekday": weekday(deadline)},
                ref=f"{county}:{month}",
                path="/meetings/county-report",
            )
        )

    def county_reminded(self, county: str, month: str) -> list[Aggregate]:
        return list(
            self.tell(
                "county_reminded",
                f"{county}:{month}",
                {"county": county},
                {"month": month},
                ref=f"{county}:{month}",
                path=f"/rankings/{month}",
            )
        )

    def approval_at_risk(
        self, project_id: str, county: str, used: int, limit: int
    ) -> list[Aggregate]:
        project = self.project(project_id)
        path = f"/projects/{project_id}"
        return list(
            self.tell(
                "approval_sla_at_risk",
                project_id,
                {"county": county},
                {"project": project, "used": used, "limit": limit},
                ref=project_id,
                path=path,
            )
        )
