"""What other services' events teach the notify service, and whom each tells.

Each method returns the aggregates to save with the message's tracking
(``save_tracked``), so a fact and the notifications it causes are stored in
one transaction with the position that caused them, or not at all.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from notify.application.messages import LEVEL_NAMES, weekday
from notify.application.telling import TellingCommands
from notify.domain import KnownProject, KnownUnit, WatchedIssue, email_in

ESCALATION_REASONS = {"deadline_missed": "逾期未办结", "manual": "报请上级协调"}
SUPERVISION_REASONS = {
    "stalled": "超过一个月无实质性进展",
    "dispatch_meetings": "经两次调度会议仍未解决",
    "office_decision": "总指挥部办公室研究决定",
}


class LearningCommands(TellingCommands):
    # --- the organisation and the projects ---------------------------------------

    def learn_unit(
        self, unit_id: str, kind: str, name: str, attributes: dict[str, Any]
    ) -> list[Aggregate]:
        if self.unit(unit_id) is not None:
            return []
        return [KnownUnit(unit_id=unit_id, kind=kind, name=name, email=email_in(attributes))]

    def learn_rename(self, unit_id: str, name: str) -> list[Aggregate]:
        unit = self.unit(unit_id)
        if unit is None or unit.name == name:
            return []
        unit.rename(name)
        return [unit]

    def learn_project(self, project_id: str, name: str, county: str) -> list[Aggregate]:
        if self.project(project_id) is not None:
            return []
        return [KnownProject(project_id=project_id, name=name, county=county)]

    # --- issues ---------------------------------------------------------------------

    def _issue_words(self, issue: WatchedIssue) -> dict[str, Any]:
        return {
            "issue": issue,
            "project": self.project(issue.project_id),
            "level_name": LEVEL_NAMES.get(issue.level, issue.level),
            "deadline": issue.deadline.isoformat(),
            "weekday": weekday(issue.deadline),
        }

    def _facts(self, issue: WatchedIssue, **more: str | None) -> dict[str, str | None]:
        return {"assignee": issue.assignee, "county": issue.county, **more}

    def issue_raised(
        self,
        issue_id: str,
        *,
        title: str,
        level: str,
        assignee: str,
        deadline: date,
        project_id: str | None,
        county: str | None,
    ) -> list[Aggregate]:
        if self.issue(issue_id) is not None:
            return []
        issue = WatchedIssue(
            issue_id=issue_id,
            title=title,
            level=level,
            assignee=assignee,
            deadline=deadline,
            project_id=project_id,
            county=county,
        )
        told = self.tell(
            "issue_raised",
            f"{issue_id}:{level}:{deadline}",
            self._facts(issue),
            self._issue_words(issue),
            ref=issue_id,
            path=f"/issues/{issue_id}",
        )
        return [issue, *told]

    def issue_moved(
        self,
        issue_id: str,
        *,
        kind: str,
        level: str,
        assignee: str,
        deadline: date,
        from_level: str | None = None,
        reason: str = "",
    ) -> list[Aggregate]:
        """Assigned to a unit (``issue_assigned``) or escalated (``issue_escalated``)."""
        issue = self.issue(issue_id)
        if issue is None:
            return []  # raised before this service listened: nothing to say about it
        previous = issue.assignee
        if (issue.level, issue.assignee, issue.deadline, issue.open) == (
            level,
            assignee,
            deadline,
            True,
        ):
            return []
        issue.move(level, assignee, deadline)
        words = {
            **self._issue_words(issue),
            "from_level_name": LEVEL_NAMES.get(from_level or "", from_level or ""),
            "reason": ESCALATION_REASONS.get(reason, reason),
            "assignee_name": self.unit_name(assignee),
        }
        told = self.tell(
            kind,
            f"{issue_id}:{level}:{deadline}",
            self._facts(issue, previous_assignee=previous if previous != assignee else None),
            words,
            ref=issue_id,
            path=f"/issues/{issue_id}",
        )
        return [issue, *told]

    def issue_extended(self, issue_id: str, deadline: date) -> list[Aggregate]:
        issue = self.issue(issue_id)
        if issue is None or issue.deadline == deadline:
            return []
        issue.extend(deadline)
        return [issue]

    def issue_finished(self, issue_id: str) -> list[Aggregate]:
        issue = self.issue(issue_id)
        if issue is None or not issue.open:
            return []
        issue.finish()
        return [issue]

    def issue_reopened(self, issue_id: str, level: str, deadline: date) -> list[Aggregate]:
        issue = self.issue(issue_id)
        if issue is None:
            return []
        issue.move(level, issue.assignee, deadline)
        return [issue]

    def issue_supervised(self, issue_id: str, reason: str, on: date) -> list[Aggregate]:
        issue = self.issue(issue_id)
        if issue is None:
            return []
        words = {**self._issue_words(issue), "reason": SUPERVISION_REASONS.get(reason, reason)}
        return list(
            self.tell(
                "issue_supervised",
                f"{issue_id}:{on}",
                self._facts(issue),
                words,
                ref=issue_id,
                path=f"/issues/{issue_id}",
            )
        )
