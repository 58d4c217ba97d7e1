"""Every alert in deploy/prometheus/alerts.yml fires when provoked, and stays quiet when not.

Each case gives the series a real service (or NATS, or the blackbox probe) exposes
while the trouble lasts, and the same series while all is well; `promtool test rules`
evaluates the rule file itself against both. An alert added without a case here
fails the first test.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.test_observability import ALERTS, alert_rules


@dataclass(frozen=True)
class Case:
    """Series that provoke an alert, the same series when healthy, and what must fire."""

    bad: list[tuple[str, str]]
    good: list[tuple[str, str]]
    labels: dict[str, str]
    eval_time: str = "30m"
    interval: str = "1m"
    value: str = ""  # what {{ $value }} renders as in the annotations


SVC = 'service="issues"'
CASES: dict[str, Case] = {
    "KpdServiceDown": Case(
        [('up{job="kpd-services",app="issues",instance="issues:8002"}', "0x40")],
        [('up{job="kpd-services",app="issues",instance="issues:8002"}', "1x40")],
        {"app": "issues", "job": "kpd-services", "instance": "issues:8002"},
    ),
    "KpdServiceNotReady": Case(
        [('probe_success{job="kpd-readyz",app="issues"}', "0x40")],
        [('probe_success{job="kpd-readyz",app="issues"}', "1x40")],
        {"app": "issues", "job": "kpd-readyz"},
    ),
    "KpdBusDisconnected": Case(
        [(f"kpd_nats_connected{{{SVC}}}", "0x40")],
        [(f"kpd_nats_connected{{{SVC}}}", "1x40")],
        {"service": "issues"},
    ),
    "KpdRelayLagHigh": Case(
        [(f"kpd_relay_lag_events{{{SVC}}}", "900x40")],
        [(f"kpd_relay_lag_events{{{SVC}}}", "3x40")],
        {"service": "issues"},
        value="900",
    ),
    "KpdConsumerLagHigh": Case(
        [(f'kpd_consumer_lag_messages{{{SVC},consumer="issues-registry"}}', "5000x40")],
        [(f'kpd_consumer_lag_messages{{{SVC},consumer="issues-registry"}}', "0x40")],
        {"service": "issues", "consumer": "issues-registry"},
        value="5000",
    ),
    "KpdDeadLetters": Case(
        [
            (
                f'kpd_dead_letters_total{{{SVC},consumer="issues-registry",reason="undecodable"}}',
                "0x20 1x20",
            )
        ],
        [
            (
                f'kpd_dead_letters_total{{{SVC},consumer="issues-registry",reason="undecodable"}}',
                "0x40",
            )
        ],
        {"service": "issues", "consumer": "issues-registry", "reason": "undecodable"},
        eval_time="25m",
    ),
    "KpdProjectionLagHigh": Case(
        [(f'kpd_projection_lag_events{{{SVC},projection="issues"}}', "5000x40")],
        [(f'kpd_projection_lag_events{{{SVC},projection="issues"}}', "2x40")],
        {"service": "issues", "projection": "issues"},
        value="5000",
    ),
    "KpdSweepStalled": Case(
        # Last completed at t=0, every 60 s expected: stalled from 3 minutes on.
        [
            (f'kpd_periodic_last_run_timestamp_seconds{{{SVC},worker="issues-sweep"}}', "0x40"),
            (f'kpd_periodic_interval_seconds{{{SVC},worker="issues-sweep"}}', "60x40"),
        ],
        [
            (f'kpd_periodic_last_run_timestamp_seconds{{{SVC},worker="issues-sweep"}}', "0+60x40"),
            (f'kpd_periodic_interval_seconds{{{SVC},worker="issues-sweep"}}', "60x40"),
        ],
        {"service": "issues", "worker": "issues-sweep"},
    ),
    "KpdCheckpointStalled": Case(
        [
            (f"kpd_checkpoint_unsigned_events{{{SVC}}}", "12x40"),
            (f"kpd_checkpoint_last_signed_timestamp_seconds{{{SVC}}}", "0x40"),
            (f"kpd_checkpoint_interval_seconds{{{SVC}}}", "60x40"),
        ],
        # Idle for an hour is fine: nothing new to sign.
        [
            (f"kpd_checkpoint_unsigned_events{{{SVC}}}", "0x40"),
            (f"kpd_checkpoint_last_signed_timestamp_seconds{{{SVC}}}", "0x40"),
            (f"kpd_checkpoint_interval_seconds{{{SVC}}}", "60x40"),
        ],
        {"service": "issues"},
        value="12",
    ),
    "KpdOverdueIssuesRising": Case(
        # Samples every 2 minutes (a 1 h step would go stale between samples).
        [('kpd_issues_overdue{level="hq"}', "2x760 5x200")],
        [('kpd_issues_overdue{level="hq"}', "5x960")],
        {"level": "hq"},
        eval_time="30h",
        interval="2m",
        value="5",
    ),
    "KpdHttpErrorsHigh": Case(
        [
            ('kpd_http_requests_total{app="issues",status="500"}', "0+5x40"),
            ('kpd_http_requests_total{app="issues",status="200"}', "0+100x40"),
        ],
        [
            ('kpd_http_requests_total{app="issues",status="500"}', "0x40"),
            ('kpd_http_requests_total{app="issues",status="200"}', "0+100x40"),
        ],
        {"app": "issues"},
    ),
    "KpdHttpSlow": Case(
        [
            ('kpd_http_request_duration_seconds_bucket{app="issues",le="0.05"}', "0x40"),
            ('kpd_http_request_duration_seconds_bucket{app="issues",le="2.5"}', "0+50x40"),
            ('kpd_http_request_duration_seconds_bucket{app="issues",le="10.0"}', "0+100x40"),
            ('kpd_http_request_duration_seconds_bucket{app="issues",le="+Inf"}', "0+100x40"),
        ],
        [
            ('kpd_http_request_duration_seconds_bucket{app="issues",le="0.05"}', "0+100x40"),
            ('kpd_http_request_duration_seconds_bucket{app="issues",le="2.5"}', "0+100x40"),
            ('kpd_http_request_duration_seconds_bucket{app="issues",le="10.0"}', "0+100x40"),
            ('kpd_http_request_duration_seconds_bucket{app="issues",le="+Inf"}', "0+100x40"),
        ],
        {"app": "issues"},
    ),
    "KpdSweepSkipping": Case(
        [(f'kpd_sweep_failures_total{{{SVC},sweep="deadlines"}}', "0x20 1x20")],
        [(f'kpd_sweep_failures_total{{{SVC},sweep="deadlines"}}', "0x40")],
        {"service": "issues", "sweep": "deadlines"},
        eval_time="25m",
    ),
    "KpdNotificationsFailing": Case(
        [('kpd_notifications_failed_total{channel="email"}', "0+1x40")],
        [('kpd_notifications_failed_total{channel="email"}', "3x40")],
        {"channel": "email"},
    ),
    "KpdNotifyQueueBacklog": Case(
        [('kpd_notify_queue_depth{channel="email"}', "500x60")],
        [('kpd_notify_queue_depth{channel="email"}', "20x60")],
        {"channel": "email"},
        eval_time="50m",
        value="500",
    ),
    "KpdNatsNodeUnhealthy": Case(
        [('gnatsd_healthz_status_value{node="nats-1"}', "0x40")],
        [('gnatsd_healthz_status_value{node="nats-1"}', "1x40")],
        {"node": "nats-1"},
    ),
    "KpdNatsNoQuorum": Case(
        [
            ('gnatsd_healthz_status_value{node="nats-1"}', "1x40"),
            ('gnatsd_healthz_status_value{node="nats-2"}', "0x40"),
            ('gnatsd_healthz_status_value{node="nats-3"}', "0x40"),
        ],
        [
            ('gnatsd_healthz_status_value{node="nats-1"}', "1x40"),
            ('gnatsd_healthz_status_value{node="nats-2"}', "1x40"),
            ('gnatsd_healthz_status_value{node="nats-3"}', "0x40"),
        ],
        {},
    ),
}


def _rendered(template: str, case: Case) -> str:
    """The rule's annotation as Prometheus renders it for this case (labels, value)."""
    text = re.sub(r"{{ \$labels\.(\w+) }}", lambda m: case.labels[m.group(1)], template)
    return text.replace("{{ $value }}", case.value)


