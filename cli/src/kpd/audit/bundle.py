"""The export bundle's format, and reading one back without trusting it.

A bundle is opened in memory (nothing is extracted to disk), only the expected
member names are read, and every check is reported as a problem rather than
raised, so an auditor sees everything wrong with a bundle at once.
"""

from __future__ import annotations

import base64
import hashlib
import json
import tarfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.persistence import Notification

from servicekit.audit.checkpoint import key_id_of

BUNDLE_FORMAT = "kpd-audit-bundle/1"
MAX_MEMBER_BYTES = 4 * 1024**3


class BundleError(Exception):
    """The file is not a readable bundle at all (exit code 2)."""


def log_line(notification: Notification) -> str:
    """One stored event as a JSON line; the state kept as text when it is UTF-8."""
    record: dict[str, Any] = {
        "position": notification.id,
        "originator_id": str(notification.originator_id),
        "originator_version": notification.originator_version,
        "topic": notification.topic,
    }
    state: bytes | str = notification.state
    # A row rewritten by hand in SQLite may hold TEXT rather than a BLOB: export it as found.
    raw = state.encode("utf-8") if isinstance(state, str) else state
    try:
        record["state"] = raw.decode("utf-8")
    except UnicodeDecodeError:
        record["state_b64"] = base64.b64encode(raw).decode("ascii")
    return json.dumps(record, ensure_ascii=False) + "\n"


def parse_line(line: str) -> Notification:
    record = json.loads(line)
    raw_id = str(record["originator_id"])
    try:
        originator_id: uuid.UUID | str = uuid.UUID(raw_id)
    except ValueError:
        originator_id = raw_id
    state = (
        record["state"].encode("utf-8")
        if "state" in record
        else base64.b64decode(record["state_b64"], validate=True)
    )
    return Notification(
        id=int(record["position"]),
        originator_id=originator_id,
        originator_version=int(record["originator_version"]),
        topic=str(record["topic"]),
        state=state,
    )


@dataclass
class OpenedBundle:
    manifest: dict[str, Any]
    logs: dict[str, list[Notification]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def signer_key_id(self) -> str:
        return str(self.manifest.get("signer", {}).get("key_id", ""))


def _members(path: Path) -> dict[str, bytes]:
    try:
        with tarfile.open(path, "r:gz") as archive:
            contents: dict[str, bytes] = {}
            for member in archive.getmembers():
                if not member.isfile() or member.size > MAX_MEMBER_BYTES:
                    continue
                handle = archive.extractfile(member)
                if handle is not None:
                    contents[member.name] = handle.read()
            return contents
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise BundleError(f"无法读取审计包 / unreadable bundle {path}: {exc}") from exc


def _signature_ok(manifest_bytes: bytes, signature_b64: bytes, signer: dict[str, Any]) -> bool:
    try:
        raw = base64.b64decode(str(signer["public_key"]), validate=True)
        if key_id_of(raw) != signer["key_id"]:
            return False
        Ed25519PublicKey.from_public_bytes(raw).verify(
            base64.b64decode(signature_b64, validate=True), manifest_bytes
        )
    except (InvalidSignature, ValueError, KeyError, TypeError):
        return False
    return True


def open_bundle(path: Path, trusted_key_ids: set[str] | None) -> OpenedBundle:
    """Check the manifest's signature and every digest, and parse the logs."""
    contents = _members(path)
    if "manifest.json" not in contents or "manifest.sig" not in contents:
        raise BundleError(f"{path}: 缺少 manifest.json 或 manifest.sig / not a kpd audit bundle")
    try:
        manifest = json.loads(contents["manifest.json"])
    except ValueError as exc:
        raise BundleError(f"{path}: manifest.json 无法解析 / {exc}") from exc
    bundle = OpenedBundle(manifest=manifest)
    if manifest.get("format") != BUNDLE_FORMAT:
        bundle.problems.append(f"manifest: 未知格式 / unknown format {manifest.get('format')!r}")
    signer = manifest.get("signer") or {}
    if not _signature_ok(contents["manifest.json"], contents["manifest.sig"], signer):
        bundle.problems.append("manifest: 签名无效 / signature invalid")
    elif trusted_key_ids is not None and signer.get("key_id") not in trusted_key_ids:
        bundle.problems.append(f"manifest: 签名密钥不受信任 / key {signer.get('key_id')} untrusted")
    listed = {
        **{str(name): str(digest) for name, digest in (manifest.get("files") or {}).items()},
        **{str(s["file"]): str(s["sha256"]) for s in (manifest.get("services") or {}).values()},
    }
    for name, digest in sorted(listed.items()):
        data = contents.get(name)
        if data is None:
            bundle.problems.append(f"{name}: 缺失 / missing from the bundle")
        elif hashlib.sha256(data).hexdigest() != digest:
            bundle.problems.append(f"{name}: 摘要不符 / SHA-256 differs from the manifest")
    for name in sorted(set(contents) - set(listed) - {"manifest.json", "manifest.sig"}):
        bundle.problems.append(f"{name}: 清单之外的文件 / not listed in the manifest")
    for service, entry in (manifest.get("services") or {}).items():
        data = contents.get(str(entry["file"]), b"")
        try:
            lines = data.decode("utf-8").splitlines()
            bundle.logs[str(service)] = [parse_line(line) for line in lines if line.strip()]
        except (ValueError, KeyError, TypeError) as exc:
            bundle.problems.append(f"{entry['file']}: 无法解析 / unreadable log: {exc}")
            bundle.logs[str(service)] = []
    return bundle
