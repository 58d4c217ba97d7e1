"""An in-memory notify service that knows yaodu, natural resources, the office and a project."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from notify.application import Notify
from notify.domain import Notification
from servicekit.core.clock import FixedClock
from servicekit.core.context import SYSTEM, CommandContext
from servicekit.eventstore.environment import build_env

PROJECT = "p-yaodu-001"
OFFICE_SEED = {"contact": "phone:2099822;email:lfsxmtjzx@163.com"}


def acting(role: str, unit: str | None = None) -> CommandContext:
    return replace(SYSTEM, actor=f"test-{role}", actorrole=role, actorunit=unit)


def new_app() -> Notify:
    app = Notify(env=build_env(None), clock=FixedClock(datetime(2025, 10, 14, 1, tzinfo=UTC)))
    app.save(*app.learn_unit("yaodu", "county", "尧都区", {}))
    app.save(*app.learn_unit("natural_resources", "department", "市自然资源局", {}))
    app.save(*app.learn_unit("office", "office", "总指挥部办公室", OFFICE_SEED))
    app.save(*app.learn_project(PROJECT, "临汾市尧都区综合管廊工程", "yaodu"))
    return app


def raise_issue(
    app: Notify, issue_id: str = "i-1", deadline: date = date(2025, 10, 16)
) -> list[Notification]:
    made = app.issue_raised(
        issue_id,
        title="项目用地手续未批",
        level="county",
        assignee="yaodu",
        deadline=deadline,
        project_id=PROJECT,
        county="yaodu",
    )
    app.save(*made)
    return [n for n in made if isinstance(n, Notification)]
