"""Dashboards and alert rules query only metrics that exist.

A real registry process is scraped; every metric name in deploy/grafana/dashboards
and deploy/prometheus/alerts.yml must be exposed by it or be on the allow-list
below, which names where each other metric comes from.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from prometheus_client import CollectorRegistry, generate_latest

from assessment.application import Assessment
from assessment.metrics import PrometheusAssessmentMetrics
from assessment.policy import AssessmentPolicy
from assessment.ranking_gauges import install_ranking_gauges
from notify.metrics import NotifyMetrics
from servicekit.dev.natsserver import NatsServerProcess
from servicekit.dev.testing import ServiceProcess
from servicekit.eventstore.environment import build_env
from tests.deploy.promql import exposed_names, matches_family, metric_names, variable_query_names

REPO = Path(__file__).resolve().parents[2]
DASHBOARDS = REPO / "deploy" / "grafana" / "dashboards"
ALERTS = REPO / "deploy" / "prometheus" / "alerts.yml"
DATASOURCE = REPO / "deploy" / "grafana" / "provisioning" / "datasources" / "prometheus.yml"

# Metric families the registry does not expose, by origin. When a family starts being
# exposed by the registry it must leave this list (test_allow_list_hides_nothing).
ALLOWED_ELSEWHERE: dict[str, str] = {
    # The issues service (open/overdue by level, 13710 supervision, the deadline sweep;
    # the sweep duration is expected to be a histogram).
    "kpd_issues_open": "issues",
    "kpd_issues_overdue": "issues",
    "kpd_issues_supervised": "issues",
    "kpd_issues_sweep_duration_seconds": "issues",
    # The assessment service (services/assessment/src/assessment/metrics.py).
    "kpd_notices_published": "assessment",
    "kpd_consequences": "assessment",
    # The latest published ranking (services/assessment/src/assessment/ranking_gauges.py).
    "kpd_county_rank": "assessment",
    "kpd_county_score": "assessment",
    # The notify service (services/notify/src/notify/metrics.py; checked below).
    "kpd_notifications_sent": "notify",
    "kpd_notifications_failed": "notify",
    "kpd_notify_queue_depth": "notify",
    "kpd_notify_delivery_lag_seconds": "notify",
    # Prometheus itself (scrape health) and the blackbox exporter probing /readyz.
    "up": "prometheus",
    "probe_success": "blackbox-exporter",
    # natsio/prometheus-nats-exporter 0.20 (-healthz, -jsz=all).
    "gnatsd_healthz_status_value": "nats-exporter",
    "jetstream_server_total_streams": "nats-exporter",
    "jetstream_stream_total_messages": "nats-exporter",
}


@pytest.fixture(scope="module")
def registry_scrape(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """/metrics of a real registry process (SQLite, its own nats-server)."""
    root = tmp_path_factory.mktemp("observability")
    nats = NatsServerProcess(root / "nats")
    nats.start()
    env = {
        "KPD_VAR_DIR": str(root / "var"),
        "KPD_NATS_URL": nats.url,
        "KPD_DATABASE_URL": "",
        "KPD_JWT_DEV_KEY": str(root / "var" / "keys" / "dev-jwt-ed25519.pem"),
    }
    registry = ServiceProcess("registry", env, root)
    try:
        registry.migrate()
        registry.start()
        yield httpx.get(registry.url + "/metrics", timeout=10).text
    finally:
        registry.stop()
        nats.stop()


def dashboard_files() -> list[Path]:
    return sorted(DASHBOARDS.glob("*.json"))


def panels_of(board: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for panel in board.get("panels", []):
        yield panel
        yield from panel.get("panels", [])


def dashboard_names(board: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    for panel in panels_of(board):
        for target in panel.get("targets", []):
            names |= metric_names(target["expr"])
    for variable in board.get("templating", {}).get("list", []):
        query = variable.get("query")
        text = query.get("query", "") if isinstance(query, dict) else str(query or "")
        names |= variable_query_names(text)
    return names


def alert_rules() -> list[dict[str, Any]]:
    document = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))
    return [rule for group in document["groups"] for rule in group["rules"]]


def unknown(names: set[str], exposed: set[str]) -> set[str]:
    allowed = set(ALLOWED_ELSEWHERE)
    return {n for n in names if n not in exposed and not matches_family(n, allowed)}


@pytest.mark.nats
def test_dashboards_query_only_existing_metrics(registry_scrape: str) -> None:
    exposed = exposed_names(registry_scrape)
    assert "kpd_http_requests_total" in exposed  # the scrape is the real thing
    for path in dashboard_files():
        names = dashboard_names(json.loads(path.read_text(encoding="utf-8")))
        assert len(names) >= 3, f"{path.name}: found too few metric names: {names}"
        assert not unknown(names, exposed), f"{path.name} queries unknown metrics"


@pytest.mark.nats
def test_a_service_says_its_build_memory_cpu_and_open_files(registry_scrape: str) -> None:
    exposed = exposed_names(registry_scrape)
    for name in ("process_resident_memory_bytes", "process_cpu_seconds_total",
                 "process_open_fds", "python_gc_collections_total", "kpd_build_info"):  # fmt: skip
        assert name in exposed, name
    [build] = [line for line in registry_scrape.splitlines() if line.startswith("kpd_build_info")]
    assert 'service="registry"' in build
    assert 'version="' in build


@pytest.mark.nats
def test_alert_rules_query_only_existing_metrics(registry_scrape: str) -> None:
    exposed = exposed_names(registry_scrape)
    names = set().union(*(metric_names(rule["expr"]) for rule in alert_rules()))
    assert {"kpd_relay_lag_events", "kpd_dead_letters_total", "up"} <= names
    assert not unknown(names, exposed), "alerts.yml queries unknown metrics"


@pytest.mark.nats
def test_allow_list_hides_nothing_the_registry_exposes(registry_scrape: str) -> None:
    exposed = exposed_names(registry_scrape)
    assert not {n for n in exposed if matches_family(n, set(ALLOWED_ELSEWHERE))}


def test_dashboards_cover_the_required_views() -> None:
    boards = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in dashboard_files()}
    assert set(boards) == {"kpd-services", "kpd-backbone", "kpd-business"}
    datasource_uid = yaml.safe_load(DATASOURCE.read_text())["datasources"][0]["uid"]
    required = {
        "kpd-services": {"kpd_http_requests_total", "kpd_http_request_duration_seconds_bucket",
                         "kpd_events_appended_total"},
        "kpd-backbone": {"kpd_relay_lag_events", "kpd_consumer_lag_messages",
                         "kpd_dead_letters_total"},
        "kpd-business": {"kpd_issues_open", "kpd_issues_overdue", "kpd_issues_supervised",
                         "kpd_notices_published_total", "kpd_notifications_failed_total",
                         "kpd_notify_queue_depth", "kpd_project_lights", "kpd_approval_clocks",
                         "kpd_approval_chains", "kpd_county_rank", "kpd_county_score"},
    }  # fmt: skip
    uids = set()
    for stem, board in boards.items():
        assert required[stem] <= dashboard_names(board), stem
        uids.add(board["uid"])
        for panel in panels_of(board):
            if panel["type"] == "row":
                continue
            assert panel["datasource"]["uid"] == datasource_uid, panel["title"]
            assert panel["targets"]
            assert all(t["expr"].strip() for t in panel["targets"])
            grid = panel["gridPos"]
            assert grid["x"] + grid["w"] <= 24, panel["title"]
    assert len(uids) == len(boards)


def test_alert_rules_cover_the_required_conditions() -> None:
    rules = {rule["alert"]: rule for rule in alert_rules()}
    required = {
        "KpdServiceDown", "KpdServiceNotReady", "KpdRelayLagHigh", "KpdConsumerLagHigh",
        "KpdDeadLetters", "KpdOverdueIssuesRising", "KpdNatsNoQuorum",
        "KpdNotificationsFailing", "KpdNotifyQueueBacklog",
    }  # fmt: skip
    assert required <= set(rules)
    assert rules["KpdRelayLagHigh"]["for"] == "5m"
    assert rules["KpdConsumerLagHigh"]["for"] == "5m"
    for name, rule in rules.items():
        assert rule["labels"]["severity"] in {"critical", "warning", "info"}, name
        assert rule["annotations"]["summary"], name


def test_promtool_accepts_the_rules_and_config(promtool: str) -> None:
    rules = subprocess.run(
        [promtool, "check", "rules", str(ALERTS)], capture_output=True, text=True, check=False
    )
    assert rules.returncode == 0, rules.stdout + rules.stderr


def test_notify_families_on_the_allow_list_are_what_notify_exposes() -> None:
    # Not a scrape of a running notify (the e2e tests do that), but its metric set as built:
    # an entry that notify stopped exposing must leave the list.
    registry = CollectorRegistry()
    NotifyMetrics(registry)
    exposed = exposed_names(generate_latest(registry).decode())
    notify_families = {n for n, origin in ALLOWED_ELSEWHERE.items() if origin == "notify"}
    assert len(notify_families) == 4
    for family in notify_families:
        assert any(matches_family(name, {family}) for name in exposed), family


def test_assessment_families_on_the_allow_list_are_what_assessment_exposes() -> None:
    # As for notify: assessment's metric set as built (no notice published, families empty).
    registry = CollectorRegistry()
    PrometheusAssessmentMetrics.of(registry)
    app = Assessment(env=build_env(None), rules=AssessmentPolicy.load())
    try:
        install_ranking_gauges(registry, app)
        exposed = exposed_names(generate_latest(registry).decode())
    finally:
        app.close()
    families = {n for n, origin in ALLOWED_ELSEWHERE.items() if origin == "assessment"}
    assert len(families) == 4
    for family in families:
        assert any(matches_family(name, {family}) for name in exposed), family
