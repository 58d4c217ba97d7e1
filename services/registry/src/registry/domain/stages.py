"""Project stages and the transitions between them (前期 → 开工/复工 → 竣工 → 投产)."""

from __future__ import annotations

from datetime import date

from registry.domain.errors import ConflictingCommandError

STAGES = ("preparation", "started", "resumed", "completed", "operating")
STAGE_NAMES = {
    "preparation": "前期",
    "started": "开工",
    "resumed": "复工",
    "completed": "竣工",
    "operating": "投产/运营",
}
UNDER_WAY = frozenset({"started", "resumed", "completed", "operating"})

# A continuing project may stop for winter after it started and resume in spring.
_NEXT: dict[str, frozenset[str]] = {
    "preparation": frozenset({"started", "resumed"}),
    "started": frozenset({"resumed", "completed"}),
    "resumed": frozenset({"completed"}),
    "completed": frozenset({"operating"}),
    "operating": frozenset(),
}


def check_transition(
    current: str, target: str, *, is_new: bool, last_change_on: date | None, on: date
) -> None:
    """Refuse an illegal stage change with a reason in Chinese and English."""
    if target not in _NEXT[current]:
        allowed = "、".join(STAGE_NAMES[s] for s in sorted(_NEXT[current])) or "无"
        raise ConflictingCommandError(
            f"不能从{STAGE_NAMES[current]}变为{STAGE_NAMES[target]}(允许:{allowed}) / "
            f"illegal transition {current} -> {target}"
        )
    if current == "preparation" and target == "started" and not is_new:
        raise ConflictingCommandError(
            "续建项目应为复工而非开工 / a continuing project resumes, it does not start"
        )
    if current == "preparation" and target == "resumed" and is_new:
        raise ConflictingCommandError(
            "新开工项目尚未开工,不能复工 / a new project must start before it can resume"
        )
    if last_change_on is not None and on < last_change_on:
        raise ConflictingCommandError(
            f"日期 {on} 早于上一次阶段变更 {last_change_on} / "
            f"stage change dated before the previous one ({last_change_on})"
        )


def stage_on(history: list[tuple[str, date]], day: date) -> str:
    """The stage in force at the end of ``day`` from the dated stage history."""
    stage = "preparation"
    for name, on in history:
        if on <= day:
            stage = name
    return stage
