"""``python -m bench [--quick] [--only NAMES] [--backend sqlite|postgres]``: measure and save."""

from __future__ import annotations

import argparse
import logging
import sys
import time
import traceback
from collections.abc import Callable

from bench.config import FULL, QUICK, Sizes
from bench.report import Figure, render_table, rerun_command, write_results
from bench.stack import Stack, running_stack
from servicekit.dev.testing import postgres_available

STACK_GROUPS = ("write", "cpu", "propagation", "sustain", "pipeline")
STORE_GROUPS = ("audit", "scaling", "assessment", "profiles")
GROUPS = (*STACK_GROUPS, *STORE_GROUPS)
MB = 1024 * 1024
RSS_TARGET_MB = 200


def stack_group(name: str) -> Callable[[Stack, Sizes, bool], list[Figure]]:
    # Imported late so that --only runs import what they use.
    if name == "write":
        from bench.write_path import measure
    elif name == "propagation":
        from bench.propagation import measure
    elif name == "sustain":
        from bench.sustain import measure
    elif name == "cpu":
        from bench.cpu import measure
    else:
        from bench.pipeline import measure
    return measure


def store_group(name: str) -> Callable[[list[str], Sizes, bool], list[Figure]]:
    if name == "audit":
        from bench.audit import measure
    elif name == "scaling":
        from bench.scaling import measure
    elif name == "assessment":
        from bench.assessment import measure
    else:
        from bench.profiles import measure
    return measure


def failed(group: str, backend: str | None, quick: bool, exc: BaseException) -> Figure:
    """A group that crashed still gets a row, so the table never hides it."""
    traceback.print_exception(exc)
    output = getattr(exc, "stderr", None) or getattr(exc, "output", None)
    if output:
        print(output.decode(errors="replace") if isinstance(output, bytes) else output)
    return Figure(
        key=f"{group}.error" + (f".{backend}" if backend else ""),
        label=f"{group} 运行失败" + (f" [{backend}]" if backend else ""),
        value=None,
        unit="",
        rerun=rerun_command(group, quick=quick, backend=backend),
        note=f"失败: {type(exc).__name__}: {str(exc)[:120]}",
    )


def memory_figures(stack: Stack, groups: list[str], quick: bool) -> list[Figure]:
    figures = []
    for service, rss in sorted(stack.peak_rss.items()):
        target = service != "nats-server"
        figures.append(
            Figure(
                key=f"memory.peak_rss.{service}.{stack.backend}",
                label=f"峰值内存 {service} [{stack.backend}]",
                value=rss / MB,
                unit="MB",
                rerun=rerun_command(",".join(groups), quick=quick, backend=stack.backend),
                target=f"≤ {RSS_TARGET_MB} MB" if target else "",
                target_met=(rss / MB <= RSS_TARGET_MB) if target else None,
                details={"during": groups},
            )
        )
    return figures


def run(
    groups: list[str],
    backends: list[str],
    stack_backends: list[str],
    sizes: Sizes,
    quick: bool,
) -> list[Figure]:
    figures: list[Figure] = []
    wanted_stack = [g for g in STACK_GROUPS if g in groups]
    for backend in stack_backends if wanted_stack else []:
        print(f"== 启动服务 [{backend}] ==", file=sys.stderr)
        try:
            with running_stack(backend) as stack:
                for group in wanted_stack:
                    print(f"== {group} [{backend}] ==", file=sys.stderr)
                    try:
                        figures += stack_group(group)(stack, sizes, quick)
                    except Exception as exc:
                        figures.append(failed(group, backend, quick, exc))
                figures += memory_figures(stack, wanted_stack, quick)
        except Exception as exc:  # the services did not start: every stack figure is missing
            figures.append(failed(",".join(wanted_stack), backend, quick, exc))
    for group in (g for g in STORE_GROUPS if g in groups):
        print(f"== {group} ==", file=sys.stderr)
        try:
            figures += store_group(group)(backends, sizes, quick)
        except Exception as exc:
            figures.append(failed(group, None, quick, exc))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="kpd benchmarks")
    parser.add_argument("--quick", action="store_true", help="CI smoke: small sizes, < 2 min")
    parser.add_argument(
        "--only", action="append", default=[], help=f"comma-separated groups: {', '.join(GROUPS)}"
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], action="append")
    args = parser.parse_args(argv)
    only = sorted({g for item in args.only for g in item.split(",") if g})
    unknown = set(only) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s): {', '.join(sorted(unknown))}")
    backends = args.backend or (["sqlite", "postgres"] if postgres_available() else ["sqlite"])
    # Quick mode starts the services once (SQLite) unless a backend is asked for by name.
    stack_backends = backends if args.backend or not args.quick else ["sqlite"]
    logging.basicConfig(level=logging.WARNING)
    sizes = QUICK if args.quick else FULL
    started = time.perf_counter()
    figures = run(list(only or GROUPS), backends, stack_backends, sizes, args.quick)
    seconds = time.perf_counter() - started
    print(render_table(figures))
    path = write_results(figures, quick=args.quick, only=only, seconds=seconds)
    print(f"\n结果已写入 {path}（用时 {seconds:.0f} 秒）", file=sys.stderr)
    return 1 if any(f.key.endswith(".error") or ".error." in f.key for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
