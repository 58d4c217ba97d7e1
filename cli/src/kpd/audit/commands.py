"""What each ``kpd audit`` sub-command does with its parsed options.

Every command returns its exit code: 0 passed, 1 a check failed, 2 the command
could not run. Reports go to standard output, warnings and progress to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from kpd.audit.bundle import BundleError, open_bundle
from kpd.audit.jetstream import StreamUnavailableError
from kpd.audit.stores import (
    SERVICES,
    MemoryLogRecorder,
    StoreUnavailableError,
    opened_stores,
    service_settings,
)
from kpd.audit.trust import (
    Trust,
    default_trust_file,
    key_ids_in_stores,
    resolve_trust,
    write_trust_file,
)
from kpd.audit.verify import key_id_from_pem, print_reports, verify_recorders

USAGE_ERRORS = (
    StoreUnavailableError,
    BundleError,
    StreamUnavailableError,
    OSError,
    ValueError,
    ImportError,
    LookupError,
    TypeError,
)


def _fail(message: str) -> int:
    print(f"kpd audit: {message}", file=sys.stderr)
    return 2


def _progress(args: argparse.Namespace) -> bool:
    return not args.no_progress and sys.stderr.isatty()


def _services(args: argparse.Namespace) -> list[str]:
    return list(dict.fromkeys(args.service or SERVICES))


def _default_key(args: argparse.Namespace) -> Path:
    settings = service_settings("registry", args.var_dir, args.database_url)
    path: Path = settings.checkpoint_key_path
    return path


def trusted_keys(args: argparse.Namespace) -> Trust:
    """The auditor's pinned keys plus those named; never a key from inside the stores."""
    named = set(args.trusted_key_id or [])
    named |= {key_id_from_pem(path) for path in args.trusted_key or []}
    return resolve_trust(args.trust_file, named)


def run_trust(args: argparse.Namespace) -> int:
    """Pin each service's checkpoint key id into the auditor's file."""
    out = args.out or default_trust_file()
    services = _services(args)
    try:
        if args.from_stores:
            with opened_stores(services, args.var_dir, args.database_url) as recorders:
                keys = key_ids_in_stores(recorders)
        else:
            keys = {}
            for service in services:
                path = service_settings(service, args.var_dir, args.database_url)
                keys[service] = {key_id_from_pem(path.checkpoint_key_path)}
        write_trust_file(out, keys)
    except USAGE_ERRORS as exc:
        return _fail(str(exc))
    for service, ids in keys.items():
        shown = ", ".join(sorted(ids)) or "（无检查点 / none yet）"
        print(f"{service:<12} {shown}")
    print(f"已固定 pinned → {out}")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    """Stores (or a bundle) → chain/checkpoint reports, plus the JetStream cross-check."""
    try:
        trusted = trusted_keys(args)
        if args.bundle is not None:
            return _verify_bundle(args, trusted)
        with opened_stores(_services(args), args.var_dir, args.database_url) as recorders:
            reports = verify_recorders(
                recorders,
                trusted,
                show_progress=_progress(args),
                max_unsigned_age_s=args.max_unsigned_age,
            )
            print_reports(reports, sys.stdout, as_json=args.json)
            failed = any(not r.ok for r in reports)
            from kpd.audit.jetstream_report import streams_disagree

            failed |= streams_disagree(args, recorders, sys.stdout)
    except USAGE_ERRORS as exc:
        return _fail(str(exc))
    return 1 if failed else 0


def _verify_bundle(args: argparse.Namespace, trusted: Trust) -> int:
    bundle = open_bundle(args.bundle, trusted.every_key())
    print(f"审计包 bundle {args.bundle}: 签名密钥 signed by {bundle.signer_key_id}")
    for problem in bundle.problems:
        print(f"  失败 FAILED {problem}")
    wanted = args.service or list(bundle.logs)
    recorders = {s: MemoryLogRecorder(bundle.logs[s]) for s in wanted if s in bundle.logs}
    # A bundle is a copy taken earlier: its age says nothing of signing, so no age rule.
    reports = verify_recorders(recorders, trusted, show_progress=_progress(args))
    print_reports(reports, sys.stdout, as_json=args.json)
    return 1 if bundle.problems or any(not r.ok for r in reports) else 0


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        yield handle


def run_timeline(args: argparse.Namespace) -> int:
    """Print one subject's events across the services."""
    from kpd.audit.timeline import collect_timeline, write_timeline

    kind, wanted = next(
        (k, getattr(args, k)) for k in ("project", "issue", "meeting", "county") if getattr(args, k)
    )
    try:
        with opened_stores(_services(args), args.var_dir, args.database_url) as recorders:
            entries = collect_timeline(recorders, kind, wanted)
        with _output(args.out) as out:
            count = write_timeline(entries, args.format, out)
    except USAGE_ERRORS as exc:
        return _fail(str(exc))
    print(f"{count} 条事件 / events", file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the signed bundle."""
    from kpd.audit.export import export_bundle

    try:
        with opened_stores(_services(args), args.var_dir, args.database_url) as recorders:
            manifest = export_bundle(
                recorders, args.out, args.key or _default_key(args), show_progress=_progress(args)
            )
    except USAGE_ERRORS as exc:
        return _fail(str(exc))
    events = sum(int(s["events"]) for s in manifest["services"].values())
    key_id = manifest["signer"]["key_id"]
    print(f"已导出 exported {events} 条事件 / events → {args.out} (key {key_id})")
    return 0


def run_replay(args: argparse.Namespace) -> int:
    """Rebuild an aggregate (printed as JSON) or the read models (into a fresh directory)."""
    import importlib
    from uuid import UUID

    from eventsourcing.application import AggregateNotFoundError

    from kpd.audit.replay import (
        aggregate_document,
        application_class,
        parse_as_of,
        rebuild_read_models,
        replay_aggregate,
    )
    from kpd.audit.stores import open_store

    settings = service_settings(args.service, args.var_dir, args.database_url)
    try:
        app = open_store(settings, application_class(args.service, args.application))
    except USAGE_ERRORS as exc:
        return _fail(str(exc))
    try:
        if args.read_model:
            into = args.into or Path(tempfile.mkdtemp(prefix=f"kpd-audit-{args.service}-"))
            main_module = importlib.import_module(f"{args.service}.main")
            result = rebuild_read_models(main_module, app, args.service, into)
        else:
            as_of = parse_as_of(args.as_of) if args.as_of else None
            result = aggregate_document(replay_aggregate(app, UUID(args.aggregate), as_of))
    except AggregateNotFoundError as exc:
        print(f"kpd audit: 聚合不存在 / not found: {exc}", file=sys.stderr)
        return 1
    except USAGE_ERRORS as exc:
        return _fail(str(exc))
    finally:
        app.close()
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0
