"""The issue's lifecycle commands; each checks who acts before the domain checks when."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from issues.application.base import IssuesBase
from issues.domain import (
    IllegalTransitionError,
    InvalidIssueInputError,
    Issue,
    NotPermittedError,
    next_level,
)
from servicekit.core.context import CommandContext, command_method

HQ_ROLES = frozenset({"office", "commander"})


class LifecycleCommands(IssuesBase):
    @command_method
    def report_progress(
        self, ctx: CommandContext, issue_id: UUID, *, note: str, substantive: bool, on: date
    ) -> Issue:
        """Progress by the assignee's side or the responsible department (always involved)."""
        issue = self.get_issue(issue_id)
        involved = ctx.actorrole == "department" and ctx.actorunit == issue.responsible_department
        if not involved:
            self.require_answerer(ctx, issue, "报告进展")
        issue.progress(note, substantive, on)
        self.save(issue)
        return issue

    @command_method
    def resolve(self, ctx: CommandContext, issue_id: UUID, *, resolution: str, on: date) -> Issue:
        """The assignee claims the fix (办结); the clock of its level stops."""
        issue = self.get_issue(issue_id)
        self.require_answerer(ctx, issue, "办结")
        issue.resolve(resolution, on)
        self.save(issue)
        return issue

    @command_method
    def follow_up(self, ctx: CommandContext, issue_id: UUID, *, note: str, on: date) -> Issue:
        """回访 within the policy's working days of the claimed fix (later is recorded late)."""
        issue = self.get_issue(issue_id)
        self.require_answerer(ctx, issue, "回访")
        resolved_on = issue.resolved_on or issue.raised_on
        due = self.calendar.add_working_days(resolved_on, self.rules.follow_up_working_days).date
        issue.follow_up(note, on, due)
        self.save(issue)
        return issue

    @command_method
    def confirm(
        self, ctx: CommandContext, issue_id: UUID, *, satisfied: bool, comment: str, on: date
    ) -> Issue:
        """Only the project unit says whether it is satisfied (清零销号); else it reopens."""
        issue = self.get_issue(issue_id)
        if issue.project_unit is not None:
            allowed = ctx.actorrole == "project_unit" and ctx.actorunit == issue.project_unit
        else:  # a meeting decision without a project: the assigning HQ confirms
            allowed = ctx.actorrole in HQ_ROLES
        if not allowed:
            raise NotPermittedError(
                "只有项目单位可以确认是否满意 / only the project unit may confirm satisfaction"
            )
        issue.confirm(satisfied, comment, on, self.deadline_after(on, issue.level))
        self.save(issue)
        return issue

    @command_method
    def escalate(
        self, ctx: CommandContext, issue_id: UUID, *, reason: str, on: date | None = None
    ) -> Issue:
        """The office escalates a major or difficult issue one level, with a reason."""
        if ctx.actorrole not in HQ_ROLES:
            raise NotPermittedError("只有总指挥部办公室可以升级问题 / only the HQ office escalates")
        issue = self.get_issue(issue_id)
        self.move_up(issue, reason, on or self.clock.today(), automatic=False)
        self.save(issue)
        return issue

    def move_up(self, issue: Issue, reason: str, on: date, *, automatic: bool) -> str:
        """One level up the ladder with that level's fresh deadline; returns the new level."""
        to_level = next_level(issue.level)
        if to_level is None:
            raise IllegalTransitionError(
                "问题已在最高一级(市委市政府),不能再升级 / already at the top of the ladder"
            )
        side = self.answerer(issue, to_level)
        issue.escalate(
            to_level, reason, side.assignee, self.deadline_after(on, to_level), on, automatic
        )
        return to_level

    @command_method
    def ask_extension(
        self,
        ctx: CommandContext,
        issue_id: UUID,
        *,
        working_days: int,
        reason: str,
        on: date | None = None,
    ) -> Issue:
        """The assignee asks (kept pending); the level above grants at once."""
        issue = self.get_issue(issue_id)
        day = on or self.clock.today()
        notice = self.calendar.working_days_between(day, issue.deadline).count
        minimum = self.rules.extension_min_notice_working_days
        if self.answerer(issue).includes(ctx.actorrole, ctx.actorunit):
            issue.request_extension(working_days, reason, day, notice, minimum)
        else:
            self.require_level_above(ctx, issue)
            extended = self.extended_deadline(issue, working_days)
            issue.grant_extension(working_days, extended, reason, day, notice, minimum)
        self.save(issue)
        return issue

    @command_method
    def decide_extension(
        self,
        ctx: CommandContext,
        issue_id: UUID,
        *,
        granted: bool,
        comment: str,
        on: date | None = None,
    ) -> Issue:
        """The level above grants or refuses the pending request."""
        issue = self.get_issue(issue_id)
        self.require_level_above(ctx, issue)
        day = on or self.clock.today()
        pending = issue.pending_extension
        if pending is None:
            raise IllegalTransitionError("没有待审批的延期申请 / no extension request is pending")
        if granted:
            extended = self.extended_deadline(issue, pending[0])
            issue.grant_extension(pending[0], extended, comment, day, 0, 0)
        else:
            issue.refuse_extension(comment, day)
        self.save(issue)
        return issue

    @command_method
    def record_counterpart(
        self,
        ctx: CommandContext,
        issue_id: UUID,
        *,
        counterpart: str,
        note: str,
        on: date,
        department: str | None = None,
    ) -> Issue:
        """对口省直机关 coordination, from the department's attachment entry."""
        issue = self.get_issue(issue_id)
        if ctx.actorrole == "department":
            department = ctx.actorunit
            if department != issue.responsible_department and not self.answerer(issue).includes(
                ctx.actorrole, ctx.actorunit
            ):
                raise NotPermittedError("问题不由本部门负责 / the issue is not your department's")
        elif ctx.actorrole not in HQ_ROLES:
            raise NotPermittedError("只有部门或总指挥部办公室可以记录 / departments or the office")
        department = department or issue.responsible_department
        known = self.directory().counterparts.get(department or "", [])
        if counterpart not in known:
            raise InvalidIssueInputError(
                f"{counterpart} 不是 {department} 的对口省直机关"
                f"(附件:{'、'.join(known) or '无'}) / not a provincial counterpart of {department}",
                "counterpart",
            )
        if not issue.is_open:
            raise IllegalTransitionError("问题已销号 / the issue is closed")
        issue.record_counterpart(department or "", counterpart, note, on)
        self.save(issue)
        return issue
