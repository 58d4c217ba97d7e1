"""Assessment test fixtures: an in-memory application and a feeder of contract events."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assessment.application import Assessment
from servicekit.eventstore.environment import build_env
from servicekit.policy import load_policy
from services.assessment.tests.assessment_feeding import Feeder


@pytest.fixture
def app() -> Iterator[Assessment]:
    application = Assessment(env=build_env(None), policy=load_policy().assessment)
    yield application
    application.close()


@pytest.fixture
def feeder(app: Assessment) -> Feeder:
    return Feeder(app)
