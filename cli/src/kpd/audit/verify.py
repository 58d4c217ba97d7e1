"""``kpd audit verify``: every service's chains and checkpoints, cross-witnessed.

Each service's log is checked with ``servicekit.audit.verify.verify_log``; the
checkpoints it signed are also looked up in the *other* services' stores (where
they were kept as witnesses), so a store rewritten whole — chains recomputed and
its own checkpoints dropped — still fails against what the others hold.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from eventsourcing.persistence import ApplicationRecorder
from tqdm import tqdm

from kpd.audit.stores import advancing
from kpd.audit.trust import Trust
from servicekit.audit.checkpoint import key_id_of
from servicekit.audit.verify import VerifyReport, checkpoints_in, verify_log

MAX_PROBLEMS_SHOWN = 20


def key_id_from_pem(path: Path) -> str:
    """Key id of an Ed25519 key file, private (the signer's) or public (an auditor's copy)."""
    data = path.read_bytes()
    key: Any
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except ValueError:
        key = serialization.load_pem_public_key(data)
    if isinstance(key, Ed25519PrivateKey):
        key = key.public_key()
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"{path} 不是 Ed25519 密钥 / not an Ed25519 key")
    return key_id_of(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def verify_recorders(
    recorders: Mapping[str, ApplicationRecorder],
    trust: Trust,
    *,
    show_progress: bool = False,
    max_unsigned_age_s: float | None = None,
) -> list[VerifyReport]:
    """One report per service; checkpoints kept by the other services count as witnesses.

    A service's checkpoints count only when signed by a key pinned for it, and a
    copy only when countersigned by its holder's pinned key; events older than
    ``max_unsigned_age_s`` that no checkpoint covers are a failure, and so is an
    older checkpoint that none of the other stores witnessed.
    """
    kept_by = {name: checkpoints_in(rec, name, kept=True) for name, rec in recorders.items()}
    reports = []
    for service, recorder in recorders.items():
        witnessed = [c for holder, kept in kept_by.items() if holder != service for c in kept]
        with tqdm(
            total=recorder.max_notification_id() or 0,
            desc=f"校验 {service}",
            unit="事件",
            disable=not show_progress,
            file=sys.stderr,
        ) as bar:
            report = verify_log(
                recorder,
                service,
                witnessed=witnessed,
                trusted_key_ids=trust.for_service(service),
                progress=advancing(bar),
                max_unsigned_age_s=max_unsigned_age_s,
                witness_keys=trust.for_service,
                # Only a full set of stores can say that nobody witnessed a checkpoint.
                expect_witnesses=len(recorders) > 1,
            )
        reports.append(report)
    return reports


def describe_failure(first_bad: Mapping[str, Any]) -> str:
    """``位置 7: event altered … (originator …, version 3)`` for the first bad event."""
    extra = [
        f"{label} {first_bad[key]}"
        for key, label in (
            ("originator_id", "aggregate"),
            ("version", "version"),
            ("held_by", "witness"),
        )
        if first_bad.get(key) is not None
    ]
    suffix = f" ({', '.join(extra)})" if extra else ""
    return f"位置 position {first_bad.get('position')}: {first_bad.get('reason')}{suffix}"


def print_reports(reports: list[VerifyReport], out: TextIO, as_json: bool = False) -> None:
    """A table for people, or one JSON object per service."""
    if as_json:
        for report in reports:
            document = {**report.as_dict(), "problems": report.problems}
            out.write(json.dumps(document, ensure_ascii=False) + "\n")
        return
    out.write(f"{'服务 service':<16}{'事件 events':>12}{'检查点 checkpoints':>20}  结果 result\n")
    for report in reports:
        if report.ok:
            verdict = "通过 ok"
            if report.checkpoints_checked == 0:
                verdict += (
                    " (无检查点:整库改写无法发现 / no checkpoints: a full rewrite would pass)"
                )
        else:
            verdict = "失败 FAILED " + describe_failure(report.first_bad or {})
        out.write(
            f"{report.service:<16}{report.events_checked:>12}"
            f"{report.checkpoints_checked:>20}  {verdict}\n"
        )
    for report in reports:
        if report.ok:
            continue
        out.write(f"\n{report.service}: {len(report.problems)} 处问题 / problems\n")
        for problem in report.problems[:MAX_PROBLEMS_SHOWN]:
            out.write(f"  {problem}\n")
        if len(report.problems) > MAX_PROBLEMS_SHOWN:
            out.write(f"  … 另有 {len(report.problems) - MAX_PROBLEMS_SHOWN} 处\n")
