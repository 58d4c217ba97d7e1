"""A toy three-service history in real SQLite stores, shared by the ``kpd audit`` tests.

Registry, issues and scheduling stores hold a project, an issue about it (and
the issues service's own copy of the project), and a meeting on both, each step
by a named actor; every service signs a checkpoint and keeps the others'.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from eventsourcing.domain import Aggregate, event

from servicekit.audit.checkpoint import CheckpointRecord, CheckpointSigner, KeptCheckpoint
from servicekit.core.context import CommandContext, acting_as
from servicekit.dev.testing import local_settings
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.store import KpdApplication, create_store_tables
from servicekit.runtime.audit_worker import CheckpointWorker

PROJECT_NAMESPACE = uuid.UUID("6a1d1c1e-0000-4000-8000-000000000001")


class Project(Aggregate):
    class Registered(Aggregate.Created):
        project_id: str
        name: str
        county: str
        investment: Decimal

    @event(Registered)
    def __init__(self, project_id: str, name: str, county: str, investment: Decimal) -> None:
        self.project_id = project_id
        self.name = name
        self.county = county
        self.investment = investment
        self.percent = 0

    @event("Progressed")
    def progress(self, percent: int, note: str) -> None:
        self.percent = percent


class KnownProject(Aggregate):
    @staticmethod
    def create_id(project_id: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(PROJECT_NAMESPACE, project_id)

    class Learned(Aggregate.Created):
        project_id: str
        county: str

    @event(Learned)
    def __init__(self, project_id: str, county: str) -> None:
        self.project_id = project_id
        self.county = county


class Issue(Aggregate):
    @event("Raised")
    def __init__(self, issue_id: str, project_id: str, title: str) -> None:
        self.issue_id = issue_id
        self.project_id = project_id
        self.title = title
        self.level = "county"

    @event("Escalated")
    def escalate(self, level: str) -> None:
        self.level = level


class Meeting(Aggregate):
    @event("Scheduled")
    def __init__(self, meeting_id: str, project_ids: list[str], issue_ids: list[str]) -> None:
        self.meeting_id = meeting_id
        self.project_ids = project_ids
        self.issue_ids = issue_ids


class RegistryApp(KpdApplication):
    name = "registry"


class IssuesApp(KpdApplication):
    name = "issues"


class SchedulingApp(KpdApplication):
    name = "scheduling"


APPS: dict[str, type[KpdApplication]] = {
    "registry": RegistryApp,
    "issues": IssuesApp,
    "scheduling": SchedulingApp,
}


@dataclass(frozen=True)
class ToySuite:
    var_dir: Path
    key_path: Path
    key_id: str
    project_id: str
    project_uuid: str
    issue_id: str
    meeting_id: str

    def store(self, service: str) -> Path:
        return self.var_dir / f"{service}-events.sqlite"


def actor(user: str, role: str, unit: str | None) -> CommandContext:
    return CommandContext(user, role, unit, uuid.uuid4().hex, None, "toy")


def build_toy_suite(var_dir: Path) -> ToySuite:
    """Write the toy history; every app is closed again (the CLI opens the files itself)."""
    apps = {}
    for service, app_class in APPS.items():
        create_store_tables(local_settings(service, var_dir), app_class)
        apps[service] = app_class(env=build_env(local_settings(service, var_dir)))
    project = Project("P-2024-001", "汾河大桥", "yaodu", Decimal("12.5000"))
    with acting_as(actor("wang.li", "county", "yaodu")):
        apps["registry"].save(project)
        apps["issues"].save(KnownProject(project_id=project.project_id, county="yaodu"))
    issue = Issue("I-7", project.project_id, "征地拆迁滞后")
    with acting_as(actor("zhao.min", "project", "P-2024-001")):
        apps["issues"].save(issue)
        project.progress(35, "主墩完成")
        apps["registry"].save(project)
    with acting_as(actor("li.hua", "subcommand", "sc-traffic")):
        apps["scheduling"].save(Meeting("M-3", [project.project_id], ["I-7"]))
        issue.escalate("city")
        apps["issues"].save(issue)
    # One key for the toys (the services each have their own), where the registry's
    # lies: the default signing key of ``kpd audit export``.
    signer = CheckpointSigner(signer_path(var_dir))
    signed = {
        service: CheckpointWorker(app, service, signer, every_events=1, interval_s=1).sign_if_due()
        for service, app in apps.items()
    }
    for holder, app in apps.items():
        for service, checkpoint in signed.items():
            if service != holder and checkpoint is not None:
                fields = ("service", "position", "root", "key_id", "public_key", "signature")
                data = {f: getattr(checkpoint, f) for f in fields}
                record = CheckpointRecord.from_state(data, held_by=holder)
                app.save(KeptCheckpoint(**data, **signer.countersign(holder, record)))
    for app in apps.values():
        app.close()
    return ToySuite(
        var_dir=var_dir,
        key_path=signer_path(var_dir),
        key_id=signer.key_id,
        project_id=project.project_id,
        project_uuid=str(project.id),
        issue_id="I-7",
        meeting_id="M-3",
    )


def signer_path(var_dir: Path) -> Path:
    return local_settings("registry", var_dir).checkpoint_key_path


def test_the_toy_suite_has_a_checkpoint_per_service_kept_by_the_others(tmp_path: Path) -> None:
    from kpd.audit.stores import opened_stores
    from servicekit.audit.verify import checkpoints_in

    suite = build_toy_suite(tmp_path)
    with opened_stores(list(APPS), tmp_path, "") as recorders:
        for holder, recorder in recorders.items():
            kept = {c.service for c in checkpoints_in(recorder, holder, kept=True)}
            assert kept == set(APPS) - {holder}
    assert suite.store("registry").is_file()
