"""One line of Chinese per project event, for the project's timeline.

Only the event's own business fields are read, by name; nothing of the store's
bookkeeping (topics, ids, chain, metadata) can reach a summary.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

STAGE_REACHED = {
    "preparation": "前期",
    "started": "已开工",
    "resumed": "已复工",
    "completed": "已竣工",
    "operating": "已投产",
}
STEP_NAMES = {
    "project_code": "项目赋码",
    "construction_permit": "施工许可",
    "completion_acceptance": "竣工验收",
    "property_certificate": "不动产登记",
}
SUSPENSION_NAMES = {"hearing": "听证", "expert_review": "专家评审"}
VISIT_NAMES = {"site_survey": "实地调研", "onsite_office": "现场办公"}
LIGHT_NAMES = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}

Data = Mapping[str, Any]


def _money(value: Any) -> str:
    try:
        return f"{Decimal(str(value)):.4f}"
    except ArithmeticError:
        return str(value)


def _step(data: Data) -> str:
    step = str(data.get("step", ""))
    return STEP_NAMES.get(step, step)


def _registered(data: Data) -> str:
    return f"登记项目「{data.get('name', '')}」"


def _stage(data: Data) -> str:
    stage = str(data.get("stage", ""))
    return f"阶段变更为 {STAGE_REACHED.get(stage, stage)}({data.get('on', '')})"


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
    return f"包联领导 {data.get('leader', '')} {VISIT_NAMES.get(kind, kind)}({data.get('on', '')})"


def _approval(data: Data) -> str:
    state = "办结" if data.get("granted_on") else "受理"
    used = f"已用 {data.get('working_days_used', '')}/{data.get('limit', '')} 个工作日"
    return f"审批环节 {_step(data)} {state}({used})"


def _suspended(data: Data) -> str:
    kind = str(data.get("kind", ""))
    return f"审批环节 {_step(data)} 因{SUSPENSION_NAMES.get(kind, kind)}中止计时"


def _resumed(data: Data) -> str:
    return f"审批环节 {_step(data)} 恢复计时"


def _sla(data: Data) -> str:
    what = "超时" if data.get("status") == "breached" else "临近时限"
    used = f"已用 {data.get('working_days_used', '')}/{data.get('limit', '')} 个工作日"
    return f"便捷审批{what}({used})"


def _warning(data: Data) -> str:
    overall = str(data.get("overall", ""))
    return f"{data.get('month', '')} 预警为{LIGHT_NAMES.get(overall, overall)}"


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
