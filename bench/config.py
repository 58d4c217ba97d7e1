"""How big each measurement is, in quick (CI smoke) and full mode."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    write_seconds: float  # per closed-loop HTTP or raw save measurement
    propagation_rate: int  # commands/s offered while measuring latency (the rate)
    propagation_low_rate: int  # a rate well inside capacity, measured after it (0: none)
    propagation_seconds: float
    sustain_rates: tuple[int, ...]  # rates probed in increasing order
    sustain_lower_rates: tuple[int, ...]  # probed in decreasing order if the first rate fails
    sustain_probe_seconds: float
    sustain_confirm_seconds: float  # 0: no confirmation run (quick mode)
    drain_seconds: float  # how long answers to an open-loop run may trail its end
    raw_nats_messages: int
    pipeline_backlog: int  # commands stored while NATS is away, then relayed
    audit_events: int
    scaling_tiers: tuple[int, ...]
    scaling_samples: int
    assessment_projects: int
    assessment_months: int
    profile_commands: int


QUICK = Sizes(
    write_seconds=1.5,
    propagation_rate=200,
    propagation_low_rate=0,
    propagation_seconds=2.0,
    sustain_rates=(400,),
    sustain_lower_rates=(),
    sustain_probe_seconds=3.0,
    sustain_confirm_seconds=0.0,
    drain_seconds=10.0,
    raw_nats_messages=2_000,
    pipeline_backlog=200,
    audit_events=5_000,
    scaling_tiers=(1_000, 5_000),
    scaling_samples=50,
    assessment_projects=1_000,
    assessment_months=12,
    profile_commands=40,
)

FULL = Sizes(
    write_seconds=10.0,
    propagation_rate=200,
    propagation_low_rate=50,
    propagation_seconds=30.0,
    sustain_rates=(200, 300, 400, 500, 650, 800, 1000, 1250),
    sustain_lower_rates=(150, 100, 50),
    sustain_probe_seconds=15.0,
    sustain_confirm_seconds=60.0,
    drain_seconds=30.0,
    raw_nats_messages=20_000,
    pipeline_backlog=5_000,
    audit_events=200_000,
    scaling_tiers=(10_000, 100_000, 1_000_000),
    scaling_samples=300,
    assessment_projects=5_000,
    assessment_months=12,
    profile_commands=2_000,
)
