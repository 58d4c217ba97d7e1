"""Opening the services' event stores without their domain classes.

The auditor's tool reads stores directly (the services may be stopped): a bare
``KpdApplication`` named after the service gives the same recorder the service
uses — SQLite ``var/<service>-events.sqlite`` or PostgreSQL ``<service>_events``
in schema ``<service>``. Nothing here writes to a store.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, Notification
from eventsourcing.popo import POPOApplicationRecorder
from tqdm import tqdm

from contracts.subjects import PRODUCERS
from servicekit.core.settings import ServiceSettings
from servicekit.eventstore.environment import store_environment
from servicekit.eventstore.store import KpdApplication

# Every producer keeps a store and signs checkpoints of it (contracts.subjects).
SERVICES: tuple[str, ...] = PRODUCERS


class StoreUnavailableError(Exception):
    """A store that cannot be opened or read (usage or I/O problem, exit code 2)."""


def service_settings(
    service: str, var_dir: Path | None, database_url: str | None
) -> ServiceSettings:
    """``ServiceSettings`` from ``KPD_*``, with the command line's overrides."""
    overrides: dict[str, Any] = {"service": service}
    if var_dir is not None:
        overrides["var_dir"] = var_dir
    if database_url is not None:
        overrides["database_url"] = database_url
    return ServiceSettings.model_validate(overrides)


def open_store(
    settings: ServiceSettings, app_class: type[KpdApplication] | None = None
) -> KpdApplication:
    """A handle on one service's store that never creates a file or a table.

    Without ``app_class`` a bare application named after the service is enough
    to read the log; replaying aggregates needs the service's own class.
    """
    if not settings.uses_postgres and not settings.event_store_path.is_file():
        raise StoreUnavailableError(f"事件库不存在 / no event store: {settings.event_store_path}")
    store_class = app_class or type(
        f"AuditStore_{settings.service}", (KpdApplication,), {"name": settings.service}
    )
    try:
        app: KpdApplication = store_class(env=store_environment(settings))
    except Exception as exc:  # the driver's own errors: bad URL, refused connection …
        raise StoreUnavailableError(f"{settings.service}: 无法打开事件库 / {exc}") from exc
    return app


@contextmanager
def opened_stores(
    services: Sequence[str], var_dir: Path | None, database_url: str | None
) -> Iterator[dict[str, ApplicationRecorder]]:
    """Recorders of the named services, closed afterwards."""
    apps: dict[str, KpdApplication] = {}
    try:
        for service in services:
            apps[service] = open_store(service_settings(service, var_dir, database_url))
        yield {service: app.recorder for service, app in apps.items()}
    finally:
        for app in apps.values():
            app.close()


class MemoryLogRecorder(POPOApplicationRecorder):
    """A recorder over given notifications that keeps their positions (gaps included).

    Used to verify a log read from an export bundle with the very code that
    verifies a live store.
    """

    def __init__(self, notifications: Iterable[Notification]) -> None:
        super().__init__()
        self._log = sorted(notifications, key=lambda n: n.id)
        self._ids = [n.id for n in self._log]

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        first = start or 0
        side = bisect.bisect_left if inclusive_of_start else bisect.bisect_right
        results: list[Notification] = []
        for notification in self._log[side(self._ids, first) :]:
            if stop is not None and notification.id > stop:
                break
            if topics and notification.topic not in topics:
                continue
            results.append(notification)
            if len(results) == limit:
                break
        return results

    def max_notification_id(self) -> int | None:
        return self._ids[-1] if self._ids else None


def plain(value: Any) -> Any:
    """A stored state value without the transcoder's ``{"_type_", "_data_"}`` wrappers."""
    if isinstance(value, dict):
        if set(value) == {"_type_", "_data_"}:
            return plain(value["_data_"])
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def advancing(bar: tqdm[Any]) -> Callable[[int], None]:
    """A progress callback that moves a tqdm bar (tqdm's ``update`` returns a value)."""

    def advance(count: int) -> None:
        bar.update(count)

    return advance


def event_name(topic: str) -> str:
    """The class part of a topic: ``registry.domain:Project.Moved`` → ``Project.Moved``."""
    return topic.rpartition(":")[2]
