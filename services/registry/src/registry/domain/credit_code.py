"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character.

The code is 1 registration authority + 1 kind + 6 division + 9 organisation code +
1 check, over 31 characters (digits and capitals without I, O, Z, S, V). The check
character is ``31 - (Σ value(cᵢ)·wᵢ mod 31)`` with weights ``3ⁱ⁻¹ mod 31``
(31 maps to 0), so a single mistyped or swapped character is caught.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18
_VALUE = {char: value for value, char in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(_VALUE[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid 统一社会信用代码 (in Chinese), or None when it is."""
    if len(code) != LENGTH:
        return f"统一社会信用代码应为 18 位，收到 {len(code)} 位"
    bad = sorted({char for char in code if char not in _VALUE})
    if bad:
        return f"统一社会信用代码含不允许的字符 {'、'.join(bad)}（不使用 I、O、Z、S、V 和小写字母）"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：第 18 位应为 {expected}，请核对"
    return None
