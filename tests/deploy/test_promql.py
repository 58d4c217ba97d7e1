"""The metric-name extraction behind the dashboard and alert checks."""

from __future__ import annotations

from tests.deploy.promql import exposed_names, matches_family, metric_names, variable_query_names

SCRAPE = """\
# HELP kpd_http_requests_total HTTP requests
# TYPE kpd_http_requests_total counter
kpd_http_requests_total{service="registry",status="200"} 3.0
# HELP kpd_relay_batch_seconds batch time
# TYPE kpd_relay_batch_seconds histogram
# HELP kpd_relay_lag_events lag
# TYPE kpd_relay_lag_events gauge
"""


def test_names_exclude_functions_keywords_labels_and_durations() -> None:
    expr = (
        'sum by (service, le) (rate(kpd_a_total{status=~"5..", x="up"}[$__rate_interval]))'
        " / ignoring(status) group_left max without (route) (kpd_b offset 1d)"
        " or vector(0) > bool 2 unless on(app) up"
    )
    assert metric_names(expr) == {"kpd_a_total", "kpd_b", "up"}


def test_variable_queries_name_their_metric() -> None:
    assert variable_query_names("label_values(kpd_relay_lag_events, service)") == {
        "kpd_relay_lag_events"
    }


def test_exposed_names_include_families_without_samples() -> None:
    names = exposed_names(SCRAPE)
    assert {
        "kpd_http_requests_total",
        "kpd_relay_batch_seconds_bucket",
        "kpd_relay_lag_events",
    } <= names
    assert "kpd_relay_lag_events_total" not in names
    assert "kpd_missing" not in names


def test_family_matching_accepts_samples_of_a_family_only() -> None:
    families = {"kpd_issues_sweep_duration_seconds", "kpd_notices_published"}
    assert matches_family("kpd_issues_sweep_duration_seconds_bucket", families)
    assert matches_family("kpd_notices_published_total", families)
    assert not matches_family("kpd_issues_sweep", families)
