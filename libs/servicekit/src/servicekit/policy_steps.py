"""Named steps in the policy file: an id the API takes and the Chinese name people read.

The fast-track approval chain (赋码立项 → 施工许可 → 竣工验收 → 不动产证, and whatever
step a city adds, e.g. 用地预审) is the office's to configure, names included, so
it is data in the policy file, not a table in code::

    approval_steps:
      - {id: project_code, name: 赋码立项}
      - {id: land_pre_review, name: 用地预审}

A bare id is accepted where a name is already known (``known`` names), so an older
file keeps loading; an id without a name anywhere is refused at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import Field

from servicekit.policy import Strict


class NamedStep(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")
    name: str = Field(min_length=1, max_length=40)


def named_steps(value: object, known: Mapping[str, str]) -> object:
    """``value`` with each bare id turned into ``{id, name}`` (a before-validator)."""
    if not isinstance(value, list):
        return value
    steps: list[object] = []
    for item in value:
        if isinstance(item, str):
            if item not in known:
                raise ValueError(f"step {item!r} needs a name: write it as {{id: {item}, name: …}}")
            steps.append({"id": item, "name": known[item]})
        else:
            steps.append(item)
    return steps


def unique_ids(steps: Sequence[NamedStep]) -> None:
    ids = [step.id for step in steps]
    if len(set(ids)) != len(ids):
        raise ValueError("approval_steps must not repeat a step")
