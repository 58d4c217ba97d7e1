"""One line of Chinese per project event, for the project's timeline.

Only the event's own business fields are read, by name; nothing of the store's
bookkeeping (topics, ids, chain, metadata) can reach a summary.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from contracts.labels import (
    APPROVAL_STEP_LABELS,
    LIGHT_LABELS,
    STAGE_LABELS,
    SUSPENSION_LABELS,
    VISIT_KIND_LABELS,
)

Data = Mapping[str, Any]


def _money(value: Any) -> str:
    try:
        return f"{Decimal(str(value)):.4f}"
    except ArithmeticError:
        return str(value)


def _step(data: Data) -> str:
    step = str(data.get("step", ""))
    return APPROVAL_STEP_LABELS.get(step, step)


def _registered(data: Data) -> str:
    return f"登记项目「{data.get('name', '')}」"


def _stage(data: Data) -> str:
    stage = str(data.get("stage", ""))
    return f"阶段变更为 {STAGE_LABELS.get(stage, stage)}({data.get('on', '')})"


def _progress(data: Data) -> str:
    verb = "更正" if data.get("correction") else "填报"
    photos = len(data.get("photos") or [])
    pictures = f",照片 {photos} 张" if photos else ""
    amount = _money(data.get("investment_completed", ""))
    return f"{verb} {data.get('month', '')} 月度进度(完成投资 {amount} 万元{pictures})"


def _sponsor(data: Data) -> str:
    return f"指定包联领导 {data.get('leader', '')}"


def _visit(data: Data) -> str:
    kind = str(data.get("kind", ""))
    visit = VISIT_KIND_LABELS.get(kind, kind)
    return f"包联领导 {data.get('leader', '')} {visit}({data.get('on', '')})"


def _approval(data: Data) -> str:
    state = "办结" if data.get("granted_on") else "受理"
    used = f"已用 {data.get('working_days_used', '')}/{data.get('limit', '')} 个工作日"
    return f"审批环节 {_step(data)} {state}({used})"


def _suspended(data: Data) -> str:
    kind = str(data.get("kind", ""))
    return f"审批环节 {_step(data)} 因{SUSPENSION_LABELS.get(kind, kind)}中止计时"


def _resumed(data: Data) -> str:
    return f"审批环节 {_step(data)} 恢复计时"


def _sla(data: Data) -> str:
    what = "超时" if data.get("status") == "breached" else "临近时限"
    used = f"已用 {data.get('working_days_used', '')}/{data.get('limit', '')} 个工作日"
    return f"便捷审批{what}({used})"


def _warning(data: Data) -> str:
    overall = str(data.get("overall", ""))
    return f"{data.get('month', '')} 预警为{LIGHT_LABELS.get(overall, overall)}"


SUMMARIES: dict[str, Callable[[Data], str]] = {
    "Registered": _registered,
    "StageChanged": _stage,
    "ProgressReported": _progress,
    "SponsorAssigned": _sponsor,
    "LeaderVisited": _visit,
    "ApprovalStepRecorded": _approval,
    "ApprovalSuspended": _suspended,
    "ApprovalResumed": _resumed,
    "ApprovalSlaFlagged": _sla,
    "WarningChanged": _warning,
}


def summary_of(event_type: str, data: Data) -> str:
    """The event in a few Chinese words; an event type not known here is 其他记录."""
    describe = SUMMARIES.get(event_type)
    return describe(data) if describe is not None else "其他记录"
