"""``kpd audit``: the auditor's tool — verify, timeline, export, replay.

It reads the services' event stores directly (the services may be stopped):
SQLite files under ``--var-dir`` (default ``$KPD_VAR_DIR`` or ``./var``) or the
PostgreSQL database of ``--database-url`` / ``$KPD_DATABASE_URL``.

Exit codes: 0 all checks passed, 1 a check failed (the first bad event is
named), 2 the command could not run (bad option, missing store or key, …).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kpd.audit.stores import SERVICES

TIMELINE_SUBJECTS = {
    "project": "项目 id",
    "issue": "问题 id",
    "meeting": "会议 id",
    "county": "县区 id",
}


def _store_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--var-dir", type=Path, help="SQLite 事件库目录（默认 ./var）")
    common.add_argument("--database-url", help="PostgreSQL URL（默认 $KPD_DATABASE_URL）")
    common.add_argument("--no-progress", action="store_true", help="不显示进度条")
    return common


def _services_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--service",
        action="append",
        choices=SERVICES,
        help="只处理这些服务（可重复；默认全部）",
    )


def _add_verify(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    verify = sub.add_parser(
        "verify",
        parents=[common],
        help="校验哈希链与签名检查点 / verify chains and checkpoints",
        description="校验各服务事件库（或审计包）的哈希链、签名检查点；可与 JetStream 流交叉核对。",
    )
    _services_option(verify)
    verify.add_argument(
        "--trusted-key",
        action="append",
        type=Path,
        help="受信任的检查点密钥 PEM（私钥或公钥），对所有服务有效",
    )
    verify.add_argument(
        "--trust-file",
        type=Path,
        help="kpd audit trust 固定的密钥文件（默认 $KPD_AUDIT_TRUST_FILE 或 "
        "~/.config/kpd/trusted-keys.json）",
    )
    verify.add_argument(
        "--max-unsigned-age",
        type=float,
        default=600.0,
        metavar="SECONDS",
        help="比这更早的事件必须已被检查点覆盖（服务每 60 秒签一次；默认 600）",
    )
    verify.add_argument(
        "--trusted-key-id", action="append", help="受信任的密钥 id（16 位十六进制）"
    )
    verify.add_argument("--bundle", type=Path, help="离线校验 kpd audit export 生成的审计包")
    streams = verify.add_mutually_exclusive_group()
    streams.add_argument(
        "--from-jetstream",
        metavar="NATS_URL",
        help="与此处的 JetStream 流交叉核对（默认：服务的 $KPD_NATS_URL，可达时核对）",
    )
    streams.add_argument(
        "--no-jetstream", action="store_true", help="不与 JetStream 交叉核对（仅校验事件库）"
    )
    verify.add_argument("--nats-user", default="", help="NATS 用户（默认不认证）")
    # Never a password on the command line: it shows in `ps` and in shell history.
    verify.add_argument(
        "--nats-password-stdin",
        action="store_true",
        help="从标准输入读取 NATS 密码（否则取 $KPD_NATS_PASSWORD；不接受命令行参数）",
    )
    verify.add_argument(
        "--translator",
        action="append",
        metavar="SERVICE=MODULE:FUNC",
        help="交叉核对用的转换器（默认 <service>.translation:translate）",
    )
    verify.add_argument(
        "--application",
        action="append",
        metavar="SERVICE=MODULE:CLASS",
        help="解码事件用的应用类（默认 <service>.application 中的类）",
    )
    verify.add_argument("--json", action="store_true", help="每个服务输出一行 JSON")
    verify.set_defaults(func=_run("run_verify"))


def _add_trust(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    trust = sub.add_parser(
        "trust",
        parents=[common],
        help="固定各服务的检查点密钥 / pin each service's checkpoint key",
        description=(
            "在可信时点（如验收时）记下各服务检查点密钥的 id，写入审计员自己保管的文件；"
            "此后 verify 只信任这些密钥。默认读各服务的密钥文件；--from-stores 则取事件库中"
            "各服务自己的检查点所用的密钥（首次使用即信任）。"
        ),
    )
    _services_option(trust)
    trust.add_argument("--out", type=Path, help="写入的文件（默认同 verify 的 --trust-file）")
    trust.add_argument("--from-stores", action="store_true", help="取事件库中检查点所用的密钥 id")
    trust.set_defaults(func=_run("run_trust"))


def _add_timeline(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    timeline = sub.add_parser(
        "timeline",
        parents=[common],
        help="跨服务时间线 / one subject's events across services",
        description="按时间顺序列出一个项目、问题、会议或县区在所有服务中的事件（含操作人）。",
    )
    _services_option(timeline)
    subject = timeline.add_mutually_exclusive_group(required=True)
    for kind, label in TIMELINE_SUBJECTS.items():
        subject.add_argument(f"--{kind}", metavar="ID", help=label)
    timeline.add_argument("--format", choices=("text", "jsonl", "csv"), default="text")
    timeline.add_argument("--out", type=Path, help="写入文件（默认标准输出）")
    timeline.set_defaults(func=_run("run_timeline"))


def _add_export(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    export = sub.add_parser(
        "export",
        parents=[common],
        help="导出签名审计包 / write a signed bundle for offline verification",
        description="导出全部事件日志、公钥与签名清单；用 kpd audit verify --bundle 离线校验。",
    )
    _services_option(export)
    export.add_argument("--out", type=Path, required=True, help="审计包路径（.tar.gz）")
    export.add_argument("--key", type=Path, help="清单签名私钥（默认检查点密钥）")
    export.set_defaults(func=_run("run_export"))


def _add_replay(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    replay = sub.add_parser(
        "replay",
        parents=[common],
        help="由事件重建聚合或读模型 / rebuild an aggregate or the read models",
        description="由事件重建一个聚合（可指定 --as-of 时点），或把读模型重建到新目录。",
    )
    replay.add_argument("--service", required=True, choices=SERVICES)
    target = replay.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--aggregate", metavar="UUID", help="聚合 id（见 timeline 的 aggregate_id）"
    )
    target.add_argument("--read-model", action="store_true", help="重建该服务的全部读模型")
    replay.add_argument("--as-of", help="ISO 时间或日期；无时区按北京时间")
    replay.add_argument("--into", type=Path, help="读模型重建目录（默认临时目录）")
    replay.add_argument(
        "--application", metavar="MODULE:CLASS", help="应用类（默认 <service>.application）"
    )
    replay.set_defaults(func=_run("run_replay"))


def _run(name: str) -> object:
    def run(args: argparse.Namespace) -> int:
        from kpd.audit import commands as audit_commands

        code: int = getattr(audit_commands, name)(args)
        return code

    return run


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``kpd audit`` and its sub-commands."""
    parser = subparsers.add_parser(
        "audit",
        help="审计：校验、时间线、导出、重放 / the auditor's tool",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="audit_command", required=True)
    common = _store_options()
    _add_verify(sub, common)
    _add_trust(sub, common)
    _add_timeline(sub, common)
    _add_export(sub, common)
    _add_replay(sub, common)
