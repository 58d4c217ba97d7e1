"""The brief (一月一专报) and the year-end rewards (年底专项考核奖惩) on top of the scores."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assessment.application.rules import ranking_rules, year_end_rules
from assessment.application.year_end import YearEndApplication
from assessment.domain import AssessmentError, TransitionError
from assessment.domain.aggregates import Brief, YearAssessment
from assessment.domain.brief import BriefContent, build_brief
from assessment.domain.facts import Facts
from assessment.domain.months import parse_month, shift_month
from assessment.domain.ranking import rank_counties
from servicekit.core.context import CommandContext, command_method

DECISIONS = frozenset({"reward", "penalty", "none"})


class Assessment(YearEndApplication):
    # -- monthly brief ---------------------------------------------------------

    def _brief_from(self, facts: Facts, month: str) -> BriefContent:
        rules = ranking_rules(self.rules)
        ranking = rank_counties(facts, month, rules)
        _, number = parse_month(month)
        previous = rank_counties(facts, shift_month(month, -1), rules) if number > 1 else None
        return build_brief(facts, ranking, previous, self.rules.brief_top_movers)

    def brief(self, month: str) -> Brief | None:
        parse_month(month)
        found: Brief | None = self.find(Brief.create_id(month))
        return found

    def brief_content(
        self, month: str, positions: Mapping[str, int] | None = None
    ) -> tuple[BriefContent, dict[str, int]]:
        """The brief on current facts, or as of recorded positions (a published version)."""
        parse_month(month)
        if positions is not None:
            return self._brief_from(self.facts_at(positions), month), dict(positions)
        return self.with_facts(
            lambda facts: (self._brief_from(facts, month), dict(facts.positions))
        )

    @command_method
    def publish_brief(self, ctx: CommandContext, month: str, reason: str = "") -> Brief:
        """Freeze the brief's source positions and name its lagging counties."""
        content, positions = self.brief_content(month)
        brief = self.brief(month) or Brief(month)
        brief.publish(
            month=month,
            brief_version=brief.next_version(reason),
            lagging_counties=[row.county for row in content.lagging],
            source_positions=positions,
            reason=reason.strip(),
        )
        self.save(brief)
        return brief

    # -- year end: the office proposes, HQ approves ------------------------------

    @command_method
    def propose_rewards(
        self, ctx: CommandContext, year: int, decisions: dict[str, str] | None, reason: str
    ) -> YearAssessment:
        """The office's proposal; without decisions, the suggestion from the published scores."""
        record = self._published(year)
        latest: dict[str, Any] = record.latest or {}
        units = {row["unit"] for row in latest.get("rows", [])}
        chosen = decisions if decisions is not None else self.suggest_from_rows(latest["rows"])
        unknown = sorted(set(chosen) - units)
        if unknown:
            raise AssessmentError(f"不在已发布考核结果中的单位: {', '.join(unknown)}", "decisions")
        if set(chosen.values()) - DECISIONS:
            raise AssessmentError("奖惩只能是 reward / penalty / none", "decisions")
        record.propose(year=year, decisions=dict(sorted(chosen.items())), reason=reason.strip())
        self.save(record)
        return record

    @command_method
    def approve_rewards(self, ctx: CommandContext, year: int) -> YearAssessment:
        """HQ approves the office's current proposal (审定考核奖惩)."""
        record = self._published(year)
        if record.proposal is None:
            raise TransitionError("办公室尚未提出奖惩建议 / no proposal to approve", "year")
        if record.approved == record.proposal:
            raise TransitionError("该奖惩建议已审定 / this proposal is already approved", "year")
        record.approve(year=year, decisions=record.proposal)
        self.save(record)
        return record

    def suggest_from_rows(self, rows: list[dict[str, Any]]) -> dict[str, str]:
        """The office's starting point from published rows (same rule as the scores' suggestion)."""
        rules = year_end_rules(self.rules)
        out: dict[str, str] = {}
        for row in rows:
            if row["interviews"] >= rules.penalty_after_interviews:
                out[row["unit"]] = "penalty"
            elif row["rank"] <= rules.reward_top_n:
                out[row["unit"]] = "reward"
            else:
                out[row["unit"]] = "none"
        return out
