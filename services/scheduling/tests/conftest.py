"""Fixtures for the scheduling tests: the organisation and other services' events, fed in.

The scheduling service learns everything from events; these fixtures feed the same
contract payloads the registry, issues and assessment services publish.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from eventsourcing.persistence import Tracking

from contracts.base import EventData
from contracts.envelope import build_event
from contracts.registry import OrgUnitRegistered
from contracts.subjects import STREAMS
from scheduling.application import Scheduling
from scheduling.policies import handlers
from servicekit.eventstore.environment import build_env
from servicekit.messaging.consumer import Incoming

COUNTIES = [
    ("yaodu", "尧都区"),
    ("houma", "侯马市"),
    ("huozhou", "霍州市"),
    ("quwo", "曲沃县"),
    ("yicheng", "翼城县"),
    ("xiangfen", "襄汾县"),
    ("hongtong", "洪洞县"),
    ("guxian", "古县"),
    ("anze", "安泽县"),
    ("fushan", "浮山县"),
    ("jixian", "吉县"),
    ("xiangning", "乡宁县"),
    ("daning", "大宁县"),
    ("xixian", "隰县"),
    ("yonghe", "永和县"),
    ("puxian", "蒲县"),
    ("fenxi", "汾西县"),
    ("devzone", "临汾经济开发区"),
]
SUBCOMMANDS = [
    ("municipal_manufacturing_power", "市政、制造业、电力项目分指挥部", "王渊"),
    ("political_legal", "政法项目分指挥部", "张希亮"),
    ("culture_tourism_tech", "文旅和科技项目分指挥部", "王云"),
    ("investment_transport", "招商引资和交通项目分指挥部", "胡晓刚"),
    ("ecology_education_agri_water", "生态、教育、农业农村、水利项目分指挥部", "乔飞鸿"),
    ("livelihood", "民生项目分指挥部", "李艳萍"),
]
# The registry dates its seed by the day it loaded it (later than 2025).
SEEDED_ON = date(2026, 11, 25)


def org_events() -> list[EventData]:
    """The organisation as the registry publishes it (kinds, names, commander attributes)."""
    hq = OrgUnitRegistered(
        unit_id="hq",
        kind="headquarters",
        name="临汾市重点工程项目总指挥部",
        attributes={
            "commander": "王延峰(市委副书记、市长)",
            "executive_deputy_commanders": ["王渊(市委常委、常务副市长)", "李艳萍(副市长)"],
        },
        effective_on=SEEDED_ON,
    )
    events: list[EventData] = [hq]
    events += [
        OrgUnitRegistered(
            unit_id=unit_id,
            kind="subcommand",
            name=name,
            attributes={"commander": commander},
            effective_on=SEEDED_ON,
        )
        for unit_id, name, commander in SUBCOMMANDS
    ]
    events += [
        OrgUnitRegistered(unit_id=unit_id, kind="county", name=name, effective_on=SEEDED_ON)
        for unit_id, name in COUNTIES
    ]
    events.append(
        OrgUnitRegistered(
            unit_id="natural_resources",
            kind="department",
            name="市规划和自然资源局",
            effective_on=SEEDED_ON,
        )
    )
    return events


Feed = Callable[[EventData], None]
_sequence = itertools.count(1)


def feeder(app: Scheduling, at: datetime | None = None) -> Feed:
    """Deliver contract payloads to the app's handlers as the consumer runner would."""
    table = handlers(app)

    def feed(payload: EventData) -> None:
        stream = STREAMS[payload.producer]
        number = next(_sequence)
        event = build_event(
            payload,
            event_id=f"00000000-0000-4000-8000-{number:012d}",
            subject="test",
            time=at or datetime(2025, 6, 3, 2, tzinfo=UTC),
            meta={},
            sequence=number,
            aggregate_version=1,
        )
        tracking = Tracking(stream, app.position(stream) + 1)
        table[payload.producer][payload.type_name()](Incoming(event, payload, tracking))

    return feed


@pytest.fixture
def app() -> Scheduling:
    """An in-memory scheduling app that has learned the organisation."""
    scheduling = Scheduling(env=build_env(None))
    feed = feeder(scheduling)
    for payload in org_events():
        feed(payload)
    return scheduling


@pytest.fixture
def feed(app: Scheduling) -> Feed:
    """Deliver another service's event to the ``app`` fixture."""
    return feeder(app)


@pytest.fixture
def make_feeder() -> Callable[[Scheduling], Feed]:
    """Build a feeder for an app created by the test (e.g. a TestClient's runtime app)."""

    def make(target: Scheduling) -> Feed:
        feed = feeder(target)
        for payload in org_events():
            feed(payload)
        return feed

    return make
