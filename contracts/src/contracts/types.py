"""Value types shared by event payloads.

Money is a decimal string in 万元 with at most four decimal places: JSON numbers
would pass through floats in many consumers, and an auditor must see exact sums.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, PlainSerializer, WithJsonSchema

MONEY_PATTERN = r"^-?[0-9]{1,14}(\.[0-9]{1,4})?$"

Money = Annotated[
    Decimal,
    Field(max_digits=18, decimal_places=4, allow_inf_nan=False),
    PlainSerializer(lambda v: f"{v:.4f}", return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": MONEY_PATTERN, "description": "万元, decimal"}),
]

Month = Annotated[str, Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")]

Identifier = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]

DisplayText = Annotated[str, Field(min_length=1, max_length=500)]

LongText = Annotated[str, Field(max_length=5000)]
