"""The JetStream part of ``kpd audit verify``: read the streams, compare, print."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping
from typing import TextIO

from eventsourcing.persistence import ApplicationRecorder
from tqdm import tqdm

from kpd.audit.crosscheck import CrossCheckReport, cross_check, stored_entries
from kpd.audit.jetstream import StreamUnavailableError, listening, read_streams
from kpd.audit.published import parse_assignments, predicates
from kpd.audit.stores import advancing, service_settings

MAX_PROBLEMS_SHOWN = 20


def print_cross_checks(reports: list[CrossCheckReport], out: TextIO, as_json: bool) -> None:
    """One line per stream; then every problem (first 20) of each failing stream."""
    if as_json:
        for report in reports:
            document = {
                "service": report.service,
                "stream_ok": report.ok,
                "messages": report.messages,
                "matched": report.matched,
                "unpublished_tail": report.unpublished_tail,
                "problems": [{"position": p, "reason": r} for p, r in report.problems],
            }
            out.write(json.dumps(document, ensure_ascii=False) + "\n")
        return
    out.write(f"\n{'流 stream':<16}{'消息 messages':>14}{'一致 matched':>14}  结果 result\n")
    for report in reports:
        first = report.first_bad()
        verdict = (
            "一致 ok" if first is None else f"不一致 FAILED 位置 position {first[0]}: {first[1]}"
        )
        if report.unpublished_tail:
            verdict += f" (尚未发布 not yet published: {report.unpublished_tail})"
        out.write(f"{report.service:<16}{report.messages:>14}{report.matched:>14}  {verdict}\n")
    for report in reports:
        if report.ok:
            continue
        out.write(f"\n{report.service} 流: {len(report.problems)} 处不一致 / differences\n")
        for position, reason in report.problems[:MAX_PROBLEMS_SHOWN]:
            out.write(f"  {position}: {reason}\n")


def nats_password(args: argparse.Namespace) -> str:
    """From standard input when asked, else ``$KPD_NATS_PASSWORD``; never from argv."""
    if args.nats_password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return os.environ.get("KPD_NATS_PASSWORD", "")


def streams_disagree(
    args: argparse.Namespace, recorders: Mapping[str, ApplicationRecorder], out: TextIO
) -> bool:
    """Cross-check the stores with JetStream: by default, where the services publish.

    A URL named with ``--from-jetstream`` must answer (exit 2 otherwise). Without
    one, the services' own ``KPD_NATS_URL`` is tried; when nothing answers there the
    check is skipped with a warning, so the stores can still be verified offline.
    """
    if args.no_jetstream:
        return False
    if args.from_jetstream:
        return not check_streams(args, args.from_jetstream, args.nats_user, recorders, out)
    settings = service_settings("registry", args.var_dir, args.database_url)
    try:
        if not listening(settings.nats_url):
            raise StreamUnavailableError(f"{settings.nats_url} 无人应答 / nothing listens there")
        user = args.nats_user or settings.nats_user
        return not check_streams(args, settings.nats_url, user, recorders, out)
    except StreamUnavailableError as exc:
        print(
            f"kpd audit: 警告 未与 JetStream 交叉核对 / not cross-checked with JetStream: {exc}"
            "（用 --from-jetstream URL 指定地址，或 --no-jetstream 不核对）",
            file=sys.stderr,
        )
        return False


def check_streams(
    args: argparse.Namespace,
    url: str,
    user: str,
    recorders: Mapping[str, ApplicationRecorder],
    out: TextIO,
) -> bool:
    """True when every stream at ``url`` agrees with its store."""
    show = not args.no_progress and sys.stderr.isatty()
    with tqdm(desc="读取 JetStream", unit="消息", disable=not show, file=sys.stderr) as bar:
        streams = read_streams(
            url,
            list(recorders),
            user=user,
            password=nats_password(args),
            progress=advancing(bar),
        )
    verdicts = predicates(
        list(recorders),
        parse_assignments(args.translator, "--translator"),
        parse_assignments(args.application, "--application"),
    )
    reports = [
        cross_check(
            contents, stored_entries(recorders[contents.service], verdicts[contents.service])
        )
        for contents in streams
    ]
    print_cross_checks(reports, out, args.json)
    return all(report.ok for report in reports)
