"""What the notify service learns from other services: units, their contacts, open issues.

Units come from the registry's organisation events (a seed contact e-mail
included); a unit's own contact and preferences (e-mail, IM robot, morning
digest) are set here by the office. Issues are watched so that the sweep can
tell a unit that a deadline is near, counted in statutory working days.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

UNIT_NAMESPACE = uuid.UUID("0d7f3e58-3a1b-4d55-8a3e-1c2b6f3f9a21")
CONTACT_NAMESPACE = uuid.UUID("a2b6c0e4-5f1d-4e7a-9c3b-7d8e9f0a1b2c")
ISSUE_NAMESPACE = uuid.UUID("c4d5e6f7-0812-4a3b-9c4d-5e6f70819a2b")
PROJECT_NAMESPACE = uuid.UUID("5b9e1f0a-7c3d-4e2b-8a6f-9d0c1b2a3e4f")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def email_in(attributes: dict[str, Any]) -> str | None:
    """The first e-mail address in a unit's seed attributes (``contact: {email: …}``)."""
    for value in attributes.values():
        for text in value if isinstance(value, list) else [value]:
            found = _EMAIL.search(str(text))
            if found:
                return found.group(0)
    return None


class KnownUnit(Aggregate):
    """A unit of the organisation as the registry announced it."""

    @staticmethod
    def create_id(unit_id: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(UNIT_NAMESPACE, unit_id)

    class Learned(Aggregate.Created):
        unit_id: str
        kind: str
        name: str
        email: str | None

    @event(Learned)
    def __init__(self, unit_id: str, kind: str, name: str, email: str | None) -> None:
        self.unit_id = unit_id
        self.kind = kind
        self.name = name
        self.email = email

    class Renamed(Aggregate.Event):
        name: str

    @event(Renamed)
    def rename(self, name: str) -> None:
        self.name = name


class Contact(Aggregate):
    """How a unit wants to be told: its mailbox, its group robot, a digest or each item."""

    @staticmethod
    def create_id(unit_id: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(CONTACT_NAMESPACE, unit_id)

    class Set(Aggregate.Created):
        unit_id: str
        email: str | None
        webhook_url: str | None
        webhook_kind: str
        digest: bool

    @event(Set)
    def __init__(
        self,
        unit_id: str,
        email: str | None,
        webhook_url: str | None,
        webhook_kind: str,
        digest: bool,
    ) -> None:
        self.unit_id = unit_id
        self._apply(email, webhook_url, webhook_kind, digest)

    class Changed(Aggregate.Event):
        email: str | None
        webhook_url: str | None
        webhook_kind: str
        digest: bool

    @event(Changed)
    def change(
        self, email: str | None, webhook_url: str | None, webhook_kind: str, digest: bool
    ) -> None:
        self._apply(email, webhook_url, webhook_kind, digest)

    def _apply(
        self, email: str | None, webhook_url: str | None, webhook_kind: str, digest: bool
    ) -> None:
        self.email = email
        self.webhook_url = webhook_url
        self.webhook_kind = webhook_kind
        self.digest = digest

    def same_as(
        self, email: str | None, webhook_url: str | None, webhook_kind: str, digest: bool
    ) -> bool:
        return (self.email, self.webhook_url, self.webhook_kind, self.digest) == (
            email,
            webhook_url,
            webhook_kind,
            digest,
        )


class KnownProject(Aggregate):
    """A registered project's name, for the messages that mention it."""

    @staticmethod
    def create_id(project_id: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(PROJECT_NAMESPACE, project_id)

    class Learned(Aggregate.Created):
        project_id: str
        name: str
        county: str

    @event(Learned)
    def __init__(self, project_id: str, name: str, county: str) -> None:
        self.project_id = project_id
        self.name = name
        self.county = county


class WatchedIssue(Aggregate):
    """An issue of the problem list: who answers for it now, and by when."""

    @staticmethod
    def create_id(issue_id: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(ISSUE_NAMESPACE, issue_id)

    class Seen(Aggregate.Created):
        issue_id: str
        title: str
        level: str
        assignee: str
        deadline: date
        project_id: str | None
        county: str | None

    @event(Seen)
    def __init__(
        self,
        issue_id: str,
        title: str,
        level: str,
        assignee: str,
        deadline: date,
        project_id: str | None,
        county: str | None,
    ) -> None:
        self.issue_id = issue_id
        self.title = title
        self.level = level
        self.assignee = assignee
        self.deadline = deadline
        self.project_id = project_id
        self.county = county
        self.open = True

    class Moved(Aggregate.Event):
        level: str
        assignee: str
        deadline: date

    class Extended(Aggregate.Event):
        deadline: date

    class Finished(Aggregate.Event):
        pass

    @event(Moved)
    def move(self, level: str, assignee: str, deadline: date) -> None:
        self.level, self.assignee, self.deadline, self.open = level, assignee, deadline, True

    @event(Extended)
    def extend(self, deadline: date) -> None:
        self.deadline = deadline

    @event(Finished)
    def finish(self) -> None:
        self.open = False
