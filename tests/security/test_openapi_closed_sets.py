"""Every service's /openapi.json lists its closed sets: the values and their Chinese
names, from the domain's tables, the policy file and the organisation as it is now."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assessment.main import create_app as assessment_app
from contracts.labels import ROLE_LABELS, STAGE_LABELS
from issues.main import create_app as issues_app
from notify.main import create_app as notify_app
from registry.main import create_app as registry_app
from registry.main import migrate as registry_migrate
from scheduling.main import create_app as scheduling_app
from servicekit.core.settings import ServiceSettings
from servicekit.dev.testing import local_settings, token_for
from servicekit.web.openapi_sets import ClosedSet, apply_closed_sets

Factory = Callable[[ServiceSettings], FastAPI]


def _prop(document: dict[str, Any], key: str) -> dict[str, Any]:
    schema, _, name = key.partition(".")
    found: dict[str, Any] = document["components"]["schemas"][schema]["properties"][name]
    return found


def _enum(document: dict[str, Any], key: str) -> list[str]:
    prop = _prop(document, key)
    for branch in [prop, prop.get("items", {}), *prop.get("anyOf", [])]:
        if "enum" in branch:
            return list(branch["enum"])
        if "enum" in branch.get("items", {}):
            return list(branch["items"]["enum"])
    raise AssertionError(f"{key} has no enum: {prop}")


@pytest.fixture
def document_of(tmp_path: Path) -> Callable[[str, Factory], dict[str, Any]]:
    def served(service: str, factory: Factory) -> dict[str, Any]:
        settings = local_settings(service, tmp_path / service)
        # The store's tables (and for the registry the Linfen organisation).
        importlib.import_module(f"{service}.main").migrate(settings)
        with TestClient(factory(settings)) as client:
            answer = client.get("/openapi.json")
            assert answer.status_code == 200, answer.text
            document: dict[str, Any] = answer.json()
        return document

    return served


@pytest.mark.parametrize(
    ("service", "factory", "key", "expected"),
    [
        ("registry", registry_app, "ProjectOut.stage", list(STAGE_LABELS)),
        ("registry", registry_app, "ProjectIn.sector", ["transport", "power"]),
        ("registry", registry_app, "ProjectIn.county", ["yaodu", "houma"]),
        ("registry", registry_app, "ApprovalIn.step", ["project_code", "construction_permit"]),
        ("issues", issues_app, "RaiseIn.category", ["land", "funding"]),
        ("issues", issues_app, "HistoryEntry.role", list(ROLE_LABELS)),
        ("scheduling", scheduling_app, "MeetingOut.series", ["dispatch", "topical"]),
        ("assessment", assessment_app, "ConsequenceOut.kind", ["reminder", "interview"]),
        ("notify", notify_app, "InboxItem.kind", ["issue_escalated"]),
        ("notify", notify_app, "Problem.allowed_roles", list(ROLE_LABELS)),
    ],
)
def test_the_closed_set_is_in_the_served_document(
    document_of: Callable[[str, Factory], dict[str, Any]],
    service: str,
    factory: Factory,
    key: str,
    expected: list[str],
) -> None:
    document = document_of(service, factory)
    values = _enum(document, key)
    assert set(expected) <= set(values), values
    assert "可选值：" in _prop(document, key)["description"]


def test_the_names_follow_the_organisation(tmp_path: Path) -> None:
    settings = local_settings("registry", tmp_path / "var")
    registry_migrate(settings)
    headers = {"Authorization": f"Bearer {token_for(settings.dev_key_path, 'commander')}"}
    with TestClient(registry_app(settings)) as client:
        before = client.get("/openapi.json").json()
        named = _prop(before, "ProjectIn.county")["x-enumDescriptions"]
        assert named["yaodu"] == "尧都区"
        rename = {
            "change": "renamed", "value": "尧都新区", "effective_on": date.today().isoformat(),
            "reason": "区划调整",
        }  # fmt: skip
        changed = client.post("/v1/org/units/yaodu/changes", json=rename, headers=headers)
        assert changed.status_code == 200, changed.text
        after = client.get("/openapi.json").json()
    assert _prop(after, "ProjectIn.county")["x-enumDescriptions"]["yaodu"] == "尧都新区"


def test_a_set_naming_no_property_is_an_error_not_silence() -> None:
    document = {"components": {"schemas": {"ProjectIn": {"properties": {"county": {}}}}}}
    with pytest.raises(LookupError, match=r"ProjectIn\.country"):
        apply_closed_sets(document, {"ProjectIn.country": ClosedSet.of(["yaodu"])})


def test_a_set_not_learned_yet_leaves_the_field_open() -> None:
    prop: dict[str, Any] = {"type": "string"}
    document = {"components": {"schemas": {"CountyReportIn": {"properties": {"county": prop}}}}}
    apply_closed_sets(document, {"CountyReportIn.county": ClosedSet.of([])})
    assert "enum" not in prop
