"""Chinese display text for the codes the APIs use (roles, stages, levels, …)."""

from __future__ import annotations

ROLE_LABELS = {
    "commander": "总指挥部",
    "office": "指挥部办公室",
    "subcommand_commander": "分指挥部",
    "department": "市直部门",
    "county": "县（市、区）",
    "project_unit": "项目单位",
    "leader": "包联领导",
    "auditor": "审计",
    "operator": "运维",
}
STAGE_LABELS = {
    "preparation": "前期",
    "started": "已开工",
    "resumed": "已复工",
    "completed": "已竣工",
    "operating": "已投产",
}
LEVEL_LABELS = {
    "county": "县级",
    "department": "市直部门",
    "subcommand": "分指挥部",
    "hq": "总指挥部",
    "city_leadership": "市领导",
}
ISSUE_LEVELS = tuple(LEVEL_LABELS)
STATUS_LABELS = {
    "assigned": "已交办",
    "in_progress": "办理中",
    "resolved": "已解决待回访",
    "follow_up": "已回访待确认",
    "closed": "已销号",
    "reopened": "重新办理",
}
LIGHT_LABELS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
SERIES_LABELS = {
    "plenary": "全体会议",
    "dispatch": "调度会议",
    "topical": "专题例会",
    "county": "县级调度会",
    "interview": "约谈",
    "adhoc": "临时会议",
}
PROJECT_LEVEL_LABELS = {"provincial": "省级重点", "city": "市级重点"}
CONSEQUENCE_LABELS = {"reminder": "提醒", "interview": "约谈"}


def label(table: dict[str, str], code: object) -> str:
    """The Chinese text of ``code``, or the code itself when the table lacks it."""
    text = str(code) if code is not None else ""
    return table.get(text, text)


ALL_LABELS = {
    "role": ROLE_LABELS,
    "stage": STAGE_LABELS,
    "level": LEVEL_LABELS,
    "status": STATUS_LABELS,
    "light": LIGHT_LABELS,
    "series": SERIES_LABELS,
    "project_level": PROJECT_LEVEL_LABELS,
    "consequence": CONSEQUENCE_LABELS,
}
