"""Metric names referenced by PromQL expressions and exposed by a /metrics scrape.

Not a PromQL parser: enough to find the metric names in the expressions kpd's
dashboards and alert rules use (selectors, aggregations, functions, binary
operators, offsets, Grafana variables), checked by its own tests.
"""

from __future__ import annotations

import re

from prometheus_client.parser import text_string_to_metric_families

KEYWORDS = frozenset(
    {
        "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk",
        "quantile", "count_values", "group", "limitk", "limit_ratio",
        "by", "without", "on", "ignoring", "group_left", "group_right",
        "offset", "bool", "and", "or", "unless", "atan2", "inf", "nan",
    }
)  # fmt: skip
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
_MATCHERS = re.compile(r"\{[^{}]*\}")
_RANGES = re.compile(r"\[[^\[\]]*\]")
_LABEL_LISTS = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")
_IDENTIFIER = re.compile(r"(?<![\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?")
_LABEL_VALUES = re.compile(r"label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,")

SUFFIXES_BY_TYPE: dict[str, tuple[str, ...]] = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_sum", "_count", "_created"),
    "summary": ("", "_sum", "_count", "_created"),
    "gaugehistogram": ("_bucket", "_gsum", "_gcount"),
}


def metric_names(expr: str) -> set[str]:
    """The metric names an expression selects (functions and keywords excluded)."""
    text = _STRINGS.sub('""', expr)
    text = _MATCHERS.sub("", text)
    text = _RANGES.sub("", text)
    text = _LABEL_LISTS.sub(r"\1", text)
    names = set()
    for match in _IDENTIFIER.finditer(text):
        name, call = match.group(1), match.group(2)
        if call or name in KEYWORDS:
            continue
        names.add(name)
    return names


def variable_query_names(query: str) -> set[str]:
    """Metric names in a Grafana variable query such as ``label_values(m, label)``."""
    found = set(_LABEL_VALUES.findall(query))
    return found or metric_names(query)


def exposed_names(scrape: str) -> set[str]:
    """Every sample name a scrape can carry, including families with no samples yet."""
    names: set[str] = set()
    for family in text_string_to_metric_families(scrape):
        suffixes = SUFFIXES_BY_TYPE.get(family.type, ("",))
        names.update(family.name + suffix for suffix in suffixes)
        names.update(sample.name for sample in family.samples)
    return names


def matches_family(name: str, families: set[str]) -> bool:
    """True when ``name`` is one of ``families`` or a sample of one (``_bucket`` …)."""
    if name in families:
        return True
    return any(
        name == family + suffix
        for family in families
        for suffixes in SUFFIXES_BY_TYPE.values()
        for suffix in suffixes
    )
