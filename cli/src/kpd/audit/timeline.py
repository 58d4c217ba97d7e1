"""``kpd audit timeline``: one project, issue, meeting or county across all services.

Aggregate ids differ between services (the issues service keeps a registry
project under a uuid5 of its id), so events are selected by their aggregate id
*or* by a state field naming the subject (``project_id``, ``issue_id``,
``meeting_id``, ``county``, or a list of them). Every later event of a selected
aggregate joins too — an issue's escalation does not repeat its project id.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from eventsourcing.persistence import ApplicationRecorder, Notification

from kpd.audit.stores import event_name, plain
from servicekit.audit.chain import split_state
from servicekit.audit.verify import iter_log
from servicekit.eventstore.mapper import META_KEY

SUBJECT_FIELDS = {"project": "project_id", "issue": "issue_id", "meeting": "meeting_id"}
# A county is also an organisation unit of the registry, registered under its unit id.
ALSO_NAMED_BY = {"county": ("unit_id",)}
HIDDEN_FIELDS = {"timestamp", "originator_topic", "class_version"}
SUMMARY_CHARS = 120
DISPLAY_ZONE = ZoneInfo("Asia/Shanghai")
CSV_COLUMNS = (
    "time",
    "service",
    "position",
    "event",
    "aggregate_id",
    "version",
    "actor",
    "actorrole",
    "actorunit",
    "command",
    "correlationid",
    "summary",
)


@dataclass(frozen=True)
class TimelineEntry:
    time: datetime
    service: str
    position: int
    event: str
    aggregate_id: str
    version: int
    meta: dict[str, Any]
    data: dict[str, Any]

    def row(self) -> dict[str, Any]:
        """The flat record written as JSON Lines or CSV."""
        summary = ", ".join(f"{k}={_text(v)}" for k, v in self.data.items())
        if len(summary) > SUMMARY_CHARS:
            summary = summary[: SUMMARY_CHARS - 1] + "…"
        return {
            "time": self.time.astimezone(DISPLAY_ZONE).isoformat(),
            "service": self.service,
            "position": self.position,
            "event": self.event,
            "aggregate_id": self.aggregate_id,
            "version": self.version,
            **{key: self.meta.get(key) for key in CSV_COLUMNS[6:11]},
            "summary": summary,
        }


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _names(state: Mapping[str, Any], kind: str, wanted: str) -> bool:
    field = SUBJECT_FIELDS.get(kind, kind)
    for key in (field, f"{field}s", f"{kind}_ids", *ALSO_NAMED_BY.get(kind, ())):
        value = state.get(key)
        if value == wanted or (isinstance(value, list) and wanted in value):
            return True
    return False


def _decoded(notification: Notification) -> dict[str, Any]:
    state, _ = split_state(notification.state)
    decoded: dict[str, Any] = plain(state)
    return decoded


def _selected_aggregates(recorder: ApplicationRecorder, kind: str, wanted: str) -> set[str]:
    chosen: set[str] = set()
    for notification in iter_log(recorder):
        originator = str(notification.originator_id)
        if originator in chosen:
            continue
        if originator == wanted or _names(_decoded(notification), kind, wanted):
            chosen.add(originator)
    return chosen


def collect_timeline(
    recorders: Mapping[str, ApplicationRecorder], kind: str, wanted: str
) -> list[TimelineEntry]:
    """Every matching event of every service, in time order (ties: service, position)."""
    entries = []
    for service, recorder in recorders.items():
        chosen = _selected_aggregates(recorder, kind, wanted)
        for notification in iter_log(recorder):
            if str(notification.originator_id) not in chosen:
                continue
            state = _decoded(notification)
            meta = state.pop(META_KEY, None) or {}
            entries.append(
                TimelineEntry(
                    time=datetime.fromisoformat(str(state.get("timestamp"))),
                    service=service,
                    position=notification.id,
                    event=event_name(notification.topic),
                    aggregate_id=str(notification.originator_id),
                    version=notification.originator_version,
                    meta=meta,
                    data={k: v for k, v in state.items() if k not in HIDDEN_FIELDS},
                )
            )
    order = {service: index for index, service in enumerate(recorders)}
    return sorted(entries, key=lambda e: (e.time, order[e.service], e.position))


def write_timeline(entries: Iterable[TimelineEntry], fmt: str, out: TextIO) -> int:
    """Write in ``text``, ``jsonl`` or ``csv``; returns how many entries were written."""
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
    for entry in entries:
        row = entry.row()
        count += 1
        if fmt == "jsonl":
            out.write(json.dumps({**row, "data": entry.data}, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            writer.writerow(row)
        else:
            who = "/".join(str(row[k]) for k in ("actor", "actorrole", "actorunit") if row[k])
            out.write(
                f"{row['time'][:19]}  {row['service']:<10} {row['event']:<28} {who:<32} "
                f"{row['summary']}\n"
            )
    return count
