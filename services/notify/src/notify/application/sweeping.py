"""The sweep: deadlines near (临期提醒) and each digest unit's morning digest.

Both are keyed by the day and the deadline, so a second sweep of the same day
tells nobody again; an extended deadline is a new fact and is told anew.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from notify.application.announcing import AnnouncingCommands
from notify.domain import Notification, WatchedIssue


@dataclass
class SweepReport:
    as_of: date
    due_soon: list[str] = field(default_factory=list)  # notification keys
    digests: list[str] = field(default_factory=list)
    # Issues or units skipped because handling them failed: {"id", "error"} (logged).
    failed: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> str | None:
        if not (self.due_soon or self.digests or self.failed):
            return None
        skipped = f", {len(self.failed)} skipped (see log)" if self.failed else ""
        return (
            f"as of {self.as_of}: {len(self.due_soon)} due-soon, "
            f"{len(self.digests)} digests{skipped}"
        )


class SweepCommands(AnnouncingCommands):
    def sweep(
        self,
        as_of: date,
        open_issue_ids: Iterable[str],
        digest_units: Iterable[str] = (),
        *,
        digests: bool = True,
    ) -> SweepReport:
        """Tell what falls due within the policy's lead time, and send the day's digests.

        ``open_issue_ids`` and ``digest_units`` come from the read model; each issue
        is read again from the store, so a stale row never tells a closed issue.
        """
        report = SweepReport(as_of)
        issues = [i for i in (self.issue(x) for x in open_issue_ids) if i is not None and i.open]
        failures = self.sweep_failures("notify-sweep")
        for issue in issues:
            with failures.isolated(issue.issue_id):
                report.due_soon.extend(self._due_soon(issue, as_of))
        if digests:
            for unit_id in digest_units:
                with failures.isolated(unit_id):
                    made = self._digest(unit_id, as_of, issues)
                    if made:
                        self.save(*made)
                    report.digests.extend(n.key for n in made)
        report.failed = failures.failed
        return report

    def _due_soon(self, issue: WatchedIssue, as_of: date) -> list[str]:
        if issue.deadline < as_of:
            return []
        left = self.calendar.working_days_between(as_of, issue.deadline).count
        if left > self.rules.due_soon_working_days:
            return []
        made = self.tell(
            "issue_due_soon",
            f"{issue.issue_id}:{issue.deadline}",
            self._facts(issue),
            {**self._issue_words(issue), "working_days_left": left},
            ref=issue.issue_id,
            path=f"/issues/{issue.issue_id}",
        )
        if made:
            self.save(*made)
        return [n.key for n in made]

    def _digest(self, unit_id: str, as_of: date, issues: list[WatchedIssue]) -> list[Notification]:
        mine = [i for i in issues if i.assignee == unit_id and i.deadline <= as_of]
        if not mine:
            return []

        def item(issue: WatchedIssue) -> dict[str, Any]:
            project = self.project(issue.project_id)
            late = self.calendar.working_days_between(issue.deadline, as_of).count
            return {
                "title": issue.title,
                "project": project.name if project else "",
                "deadline": issue.deadline.isoformat(),
                "days_late": late,
            }

        ordered = sorted(mine, key=lambda i: (i.deadline, i.issue_id))
        return self.tell(
            "digest",
            as_of.isoformat(),
            {},
            {
                "day": as_of.isoformat(),
                "due_today": [item(i) for i in ordered if i.deadline == as_of],
                "overdue": [item(i) for i in ordered if i.deadline < as_of],
            },
            ref=unit_id,
            path="/inbox",
            to=[unit_id],
        )
