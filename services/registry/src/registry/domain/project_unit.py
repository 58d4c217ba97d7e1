"""项目单位: the enterprise or owner building a project, as a record of its own.

A project refers to its unit by id; the unit carries what a person reads (the
Chinese name) and what the office checks it by (统一社会信用代码). A credit code
names one enterprise, so it is claimed once: the claim is its own aggregate, keyed
by the code and saved with the unit, so two units with one code cannot both land.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from registry.domain.credit_code import credit_code_problem
from registry.domain.errors import RegistryError

UNIT_NAMESPACE = uuid.UUID("2b9e4f60-7c1d-4a83-b5e2-9f0a6d3c1e48")
# A mobile (1xx xxxx xxxx) or a landline with its area code (0357-1234567).
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


def validate_unit(name: str, credit_code: str, contact: str, phone: str) -> None:
    if not name.strip():
        raise RegistryError("项目单位名称不能为空 / the unit's name is required", "name")
    problem = credit_code_problem(credit_code)
    if problem is not None:
        raise RegistryError(f"{problem} / invalid unified social credit code", "credit_code")
    if not contact.strip():
        raise RegistryError("联系人不能为空 / a contact person is required", "contact")
    if not PHONE.match(phone):
        raise RegistryError(
            "联系电话应为手机号或带区号的固定电话（如 0357-1234567） / invalid phone", "phone"
        )


class ProjectUnit(Aggregate):
    @staticmethod
    def create_id(unit_id: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(UNIT_NAMESPACE, f"unit:{unit_id}")

    class Registered(Aggregate.Created):
        unit_id: str
        name: str
        credit_code: str
        contact: str
        phone: str
        on: date

    class ContactChanged(Aggregate.Event):
        contact: str
        phone: str
        on: date

    @event(Registered)
    def __init__(
        self, unit_id: str, name: str, credit_code: str, contact: str, phone: str, on: date
    ) -> None:
        self.unit_id = unit_id
        self.name = name
        self.credit_code = credit_code
        self.contact = contact
        self.phone = phone
        self.registered_on = on

    def change_contact(self, contact: str, phone: str, on: date) -> None:
        validate_unit(self.name, self.credit_code, contact, phone)
        if (contact, phone) != (self.contact, self.phone):
            self._contact_changed(contact, phone, on)

    @event(ContactChanged)
    def _contact_changed(self, contact: str, phone: str, on: date) -> None:
        self.contact, self.phone = contact, phone


class CreditCodeClaim(Aggregate):
    """Which unit holds a credit code: created once, never moved."""

    @staticmethod
    def create_id(credit_code: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(UNIT_NAMESPACE, f"credit-code:{credit_code}")

    class Claimed(Aggregate.Created):
        credit_code: str
        unit_id: str

    @event(Claimed)
    def __init__(self, credit_code: str, unit_id: str) -> None:
        self.credit_code = credit_code
        self.unit_id = unit_id
