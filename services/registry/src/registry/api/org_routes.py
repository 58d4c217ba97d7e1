"""Organisation routes: reference data in Chinese, and changes to it as commands."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from registry.api.common import RegistryDep, domain_errors
from registry.api.schemas import OrgChangeIn, OrgUnitOut
from registry.domain import OrgUnit
from registry.translation import flat_attributes
from servicekit.web.auth import Principal, PrincipalDep, Role, require_roles
from servicekit.web.dates import BusinessDate
from servicekit.web.dependencies import ContextDep
from servicekit.web.versioning import IfMatchDep, check_version, set_etag

router = APIRouter(prefix="/v1/org", tags=["organisation"])

OnQuery = Annotated[BusinessDate | None, Query(description="按日期查询 / state on this date")]


def unit_out(unit: OrgUnit, on: date | None) -> OrgUnitOut:
    day = on or date.max
    return OrgUnitOut(
        id=unit.unit_id,
        name=unit.name_on(day),
        kind=unit.kind,
        commander=unit.commander_on(day),
        departments=unit.departments_on(day),
        attributes=dict(flat_attributes(unit.attributes)),
    )


def _units(registry: RegistryDep, section: str, on: date | None) -> list[OrgUnitOut]:
    return [unit_out(unit, on) for unit in registry.org_units(section)]


@router.get("/counties", response_model=list[OrgUnitOut], summary="县(市、区)列表")
def list_counties(registry: RegistryDep, _: PrincipalDep, on: OnQuery = None) -> list[OrgUnitOut]:
    """The 17 counties and the development zone, with Chinese names."""
    return _units(registry, "counties", on)


@router.get("/departments", response_model=list[OrgUnitOut], summary="市直部门")
def list_departments(
    registry: RegistryDep, _: PrincipalDep, on: OnQuery = None
) -> list[OrgUnitOut]:
    """City departments with duties, issue categories and provincial counterparts (附件)."""
    return _units(registry, "departments", on)


@router.get("/other-units", response_model=list[OrgUnitOut], summary="其他成员单位")
def list_other_units(
    registry: RegistryDep, _: PrincipalDep, on: OnQuery = None
) -> list[OrgUnitOut]:
    """Other member units of the HQ (may lead sub-commands)."""
    return _units(registry, "other_units", on)


@router.get("/subcommands", response_model=list[OrgUnitOut], summary="分指挥部")
def list_subcommands(
    registry: RegistryDep, _: PrincipalDep, on: OnQuery = None
) -> list[OrgUnitOut]:
    """Sub-commands with their commander (指挥长), sectors and lead units on a date."""
    return _units(registry, "subcommands", on)


@router.get("/headquarters", response_model=list[OrgUnitOut], summary="总指挥部及办公室")
def list_headquarters(
    registry: RegistryDep, _: PrincipalDep, on: OnQuery = None
) -> list[OrgUnitOut]:
    """The HQ (总指挥部) and its office (总指挥部办公室) with their roles."""
    return _units(registry, "headquarters", on) + _units(registry, "office", on)


@router.get("/units/{unit_id}", response_model=OrgUnitOut, summary="组织单位(按日期)")
def get_unit(
    unit_id: str, registry: RegistryDep, _: PrincipalDep, response: Response, on: OnQuery = None
) -> OrgUnitOut:
    """One unit as it stood on ``on``: e.g. who commanded sub-command X on date D."""
    with domain_errors():
        unit = registry.org_unit(unit_id)
    set_etag(response, unit.version)
    return unit_out(unit, on)


@router.post("/units/{unit_id}/changes", response_model=OrgUnitOut, summary="组织调整")
def change_unit(
    unit_id: str,
    body: OrgChangeIn,
    registry: RegistryDep,
    ctx: ContextDep,
    _: Annotated[Principal, Depends(require_roles(Role.OFFICE, Role.COMMANDER))],
    expected: IfMatchDep,
    response: Response,
) -> OrgUnitOut:
    """Rename, new commander, a department joining or leaving — each an OrgChanged event."""
    with domain_errors():
        check_version(registry.org_unit(unit_id), expected)
        unit = registry.change_org_unit(ctx, unit_id, **body.model_dump())
    set_etag(response, unit.version)
    return unit_out(unit, None)
