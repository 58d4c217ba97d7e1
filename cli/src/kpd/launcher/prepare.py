"""What ``kpd up`` prepares before any service runs: keys, free ports, migrations."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from kpd.launcher.children import HOST, ServiceSpec
from servicekit.core.keys import load_or_create_ed25519_key
from servicekit.core.settings import ServiceSettings
from servicekit.dev.natsserver import port_is_free

DEV_JWT_KEY = "dev-jwt-ed25519.pem"


class LaunchError(RuntimeError):
    """Something ``kpd up`` needs is missing; the message says what to do."""


def ensure_dev_keys(var_dir: Path, services: Sequence[str] = ()) -> Path:
    """Make ``var/keys`` (0700) and each service's Ed25519 checkpoint key if missing.

    One key per service, so that ``kpd audit trust`` can pin each on its own. The
    JWT development key is left to ``kpd token`` and the services, which create it
    on first use; only its directory must exist.
    """
    keys_dir = var_dir / "keys"
    keys_dir.mkdir(parents=True, exist_ok=True)
    keys_dir.chmod(0o700)
    for service in services:
        # Written through a temporary file and linked into place, mode 0600.
        path = ServiceSettings(service=service, var_dir=var_dir).checkpoint_key_path
        load_or_create_ed25519_key(path)
    return keys_dir


def ensure_ports_free(services: Sequence[ServiceSpec]) -> None:
    """Fail before starting anything if another process holds a service's port."""
    taken = [f"{spec.name}:{spec.port}" for spec in services if not port_is_free(spec.port, HOST)]
    if taken:
        raise LaunchError(
            f"端口已被占用：{', '.join(taken)}。是否已有一个 kpd up 在运行？请先停止它，"
            "或用 KPD_PORT_OFFSET=10 之类错开全部端口（第二份副本另用一个 --var-dir）。"
        )


def run_migrations(services: Sequence[ServiceSpec], env: Mapping[str, str]) -> None:
    """Create every service's tables once, before the services start (they never do)."""
    argv = [sys.executable, "-m", "servicekit.runtime.migrate"]
    for spec in services:
        argv += ["--service", spec.name]
    result = subprocess.run(
        argv,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise LaunchError(f"数据库迁移失败（退出码 {result.returncode}）：\n{output}")
    for line in result.stdout.splitlines():
        print(f"migrate    | {line}", flush=True)


def token_hint(var_dir: Path, env: Mapping[str, str]) -> str:
    """How to get a bearer token the running services accept."""
    command = "uv run kpd token --role office"
    key = env.get("KPD_JWT_DEV_KEY") or str(var_dir / "keys" / DEV_JWT_KEY)
    if Path(key).resolve() == (Path.cwd() / "var" / "keys" / DEV_JWT_KEY).resolve():
        return command
    return f"KPD_JWT_DEV_KEY={key} {command}"
