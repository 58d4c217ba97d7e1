"""Assessment test fixtures: an in-memory application and a feeder of contract events."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assessment.application import Assessment
from assessment.policy import AssessmentPolicy
from servicekit.eventstore.environment import build_env
from services.assessment.tests.assessment_feeding import Feeder


@pytest.fixture
def app() -> Iterator[Assessment]:
    application = Assessment(env=build_env(None), rules=AssessmentPolicy.load())
    yield application
    application.close()


@pytest.fixture
def feeder(app: Assessment) -> Feeder:
    return Feeder(app)
