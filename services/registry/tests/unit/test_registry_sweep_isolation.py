"""The registry's sweep with bad data in the store: a project of the year 999 stored
before dates were bounded is swept without crashing, and a project whose handling
fails is skipped, reported and counted while every other project is swept."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from registry.application import Registry
from registry.domain import Project
from servicekit.core.context import SYSTEM
from servicekit.policy import DateRange
from services.registry.tests.unit.conftest import RegisterProject


def test_a_year_999_project_from_before_the_bounds_is_swept(
    registry: Registry, register: RegisterProject
) -> None:
    bounded = registry.dates
    registry.dates = DateRange(earliest=date(1, 1, 1), latest=date(9999, 12, 31))
    try:
        old = register(planned_start=date(999, 1, 1), name="旧数据项目")
    finally:
        registry.dates = bounded
    current = register()
    report = registry.sweep(SYSTEM, date(2026, 6, 30))
    assert report.failed == []
    assert report.projects_checked == 2
    assert registry.get_project(old.id).warnings  # "999-01" no longer breaks month arithmetic
    assert registry.get_project(current.id).warnings


def test_a_project_that_fails_is_skipped_and_the_rest_are_swept(
    registry: Registry, register: RegisterProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken, fine = register(name="出错的项目"), register(name="正常的项目")
    counted: list[str] = []
    registry.failure_listeners.append(counted.append)
    evaluate = registry.evaluate_warning

    def evaluate_or_fail(project: Project, month: str) -> Any:
        if project.id == broken.id:
            raise ValueError("corrupt history")
        return evaluate(project, month)

    monkeypatch.setattr(registry, "evaluate_warning", evaluate_or_fail)
    report = registry.sweep(SYSTEM, date(2026, 6, 30))
    assert report.failed == [{"id": str(broken.id), "error": "ValueError: corrupt history"}]
    assert counted == ["registry-sweep"]
    assert registry.get_project(fine.id).warnings
    assert not registry.get_project(broken.id).warnings
    assert "1 skipped" in report.summary()
