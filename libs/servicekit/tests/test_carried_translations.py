"""Contract events carried over from domain events by name, checked when the table is built."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar
from uuid import UUID, uuid4

import pytest

from contracts.base import EventData
from servicekit.messaging.translation import Carried, Translations, originator_text


class ToyMoved(EventData):
    event_name: ClassVar[str] = "ToyMoved"
    toy_id: str
    county: str
    on: date
    note: str | None = None


@dataclass(frozen=True)
class Moved:
    originator_id: UUID
    county: str
    on: date


@dataclass(frozen=True)
class Renamed:
    originator_id: UUID
    county: str
    moved_on: date


@dataclass(frozen=True)
class Drafted:
    originator_id: UUID


def test_fields_of_the_same_name_are_carried_and_given_ones_computed() -> None:
    event = Moved(uuid4(), "yaodu", date(2026, 3, 2))
    moved = Carried(ToyMoved, toy_id=originator_text, omit=("note",))
    table = Translations({Moved: moved}, internal=(Drafted,))
    assert table(event) == ToyMoved(toy_id=str(event.originator_id), county="yaodu", on=event.on)
    assert table(Drafted(uuid4())) is None
    with pytest.raises(LookupError, match="no contract for domain event Renamed"):
        table(Renamed(uuid4(), "houma", date(2026, 3, 2)))


def test_a_field_the_domain_event_lacks_stops_the_table_from_being_built() -> None:
    with pytest.raises(TypeError, match=r"Renamed → ToyMoved: no attribute for \['note', 'on'\]"):
        Translations({Renamed: Carried(ToyMoved, toy_id=originator_text)})
    # Given a name (a rename) or left to its default, it is accounted for.
    renamed = Carried(ToyMoved, toy_id=originator_text, on=lambda e: e.moved_on, omit=("note",))
    event = Renamed(uuid4(), "houma", date(2026, 4, 1))
    assert Translations({Renamed: renamed})(event).on == date(2026, 4, 1)  # type: ignore[union-attr]


def test_what_the_caller_knows_fills_fields_the_events_do_not_carry() -> None:
    event = Drafted(uuid4())
    carried = Carried(ToyMoved, omit=("note",))
    table = Translations({Drafted: carried}, known=frozenset({"toy_id", "county", "on"}))
    out = table(event, toy_id="t-1", county="jixian", on=date(2026, 5, 6))
    assert out == ToyMoved(toy_id="t-1", county="jixian", on=date(2026, 5, 6))
    with pytest.raises(TypeError, match="no attribute for"):
        Translations({Drafted: carried}, known=frozenset({"toy_id"}))


def test_a_mapping_names_only_fields_the_contract_has_and_omits_only_optional_ones() -> None:
    with pytest.raises(TypeError, match=r"ToyMoved has no fields \['colour'\]"):
        Carried(ToyMoved, colour=lambda e: "red")
    with pytest.raises(TypeError, match=r"ToyMoved\.county is required"):
        Carried(ToyMoved, omit=("county",))
