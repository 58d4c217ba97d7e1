"""项目单位 commands: register an enterprise with its credit code, change its contact."""

from __future__ import annotations

from registry.application.base import RegistryBase, UnknownObjectError
from registry.domain import ConflictingCommandError
from registry.domain.project_unit import CreditCodeClaim, ProjectUnit, validate_unit
from servicekit.core.context import CommandContext, command_method


class UnitCommands(RegistryBase):
    def find_unit(self, unit_id: str) -> ProjectUnit | None:
        try:
            return self._get(ProjectUnit.create_id(unit_id), ProjectUnit, unit_id)
        except UnknownObjectError:
            return None

    def get_unit(self, unit_id: str) -> ProjectUnit:
        found = self.find_unit(unit_id)
        if found is None:
            raise UnknownObjectError(f"项目单位不存在 / no project unit {unit_id}")
        return found

    def unit_name(self, unit_id: str | None) -> str | None:
        """The unit's Chinese name where it is registered (a bare id otherwise)."""
        found = self.find_unit(unit_id) if unit_id else None
        return found.name if found is not None else None

    @command_method
    def register_unit(
        self,
        ctx: CommandContext,
        *,
        unit_id: str,
        name: str,
        credit_code: str,
        contact: str,
        phone: str,
    ) -> tuple[ProjectUnit, bool]:
        """The unit, and whether it is new: the same registration again changes nothing
        (an import run twice), a different one under the same id or code is refused."""
        validate_unit(name, credit_code, contact, phone)
        existing = self.find_unit(unit_id)
        if existing is not None:
            if (existing.name, existing.credit_code) == (name, credit_code):
                return existing, False
            raise ConflictingCommandError(
                f"项目单位 {unit_id} 已登记为「{existing.name}」（{existing.credit_code}） / "
                "the unit id is taken"
            )
        claim = self._claim_of(credit_code)
        if claim is not None:
            holder = self.unit_name(claim.unit_id) or claim.unit_id
            raise ConflictingCommandError(
                f"统一社会信用代码 {credit_code} 已由「{holder}」使用 / "
                "credit code already registered"
            )
        unit = ProjectUnit(
            unit_id=unit_id,
            name=name,
            credit_code=credit_code,
            contact=contact,
            phone=phone,
            on=self.clock.today(),
        )
        # One save, one transaction: the unit and its code's claim land together or not.
        self.save(unit, CreditCodeClaim(credit_code=credit_code, unit_id=unit_id))
        return unit, True

    def _claim_of(self, credit_code: str) -> CreditCodeClaim | None:
        try:
            return self._get(CreditCodeClaim.create_id(credit_code), CreditCodeClaim, credit_code)
        except UnknownObjectError:
            return None

    @command_method
    def change_unit_contact(
        self, ctx: CommandContext, unit_id: str, *, contact: str, phone: str
    ) -> ProjectUnit:
        unit = self.get_unit(unit_id)
        unit.change_contact(contact, phone, self.clock.today())
        self.save(unit)
        return unit
