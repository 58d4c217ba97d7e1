"""``kpd user``: manage the workbench's built-in user directory.

``kpd user add NAME --role ROLE [--unit UNIT] --password-stdin`` reads the password
from standard input (never from the command line, where ``ps`` would show it);
``kpd user disable NAME`` ends the account's sessions at once. The store is the
one the workbench uses (``KPD_DATABASE_URL`` / ``KPD_VAR_DIR``).
"""

from __future__ import annotations

import argparse
import getpass
import sys
import uuid
from collections.abc import Callable

from servicekit.core.context import CommandContext
from servicekit.eventstore.environment import build_env
from servicekit.web.auth import Role
from workbench.directory import UserDirectory
from workbench.domain import AccountError
from workbench.settings import WorkbenchSettings


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "user",
        help="管理工作台用户 / manage workbench users",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="user_command", required=True)
    add = commands.add_parser("add", help="开通账号")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[role.value for role in Role])
    add.add_argument("--unit", help="所属单位 id（县区、部门、分指挥部、项目单位、领导）")
    add.add_argument("--display-name", default="", help="显示名称（默认用户名）")
    add.add_argument(
        "--password-stdin", action="store_true", required=True, help="从标准输入读取密码"
    )
    add.set_defaults(func=_add)
    disable = commands.add_parser("disable", help="停用账号（其会话立即失效）")
    disable.add_argument("name")
    disable.add_argument("--reason", default="", help="停用原因")
    disable.set_defaults(func=_disable)
    enable = commands.add_parser("enable", help="恢复已停用的账号")
    enable.add_argument("name")
    enable.set_defaults(func=_enable)
    password = commands.add_parser("passwd", help="重置密码（其会话立即失效）")
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true", required=True)
    password.set_defaults(func=_passwd)
    listing = commands.add_parser("list", help="列出账号")
    listing.set_defaults(func=_list)


def _directory() -> UserDirectory:
    return UserDirectory(env=build_env(WorkbenchSettings()))


def _actor(command: str) -> CommandContext:
    return CommandContext(
        actor=f"cli:{getpass.getuser()}",
        actorrole="operator",
        actorunit=None,
        correlationid=uuid.uuid4().hex,
        causationid=None,
        command=command,
    )


def _password_from_stdin() -> str:
    # One line: a trailing newline from `echo` or a here-string is not part of it.
    return sys.stdin.readline().rstrip("\r\n")


def _run(action: str, work: Callable[[], str]) -> int:
    try:
        message = work()
    except AccountError as refused:
        print(f"kpd user {action}: {refused}", file=sys.stderr)
        return 2
    if message:
        print(message)
    return 0


def _add(args: argparse.Namespace) -> int:
    password = _password_from_stdin()

    def work() -> str:
        directory = _directory()
        try:
            account = directory.add_user(
                _actor("add_user"),
                args.name,
                role=args.role,
                unit=args.unit,
                password=password,
                display_name=args.display_name,
            )
        finally:
            directory.close()
        unit = f"，单位 {account.unit}" if account.unit else ""
        return f"已开通 {account.username}（{account.role}{unit}）"

    return _run("add", work)


def _disable(args: argparse.Namespace) -> int:
    def work() -> str:
        directory = _directory()
        try:
            account = directory.disable_user(_actor("disable_user"), args.name, reason=args.reason)
        finally:
            directory.close()
        return f"已停用 {account.username}，其会话已失效"

    return _run("disable", work)


def _enable(args: argparse.Namespace) -> int:
    def work() -> str:
        directory = _directory()
        try:
            account = directory.enable_user(_actor("enable_user"), args.name)
        finally:
            directory.close()
        return f"已恢复 {account.username}"

    return _run("enable", work)


def _passwd(args: argparse.Namespace) -> int:
    password = _password_from_stdin()

    def work() -> str:
        directory = _directory()
        try:
            account = directory.set_password(_actor("set_password"), args.name, password)
        finally:
            directory.close()
        return f"已重置 {account.username} 的密码，其会话已失效"

    return _run("passwd", work)


def _list(args: argparse.Namespace) -> int:
    directory = _directory()
    try:
        for account in directory.accounts():
            state = "停用" if account.disabled else "正常"
            fields = [account.username, account.role, account.unit or "-", state]
            print("\t".join([*fields, account.display_name]))
    finally:
        directory.close()
    return 0
