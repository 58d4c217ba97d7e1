"""The year's key project list: the office drafts, HQ confirms, then only events change it."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from registry.domain.errors import ConflictingCommandError

KEY_LIST_NAMESPACE = uuid.UUID("2d6b8f0e-7c1a-4f7e-8a55-0c3e9b1d4f22")


class KeyList(Aggregate):
    """One year's list; its id follows from the year."""

    @staticmethod
    def create_id(year: int, **_: Any) -> uuid.UUID:
        return uuid.uuid5(KEY_LIST_NAMESPACE, f"key-list:{year}")

    class Drafted(Aggregate.Created):
        year: int
        project_ids: list[str]
        on: date

    class Redrafted(Aggregate.Event):
        project_ids: list[str]
        on: date

    class Confirmed(Aggregate.Event):
        year: int
        project_ids: list[str]
        on: date

    class Changed(Aggregate.Event):
        year: int
        project_id: str
        change: str
        reason: str
        on: date

    @event(Drafted)
    def __init__(self, year: int, project_ids: list[str], on: date) -> None:
        self.year = year
        self.project_ids = list(project_ids)
        self.status = "draft"
        self.drafted_on = on
        self.confirmed_on: date | None = None

    def redraft(self, project_ids: list[str], on: date) -> None:
        """Replace the draft; refused once HQ confirmed the list."""
        self._require_status("draft", "名单已确认,只能逐项增减 / list confirmed; add or remove")
        self._redrafted(project_ids, on)

    @event(Redrafted)
    def _redrafted(self, project_ids: list[str], on: date) -> None:
        self.project_ids = list(project_ids)
        self.drafted_on = on

    def confirm(self, on: date) -> None:
        """HQ confirms the draft: from now on it is the list that counts."""
        self._require_status("draft", "名单已确认 / list already confirmed")
        if on < self.drafted_on:
            raise ConflictingCommandError("确认日期早于拟定日期 / confirmed before drafted")
        self._confirmed(self.year, list(self.project_ids), on)

    @event(Confirmed)
    def _confirmed(self, year: int, project_ids: list[str], on: date) -> None:
        self.status = "confirmed"
        self.confirmed_on = on

    def change(self, project_id: str, change: str, reason: str, on: date) -> None:
        """Add a project to, or remove it from, the confirmed list, with a reason."""
        self._require_status("confirmed", "名单尚未确认,请修改草案 / list not confirmed yet")
        if change == "added" and project_id in self.project_ids:
            raise ConflictingCommandError("项目已在名单中 / project already on the list")
        if change == "removed" and project_id not in self.project_ids:
            raise ConflictingCommandError("项目不在名单中 / project not on the list")
        self._changed(self.year, project_id, change, reason, on)

    @event(Changed)
    def _changed(self, year: int, project_id: str, change: str, reason: str, on: date) -> None:
        if change == "added":
            self.project_ids.append(project_id)
        else:
            self.project_ids.remove(project_id)

    def _require_status(self, status: str, message: str) -> None:
        if self.status != status:
            raise ConflictingCommandError(message)
