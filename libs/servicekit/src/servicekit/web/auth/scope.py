"""Object-level scope: may this principal touch this particular object?

Routes call :func:`ensure_scope` after loading the object, passing the object's owning
units. Deny by default: a scoped role passes only when its unit owns the object.
"""

from __future__ import annotations

from collections.abc import Collection

from servicekit.web.auth.principal import Principal, Role
from servicekit.web.problems import ForbiddenError

Owners = str | Collection[str] | None

_UNSCOPED_ROLES = frozenset({Role.COMMANDER, Role.OFFICE, Role.AUDITOR})


def ensure_scope(
    principal: Principal,
    *,
    county: Owners = None,
    department: Owners = None,
    project_unit: Owners = None,
    subcommand: Owners = None,
    leader: Owners = None,
) -> None:
    """Raise :class:`ForbiddenError` unless ``principal`` may act on the described object.

    Each keyword names the object's owner(s) of one kind (an issue may involve several
    departments, a project several leaders). ``commander``, ``office`` and ``auditor``
    see everything; ``operator`` sees no business object; every other role must find
    its own unit among the owners of its kind.
    """
    if principal.role in _UNSCOPED_ROLES:
        return
    owners_by_role: dict[Role, Owners] = {
        Role.COUNTY: county,
        Role.DEPARTMENT: department,
        Role.PROJECT_UNIT: project_unit,
        Role.SUBCOMMAND_COMMANDER: subcommand,
        Role.LEADER: leader,
    }
    if principal.role not in owners_by_role:
        raise ForbiddenError("该角色不能访问业务数据 / this role has no access to business data")
    if principal.unit is None or not _owned_by(principal.unit, owners_by_role[principal.role]):
        raise ForbiddenError("对象不在本单位范围内 / the object is outside your unit's scope")


def _owned_by(unit: str, owners: Owners) -> bool:
    if owners is None:
        return False
    if isinstance(owners, str):
        return unit == owners
    return unit in owners
