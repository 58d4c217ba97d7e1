"""Read-model look-ups the sweep needs: which issues are open, which units take a digest."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from notify.projections import ContactRow, WatchRow


def open_issue_ids(session: Session) -> list[str]:
    return list(session.scalars(select(WatchRow.issue_id).where(WatchRow.open)).all())


def digest_units(session: Session) -> list[str]:
    return list(session.scalars(select(ContactRow.unit_id).where(ContactRow.digest)).all())
