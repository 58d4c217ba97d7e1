"""``kpd audit export``: a signed bundle an external auditor verifies offline.

``bundle.tar.gz`` holds ``logs/<service>.jsonl`` (every stored event with its
position, state as stored), ``keys.json`` (every public key seen), and
``manifest.json`` listing each file's SHA-256, signed with Ed25519 in
``manifest.sig``. ``kpd audit verify --bundle`` checks the signature and the
digests, then runs the same verification as on live stores.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from eventsourcing.persistence import ApplicationRecorder
from tqdm import tqdm

from kpd.audit.bundle import BUNDLE_FORMAT, log_line
from servicekit.audit.checkpoint import key_id_of
from servicekit.audit.verify import checkpoints_in, iter_log
from servicekit.core.keys import load_or_create_ed25519_key


def _log_bytes(recorder: ApplicationRecorder, bar: tqdm[Any]) -> tuple[bytes, int, int]:
    lines, last = [], 0
    for notification in iter_log(recorder):
        lines.append(log_line(notification))
        last = notification.id
        bar.update(1)
    return "".join(lines).encode("utf-8"), len(lines), last


def _public_keys(recorders: Mapping[str, ApplicationRecorder]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for service, recorder in recorders.items():
        for kept in (False, True):
            for record in checkpoints_in(recorder, service, kept=kept):
                keys[record.key_id] = record.public_key
    return keys


def _add(archive: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(mtime)
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


def _files(
    recorders: Mapping[str, ApplicationRecorder], show_progress: bool
) -> Iterator[tuple[str, str, bytes, int, int]]:
    total = sum(r.max_notification_id() or 0 for r in recorders.values())
    with tqdm(total=total, desc="导出 export", unit="事件", disable=not show_progress) as bar:
        for service, recorder in recorders.items():
            data, count, last = _log_bytes(recorder, bar)
            yield service, f"logs/{service}.jsonl", data, count, last


def export_bundle(
    recorders: Mapping[str, ApplicationRecorder],
    out: Path,
    key_path: Path,
    *,
    show_progress: bool = False,
) -> dict[str, Any]:
    """Write the bundle; returns its manifest."""
    key = load_or_create_ed25519_key(key_path, create=False)
    public_raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    signer = {"key_id": key_id_of(public_raw), "public_key": base64.b64encode(public_raw).decode()}
    created = datetime.now(UTC)
    contents: dict[str, bytes] = {}
    services: dict[str, Any] = {}
    for service, name, data, count, last in _files(recorders, show_progress):
        contents[name] = data
        services[service] = {
            "file": name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "events": count,
            "last_position": last,
        }
    keys = _public_keys(recorders)
    keys[signer["key_id"]] = signer["public_key"]
    contents["keys.json"] = json.dumps(keys, indent=2, sort_keys=True).encode()
    manifest = {
        "format": BUNDLE_FORMAT,
        "created_at": created.isoformat(),
        "signer": signer,
        "services": services,
        "files": {"keys.json": hashlib.sha256(contents["keys.json"]).hexdigest()},
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    signature = key.sign(manifest_bytes)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(out, "w:gz") as archive:
        _add(archive, "manifest.json", manifest_bytes, created.timestamp())
        _add(archive, "manifest.sig", base64.b64encode(signature), created.timestamp())
        for name, data in contents.items():
            _add(archive, name, data, created.timestamp())
    return manifest
