"""统一社会信用代码 check characters (GB 32100-2015), on codes published as examples and
on every single-character change of one: each is caught."""

from __future__ import annotations

import pytest

from registry.domain.credit_code import ALPHABET, check_character, credit_code_problem

VALID = ("91350100M000100Y43", "91110108551385082Q")


@pytest.mark.parametrize("code", VALID)
def test_published_codes_pass(code: str) -> None:
    assert credit_code_problem(code) is None
    assert check_character(code[:17]) == code[17]


def test_every_single_character_change_is_caught() -> None:
    code = VALID[0]
    for position in range(18):
        for char in ALPHABET:
            if char != code[position]:
                changed = code[:position] + char + code[position + 1 :]
                assert credit_code_problem(changed) is not None, changed


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("91350100M000100Y4", "应为 18 位"),
        ("91350100M000100Y44", "第 18 位应为 3"),
        ("91350100I000100Y43", "不允许的字符 I"),
        ("91350100m000100y43", "不允许的字符"),
    ],
)
def test_a_bad_code_is_refused_saying_why_in_chinese(code: str, says: str) -> None:
    problem = credit_code_problem(code)
    assert problem is not None
    assert says in problem
