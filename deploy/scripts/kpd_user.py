#!/usr/bin/env python3
"""``kpd user`` in the workbench image, where the rest of the kpd CLI is not installed.

The image holds the workbench's own distribution only. ``kpd user`` needs nothing
more (servicekit and the workbench's user directory), so workbench.Dockerfile copies
cli/src/kpd/user.py unchanged to /opt/kpd/cli/kpd/ and this file to /opt/kpd/bin/kpd,
which is on the image's PATH. In the container the store is the workbench's own
(``KPD_DATABASE_URL``), as for the workbench process beside it:

    docker compose exec -T workbench kpd user add NAME --role office --password-stdin
    kubectl -n kpd exec -i deploy/workbench -c workbench -- kpd user list

Other ``kpd`` commands (up, token, audit, migrate) are not in the image; they are
refused here and run from a checkout (``uv run kpd …``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# /opt/kpd/bin/kpd → /opt/kpd/cli, the copy of cli/src/kpd/{__init__,user}.py. Run from
# a checkout (deploy/scripts/) there is no such directory and the installed kpd is used.
CLI_COPY = Path(__file__).resolve().parents[1] / "cli"
if (CLI_COPY / "kpd" / "user.py").is_file():
    sys.path.insert(0, str(CLI_COPY))

from kpd import user  # noqa: E402  (after the path above)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kpd",
        description="kpd（工作台镜像内）：只含 kpd user / only `kpd user` in the workbench image",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    user.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
