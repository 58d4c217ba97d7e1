"""The notify service's rule parameters (policy file section ``notify``).

Which facts tell whom, how many working days ahead a deadline is announced,
when the morning digest goes out, and how deliveries are retried — all from
the deployment's policy file, none of it in code.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from servicekit.policy import PolicySection, Strict

Channel = Literal["inbox", "email", "webhook"]
Kind = Literal[
    "issue_raised",
    "issue_assigned",
    "issue_escalated",
    "issue_due_soon",
    "issue_supervised",
    "county_report_missing",
    "county_reminded",
    "interview_scheduled",
    "meeting_scheduled",
    "approval_sla_at_risk",
    "digest",
]


class DeliveryPolicy(Strict):
    # Tries within one round (tenacity, exponential backoff between them) ...
    attempts_per_round: int = Field(ge=1, le=10)
    backoff_initial_s: float = Field(gt=0, le=60)
    backoff_max_s: float = Field(gt=0, le=600)
    # ... and, when a round fails, how long the delivery waits before the next one.
    # A delivery is never given up for a channel that is down, only for one that
    # refuses it for good (an address the mail server rejects).
    retry_after_s: float = Field(gt=0, le=3600)
    timeout_s: float = Field(gt=0, le=120)


class NotifyPolicy(PolicySection, section="notify"):
    # 临期提醒: an open issue is announced when this many working days or fewer remain.
    due_soon_working_days: int = Field(ge=0, le=20)
    # The morning digest (Asia/Shanghai hour) for units that take one.
    digest_hour: int = Field(ge=0, le=23)
    sweep_interval_seconds: int = Field(ge=0)
    # The channels every unit is told on, where it has an address for them.
    channels: list[Channel] = Field(min_length=1)
    # Which facts tell whom: kind → recipients (assignee, previous_assignee, county,
    # host, or a unit id such as office). A kind not listed tells nobody.
    events: dict[Kind, list[str]]
    delivery: DeliveryPolicy

    @model_validator(mode="after")
    def _inbox_always(self) -> NotifyPolicy:
        # The inbox is the record a unit can always read; the other channels are extra.
        if "inbox" not in self.channels:
            raise ValueError("channels must include inbox")
        return self