def _test(name: str, case: Case, series: list[tuple[str, str]], fires: bool) -> dict[str, Any]:
    rule = next(r for r in alert_rules() if r["alert"] == name)
    annotations = {k: _rendered(v, case) for k, v in rule.get("annotations", {}).items()}
    labels = {**case.labels, "severity": rule["labels"]["severity"]}
    expected = [{"exp_labels": labels, "exp_annotations": annotations}] if fires else []
    return {
        "name": f"{name} {'provoked' if fires else 'healthy'}",
        "interval": case.interval,
        "input_series": [{"series": s, "values": v} for s, v in series],
        "alert_rule_test": [
            {"eval_time": case.eval_time, "alertname": name, "exp_alerts": expected}
        ],
    }


def test_every_alert_has_a_provoking_case() -> None:
    assert {rule["alert"] for rule in alert_rules()} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_alert_fires_when_provoked_and_not_when_healthy(
    name: str, promtool: str, tmp_path: Path
) -> None:
    case = CASES[name]
    document = {
        "rule_files": [str(ALERTS)],
        "evaluation_interval": "1m",
        "tests": [_test(name, case, case.bad, True), _test(name, case, case.good, False)],
    }
    spec = tmp_path / "alerts_test.yml"
    spec.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    run = subprocess.run(
        [promtool, "test", "rules", str(spec)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stdout + run.stderr
