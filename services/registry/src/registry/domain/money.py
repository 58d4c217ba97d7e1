"""万元 amounts: exact decimals with four places, never negative."""

from __future__ import annotations

from decimal import Decimal

from registry.domain.errors import RegistryError

MONEY_PLACES = Decimal("0.0001")


def check_money(value: Decimal, field: str) -> Decimal:
    """万元 amounts: finite, not negative, at most four decimal places."""
    if not value.is_finite() or value < 0:
        raise RegistryError("金额必须为非负数 / amount must be a non-negative number", field)
    if value != value.quantize(MONEY_PLACES):
        raise RegistryError("金额最多四位小数 / at most 4 decimal places (万元)", field)
    return value.quantize(MONEY_PLACES)
