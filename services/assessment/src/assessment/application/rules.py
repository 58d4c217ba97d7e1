"""Policy section → the domain's rule objects (the domain never reads the policy file)."""

from __future__ import annotations

from fractions import Fraction

from assessment.domain.consequences import ConsequenceRules
from assessment.domain.ranking import RankingRules
from assessment.domain.yearend import YearEndRules
from assessment.policy import AssessmentPolicy


def ranking_rules(policy: AssessmentPolicy) -> RankingRules:
    return RankingRules(
        bottom_n=policy.low_rank_bottom_n,
        start_weight=Fraction(policy.score_weights["start_rate"]),
        investment_weight=Fraction(policy.score_weights["investment_vs_schedule"]),
        investment_vs_schedule_cap=Fraction(policy.investment_vs_schedule_cap),
    )


def consequence_rules(policy: AssessmentPolicy) -> ConsequenceRules:
    return ConsequenceRules(
        reminder_after_consecutive_low=policy.reminder_after_consecutive_low,
        interview_after_consecutive_low=policy.interview_after_consecutive_low,
        interview_if_low_within_months_of_reminder=policy.interview_if_low_within_months_of_reminder,
    )


def year_end_rules(policy: AssessmentPolicy) -> YearEndRules:
    return YearEndRules(
        weights=dict(policy.year_end_weights),
        interview_penalty_points=Fraction(policy.interview_penalty_points),
        reward_top_n=policy.reward_top_n,
        penalty_after_interviews=policy.penalty_after_interviews,
        ranking=ranking_rules(policy),
    )
