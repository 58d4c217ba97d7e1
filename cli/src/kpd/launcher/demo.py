"""The demo accounts ``kpd up`` makes in the embedded default, and how it prints them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from contracts.labels import ROLE_LABELS
from servicekit.eventstore.environment import build_env
from workbench.demo import DEMO_FILE, DemoAccount, ensure_demo_accounts
from workbench.directory import UserDirectory
from workbench.settings import WorkbenchSettings


def ensure_demo_users(var_dir: Path, env: Mapping[str, str]) -> list[DemoAccount]:
    """One account per role — only on SQLite: a PostgreSQL store is a real deployment."""
    if env.get("KPD_DATABASE_URL"):
        return []
    settings = WorkbenchSettings(var_dir=var_dir, database_url="")
    directory = UserDirectory(env=build_env(settings))
    try:
        return ensure_demo_accounts(directory, var_dir / "keys")
    finally:
        directory.close()


def print_demo_users(accounts: list[DemoAccount], var_dir: Path) -> None:
    if not accounts:
        return
    saved = var_dir / "keys" / DEMO_FILE
    lines = [f"演示账号（仅内置默认环境；每个角色一个，密码保存在 {saved}）："]
    width = max(len(account.username) for account in accounts)
    for account in accounts:
        unit = f"  单位 {account.unit}" if account.unit else ""
        role = ROLE_LABELS.get(account.role, account.role)
        lines.append(f"  {account.username:<{width}}  密码 {account.password}  {role}{unit}")
    lines.append("")
    print("\n".join(lines), flush=True)
