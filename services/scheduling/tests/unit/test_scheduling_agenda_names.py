"""Agenda text names units as people know them: the organisation's name on the day."""

from __future__ import annotations

from datetime import date

from scheduling.agenda import unit_names
from scheduling.domain import Organisation


def test_units_by_their_name_on_the_day_levels_by_their_label_else_the_id() -> None:
    org = Organisation()
    org.learn("yaodu", "county", "尧都区", {}, date(2025, 1, 1))
    org.change("yaodu", "renamed", "尧都新区", date(2025, 7, 1))
    before, after = unit_names(org, date(2025, 6, 30)), unit_names(org, date(2025, 7, 1))
    assert (before("yaodu"), after("yaodu")) == ("尧都区", "尧都新区")
    assert before("city_leadership") == "市领导"
    assert before("no_such_unit") == "no_such_unit"
    assert before(None) == "未指定"
