"""Assessment: the monthly county ranking for a province-scale year.

The year's facts (counties, 5,000 projects, their starts and 12 monthly
reports each) are kept as ``SourceFact`` events in a store, as the assessment
service keeps what it consumes. Rebuild = read that log and fold every fact;
query = rank the counties for December. Measured only when the assessment
service exposes its ranking (``assessment.domain.ranking.rank_counties``).
"""

from __future__ import annotations

import importlib.resources
import json
import time
from collections.abc import Iterator
from typing import Any

import yaml

from bench.audit import decoded_read_rate
from bench.config import Sizes
from bench.loader import BenchApplication, open_app
from bench.report import Figure, rerun_command
from bench.stats import percentile
from bench.stores import bench_store
from servicekit.audit.verify import iter_log

QUERY_TARGET_MS = 100.0
STREAM = "KPD_REGISTRY"


def counties() -> list[tuple[str, str]]:
    text = (importlib.resources.files("registry.data") / "linfen-org.yaml").read_text("utf-8")
    return [(c["id"], c["name"]) for c in yaml.safe_load(text)["counties"]]


def year_of_facts(projects: int, months: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """(event type, JSON-mode payload) for one year, in the order the registry would emit them."""
    units = counties()
    for unit_id, name in units:
        yield "OrgUnitRegistered", {"unit_id": unit_id, "kind": "county", "name": name}
    for index in range(projects):
        county = units[index % len(units)][0]
        start_month = 1 + index % 9
        yield (
            "ProjectRegistered",
            {
                "project_id": f"p{index}",
                "name": f"基准项目{index}",
                "county": county,
                "subcommand": "investment_transport",
                "year": 2026,
                "annual_planned_investment": "1200.0000",
                "planned_start": f"2026-{start_month:02d}-01",
                "planned_completion": "2027-12-31",
                "is_new": True,
            },
        )
        if index % 5:  # four in five have started
            on = f"2026-{start_month:02d}-15"
            yield "ProjectStageChanged", {"project_id": f"p{index}", "stage": "started", "on": on}
    for month in range(1, months + 1):
        for index in range(projects):
            yield (
                "ProgressReported",
                {
                    "project_id": f"p{index}",
                    "month": f"2026-{month:02d}",
                    "investment_completed": f"{80 + index % 40}.0000",
                },
            )


def measure(backends: list[str], sizes: Sizes, quick: bool) -> list[Figure]:
    rerun = rerun_command("assessment", quick=quick, backend=backends[0])
    try:
        from assessment.application.rules import ranking_rules
        from assessment.domain.aggregates import SourceFact
        from assessment.domain.facts import Facts
        from assessment.domain.ranking import rank_counties
        from assessment.policy import AssessmentPolicy

    except ImportError as exc:
        return [
            Figure(
                key="assessment.ranking",
                label="考核排名 (全省规模一年)",
                value=None,
                unit="",
                rerun=rerun,
                note=f"not yet measurable / 尚不可测: {exc}",
            )
        ]
    rules = ranking_rules(AssessmentPolicy.load())
    month = f"2026-{sizes.assessment_months:02d}"
    with bench_store(backends[0]) as settings:
        app = open_app(BenchApplication, settings)
        try:
            facts_in = list(year_of_facts(sizes.assessment_projects, sizes.assessment_months))
            kept = [
                SourceFact(stream=STREAM, seq=seq, event_type=kind, data=data)
                for seq, (kind, data) in enumerate(facts_in, 1)
            ]
            for first in range(0, len(kept), 1000):
                app.save(*kept[first : first + 1000])
            started = time.perf_counter()
            facts = Facts()
            for notification in iter_log(app.recorder):
                state = json.loads(notification.state)
                facts.apply(state["stream"], state["seq"], state["event_type"], state["data"])
            rebuild_s = time.perf_counter() - started
            _, read_s = decoded_read_rate(app)
        finally:
            app.close()
    queries = []
    for _ in range(7):
        started = time.perf_counter()
        ranking = rank_counties(facts, month, rules)
        queries.append(time.perf_counter() - started)
    query_ms = percentile(queries, 50) * 1000
    details = {
        "projects": sizes.assessment_projects,
        "facts": len(facts_in),
        "counties_ranked": len(ranking.rows),
        "query_max_ms": max(queries) * 1000,
        "store": backends[0],
    }
    scale = f"{sizes.assessment_projects:,}项目/{len(facts_in):,}事实"
    return [
        Figure(
            key="assessment.rebuild_s",
            label=f"考核事实重建 {scale} [{backends[0]}]",
            value=rebuild_s,
            unit="秒",
            rerun=rerun,
            baseline=read_s,
            baseline_label="仅读取并解码同一日志",
            details=details,
        ),
        Figure(
            key="assessment.ranking_query_ms",
            label=f"县区排名查询 {month} {scale}",
            value=query_ms,
            unit="ms",
            rerun=rerun,
            target=f"≤ {QUERY_TARGET_MS:g} ms",
            target_met=query_ms <= QUERY_TARGET_MS,
            details=details,
        ),
    ]
