"""The ``kpd`` command: ``kpd up`` (launcher), ``kpd token``, ``kpd user``, ``kpd migrate``."""

from __future__ import annotations

import argparse
import sys

from kpd import token, user
from kpd.audit import parser as audit
from kpd.launcher import up as launcher
from servicekit.core.settings import MIGRATABLE_SERVICES


def _migrate(args: argparse.Namespace) -> int:
    from servicekit.runtime.migrate import main as migrate_main

    argv: list[str] = []
    for service in args.service or list(MIGRATABLE_SERVICES):
        argv += ["--service", service]
    return migrate_main(argv)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kpd", description="kpd — 临汾市重点工程项目调度平台 / key project dispatch platform"
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    launcher.add_parser(subparsers)
    token.add_parser(subparsers)
    audit.add_parser(subparsers)
    user.add_parser(subparsers)
    migrate = subparsers.add_parser("migrate", help="create event-store and read-model tables")
    migrate.add_argument("--service", action="append", choices=list(MIGRATABLE_SERVICES))
    migrate.set_defaults(func=_migrate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
