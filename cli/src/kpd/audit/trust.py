"""The auditor's pinned checkpoint keys, kept outside the stores.

A key that travels inside a checkpoint proves nothing (whoever forges the
checkpoint puts their own key in it), and a key file beside the stores proves
little more (whoever rewrites ``var/`` can sign with it). So ``kpd audit verify``
trusts only keys the auditor pinned beforehand — ``kpd audit trust`` writes them
to a file the auditor keeps (``~/.config/kpd/trusted-keys.json`` by default) —
or names on the command line; without either it refuses to pass a store.
Each service's checkpoints must be signed by a key pinned *for that service*.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from eventsourcing.persistence import ApplicationRecorder

from servicekit.audit.verify import checkpoints_in

TRUST_FILE_ENV = "KPD_AUDIT_TRUST_FILE"


def default_trust_file() -> Path:
    configured = os.environ.get(TRUST_FILE_ENV)
    if configured:
        return Path(configured)
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "kpd" / "trusted-keys.json"


class NoTrustedKeysError(ValueError):
    """Nothing pinned and nothing named: no checkpoint can be trusted."""


@dataclass
class Trust:
    per_service: dict[str, set[str]] = field(default_factory=dict)
    anywhere: set[str] = field(default_factory=set)

    def for_service(self, service: str) -> set[str]:
        return self.per_service.get(service, set()) | self.anywhere

    def every_key(self) -> set[str]:
        return set().union(self.anywhere, *self.per_service.values())

    def empty(self) -> bool:
        return not self.every_key()


def read_trust_file(path: Path) -> Trust:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        keys = document["keys"]
        return Trust(per_service={str(s): {str(k) for k in ids} for s, ids in keys.items()})
    except (OSError, ValueError, KeyError, AttributeError, TypeError) as exc:
        raise ValueError(f"受信任密钥文件 {path} 无法读取 / unreadable trust file: {exc}") from exc


def write_trust_file(path: Path, keys: Mapping[str, Iterable[str]]) -> None:
    """Merge ``keys`` into the file (a rotated key is added; an old one stays trusted)."""
    known = read_trust_file(path).per_service if path.exists() else {}
    for service, ids in keys.items():
        known.setdefault(service, set()).update(ids)
    document = {
        "version": 1,
        "pinned_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "keys": {service: sorted(ids) for service, ids in sorted(known.items())},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.chmod(0o600)
    os.replace(tmp, path)


def key_ids_in_stores(recorders: Mapping[str, ApplicationRecorder]) -> dict[str, set[str]]:
    """Trust on first use: the key ids each service's own checkpoints name today."""
    return {
        service: {c.key_id for c in checkpoints_in(recorder, service, kept=False)}
        for service, recorder in recorders.items()
    }


def resolve_trust(trust_file: Path | None, named: set[str]) -> Trust:
    """The pinned file (if any) plus the keys named on the command line; never empty."""
    path = trust_file or default_trust_file()
    trust = read_trust_file(path) if path.exists() else Trust()
    trust.anywhere |= named
    if trust.empty():
        raise NoTrustedKeysError(
            f"没有受信任的检查点密钥：{path} 不存在且未给出 --trusted-key。请先在可信时点运行 "
            "`kpd audit trust` 固定各服务的密钥 / no pinned checkpoint keys: run "
            "`kpd audit trust` (or pass --trusted-key); keys inside the checkpoints or "
            "beside the stores are never trusted"
        )
    return trust
