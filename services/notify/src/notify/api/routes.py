"""The inbox (every signed-in person's own), units' contacts, the delivery queue, the sweep."""

from __future__ import annotations

import uuid
from contextlib import AbstractContextManager
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy import case, func, select

from notify.api.schemas import (
    ContactIn,
    ContactOut,
    DeliveryOut,
    InboxItem,
    InboxOut,
    ReadOut,
    SweepIn,
    SweepOut,
)
from notify.application import Notify, NotYourNotificationError, UnknownNotificationError
from notify.domain import inbox_addresses
from notify.projections import ContactRow, DeliveryRow, InboxRow
from notify.queries import digest_units, open_issue_ids
from servicekit.web.auth import Principal, PrincipalDep, Role, require_roles
from servicekit.web.dependencies import ContextDep, ReadSessionDep, application_of
from servicekit.web.domain_errors import problems_from

router = APIRouter(prefix="/v1", tags=["notify"])

NotifyDep = Annotated[Notify, Depends(application_of(Notify))]
OfficeDep = Annotated[Principal, Depends(require_roles(Role.OFFICE))]
WatchersDep = Annotated[Principal, Depends(require_roles(Role.OFFICE, Role.OPERATOR))]
# Everyone who has an inbox (auditors and operators read none and mark nothing).
ReadersDep = Annotated[
    Principal,
    Depends(
        require_roles(
            Role.COMMANDER,
            Role.OFFICE,
            Role.SUBCOMMAND_COMMANDER,
            Role.DEPARTMENT,
            Role.COUNTY,
            Role.PROJECT_UNIT,
            Role.LEADER,
        )
    ),
]
UnitId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]


def _errors() -> AbstractContextManager[None]:
    return problems_from(
        [(UnknownNotificationError, "not_found"), (NotYourNotificationError, "forbidden")]
    )


# Far beyond any inbox (the workbench pages 20 at a time up to page 10 000).
MAX_INBOX_OFFSET = 10_000_000


@router.get("/inbox", response_model=InboxOut, summary="我的通知 / my inbox")
def inbox(
    principal: PrincipalDep,
    session: ReadSessionDep,
    unread_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    # Bounded: ?offset=9223372036854775808 reached the database and answered 500.
    offset: Annotated[int, Query(ge=0, le=MAX_INBOX_OFFSET)] = 0,
) -> InboxOut:
    """The notifications addressed to the caller's unit (an office officer reads the HQ
    office's, a county officer the county's), unread first, newest first within each."""
    addresses = sorted(inbox_addresses(principal.role, principal.unit))
    mine = InboxRow.recipient.in_(addresses)
    unread = session.scalar(select(func.count()).where(mine, InboxRow.read_at.is_(None))) or 0
    total = session.scalar(select(func.count()).where(mine)) or 0
    query = select(InboxRow).where(mine)
    if unread_only:
        query = query.where(InboxRow.read_at.is_(None))
    rows = session.scalars(
        query.order_by(
            case((InboxRow.read_at.is_(None), 0), else_=1),
            InboxRow.created_at.desc(),
            InboxRow.id,
        )
        .offset(offset)
        .limit(limit)
    ).all()
    return InboxOut(
        unread=unread,
        total=total,
        items=[InboxItem.model_validate(row, from_attributes=True) for row in rows],
    )


@router.post("/inbox/{notification_id}/read", response_model=ReadOut, summary="标为已读")
def mark_read(
    notification_id: uuid.UUID, notify: NotifyDep, ctx: ContextDep, _: ReadersDep
) -> ReadOut:
    """Marks one of the caller's notifications read (again: no change)."""
    with _errors():
        notification = notify.mark_read(ctx, notification_id)
    return ReadOut(id=str(notification.id), read_by=notification.read_by or ctx.actor)


@router.get("/contacts", response_model=list[ContactOut], summary="单位联系方式")
def contacts(_: WatchersDep, session: ReadSessionDep) -> list[ContactOut]:
    rows = session.scalars(select(ContactRow).order_by(ContactRow.unit_id)).all()
    return [ContactOut.model_validate(row, from_attributes=True) for row in rows]


@router.put("/contacts/{unit_id}", response_model=ContactOut, summary="设置单位联系方式")
def set_contact(
    unit_id: UnitId, body: ContactIn, notify: NotifyDep, ctx: ContextDep, _: OfficeDep
) -> ContactOut:
    """A unit's mailbox, its group robot (WeCom, DingTalk or a generic JSON receiver) and
    whether it takes one morning digest instead of a message per due item."""
    contact = notify.set_contact(
        ctx,
        unit_id,
        email=body.email,
        webhook_url=str(body.webhook_url) if body.webhook_url else None,
        webhook_kind=body.webhook_kind,
        digest=body.digest,
    )
    return ContactOut(
        unit_id=unit_id,
        email=contact.email,
        webhook_url=contact.webhook_url,
        webhook_kind=contact.webhook_kind,
        digest=contact.digest,
    )


@router.get("/deliveries", response_model=list[DeliveryOut], summary="投递队列")
def deliveries(
    _: WatchersDep,
    session: ReadSessionDep,
    status: Annotated[str | None, Query(pattern="^(pending|retrying|sent|failed)$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[DeliveryOut]:
    """The e-mail and robot deliveries, oldest first: what waits, what failed and why."""
    query = select(DeliveryRow).where(DeliveryRow.channel != "inbox")
    if status is not None:
        query = query.where(DeliveryRow.status == status)
    rows = session.scalars(query.order_by(DeliveryRow.queued_at).limit(limit)).all()
    return [DeliveryOut.model_validate(row, from_attributes=True) for row in rows]


@router.post("/admin/sweep", response_model=SweepOut, summary="临期扫描 / run the sweep")
def sweep(body: SweepIn, notify: NotifyDep, session: ReadSessionDep, _: WatchersDep) -> SweepOut:
    """Tells each open issue's unit when its deadline is within the policy's working days,
    and sends the digests of ``as_of``; the same day swept again tells nobody twice."""
    as_of = body.as_of or notify.clock.today()
    report = notify.sweep(
        as_of, open_issue_ids(session), digest_units(session), digests=body.digests
    )
    return SweepOut(
        as_of=report.as_of, due_soon=report.due_soon, digests=report.digests, failed=report.failed
    )
