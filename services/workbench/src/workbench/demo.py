"""Demo accounts for the embedded default: one per role, for the Linfen organisation.

``kpd up`` creates them on a local SQLite setup only (never against PostgreSQL or a
deployment) and prints them. Passwords are random, made once and kept beside the
development keys (mode 0600), so each ``kpd up`` prints the same ones again.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from servicekit.core.context import CommandContext
from workbench.directory import UserDirectory

DEMO_FILE = "demo-accounts.json"
# (username, role, unit, display name): units from the Linfen organisation file.
DEMO_USERS: tuple[tuple[str, str, str | None, str], ...] = (
    ("office", "office", None, "指挥部办公室 王明"),
    ("commander", "commander", None, "总指挥部 李华"),
    ("subcommand", "subcommand_commander", "investment_transport", "交通投资分指挥部 赵强"),
    ("department", "department", "transport", "市交通运输局 陈静"),
    ("yaodu", "county", "yaodu", "尧都区 刘洋"),
    ("houma", "county", "houma", "侯马市 孙丽"),
    ("enterprise", "project_unit", "unit-yaodu-001", "项目单位 周伟"),
    ("leader", "leader", "leader-demo", "包联市领导 吴刚"),
    ("auditor", "auditor", None, "审计 郑敏"),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit: str | None
    display_name: str
    password: str


def ensure_demo_accounts(directory: UserDirectory, keys_dir: Path) -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet; answer all of them with passwords."""
    path = keys_dir / DEMO_FILE
    known: dict[str, str] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    actor = CommandContext(
        actor="kpd-up",
        actorrole="operator",
        actorunit=None,
        correlationid=secrets.token_hex(8),
        causationid=None,
        command="demo_accounts",
    )
    accounts: list[DemoAccount] = []
    for username, role, unit, display_name in DEMO_USERS:
        password = known.get(username) or f"kpd-{secrets.token_urlsafe(9)}"
        if directory.find(username) is None:
            directory.add_user(
                actor, username, role=role, unit=unit, password=password, display_name=display_name
            )
        elif username not in known:
            continue  # made by hand with a password we do not know: not ours to print
        known[username] = password
        accounts.append(DemoAccount(username, role, unit, display_name, password))
    keys_dir.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(known, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.chmod(0o600)
    temporary.replace(path)
    return accounts


def as_dicts(accounts: list[DemoAccount]) -> list[dict[str, object]]:
    return [asdict(account) for account in accounts]
