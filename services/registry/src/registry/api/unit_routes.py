"""项目单位 routes: register an enterprise with its credit code, read it, change its contact."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from contracts.types import Identifier
from registry.api.common import RegistryDep, domain_errors
from registry.domain import ProjectUnit
from servicekit.web.auth import Principal, Role, ensure_scope, require_roles
from servicekit.web.dependencies import ContextDep
from servicekit.web.versioning import set_etag

router = APIRouter(prefix="/v1/units", tags=["project units"])
# The office and counties register the units of the projects they register; a unit
# may register itself (its own id only).
UnitWriters = Annotated[
    Principal, Depends(require_roles(Role.OFFICE, Role.COUNTY, Role.PROJECT_UNIT))
]
READERS = (
    Role.COMMANDER,
    Role.OFFICE,
    Role.SUBCOMMAND_COMMANDER,
    Role.DEPARTMENT,
    Role.COUNTY,
    Role.PROJECT_UNIT,
    Role.LEADER,
    Role.AUDITOR,
)
UnitReaders = Annotated[Principal, Depends(require_roles(*READERS))]
UnitId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]


class UnitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Identifier = Field(description="项目单位 id（项目的 project_unit 引用它）")
    name: str = Field(min_length=1, max_length=100, description="单位全称（中文）")
    credit_code: str = Field(
        min_length=18,
        max_length=18,
        description="统一社会信用代码（18 位，校验位按 GB 32100-2015）",
    )
    contact: str = Field(min_length=1, max_length=40, description="联系人")
    phone: str = Field(
        min_length=7, max_length=20, description="联系电话（手机或带区号的固定电话）"
    )


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    contact: str = Field(min_length=1, max_length=40)
    phone: str = Field(min_length=7, max_length=20)


class UnitOut(BaseModel):
    id: str
    name: str
    credit_code: str
    contact: str
    phone: str
    registered_on: date
    version: int


def unit_out(unit: ProjectUnit) -> UnitOut:
    return UnitOut(
        id=unit.unit_id,
        name=unit.name,
        credit_code=unit.credit_code,
        contact=unit.contact,
        phone=unit.phone,
        registered_on=unit.registered_on,
        version=unit.version,
    )


@router.post("", status_code=201, response_model=UnitOut, summary="登记项目单位")
def register_unit(
    body: UnitIn, response: Response, registry: RegistryDep, ctx: ContextDep, principal: UnitWriters
) -> UnitOut:
    """201 for a new unit; 200 with the unit as stored when the same id, name and code
    are sent again; 409 when the id or the credit code is another unit's."""
    if principal.role == Role.PROJECT_UNIT:
        ensure_scope(principal, project_unit=body.id)
    with domain_errors():
        unit, created = registry.register_unit(
            ctx,
            unit_id=body.id,
            name=body.name.strip(),
            credit_code=body.credit_code.upper(),
            contact=body.contact.strip(),
            phone=body.phone.strip(),
        )
    if not created:
        response.status_code = 200
    set_etag(response, unit.version)
    return unit_out(unit)


@router.get("/{unit_id}", response_model=UnitOut, summary="项目单位")
def get_unit(
    unit_id: UnitId, response: Response, registry: RegistryDep, principal: UnitReaders
) -> UnitOut:
    with domain_errors():
        unit = registry.get_unit(unit_id)
    set_etag(response, unit.version)
    return unit_out(unit)


@router.post("/{unit_id}/contact", response_model=UnitOut, summary="变更联系人")
def change_contact(
    unit_id: UnitId,
    body: ContactIn,
    response: Response,
    registry: RegistryDep,
    ctx: ContextDep,
    principal: UnitWriters,
) -> UnitOut:
    if principal.role == Role.PROJECT_UNIT:
        ensure_scope(principal, project_unit=unit_id)
    with domain_errors():
        unit = registry.change_unit_contact(ctx, unit_id, contact=body.contact, phone=body.phone)
    set_etag(response, unit.version)
    return unit_out(unit)
