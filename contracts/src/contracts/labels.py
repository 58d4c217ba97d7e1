"""Chinese display text for the codes the contracts and APIs use (roles, stages, levels, events…).

Shared by the services (agendas, histories, exports) and the workbench, so a code is
shown with the same words wherever a person reads it.
"""

from __future__ import annotations

# Also the words of a service's 403 (servicekit.web.auth), so a page and a refusal
# name a role alike.
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

# Stored event types (the class name after the aggregate's), for audit timelines.
EVENT_LABELS = {
    "Registered": "登记",
    "Raised": "提出问题",
    "StageChanged": "阶段变更",
    "ProgressReported": "填报进度",
    "SponsorAssigned": "指定包联领导",
    "LeaderVisited": "领导调研",
    "ApprovalStepRecorded": "审批环节",
    "ApprovalSuspended": "审批暂停计时",
    "ApprovalResumed": "审批恢复计时",
    "ApprovalSlaFlagged": "审批时限预警",
    "WarningChanged": "预警灯变化",
    "Progressed": "办理进展",
    "Resolved": "已解决",
    "FollowedUp": "回访",
    "Confirmed": "企业确认",
    "Closed": "清零销号",
    "Reopened": "重新办理",
    "Escalated": "升级",
    "ExtensionRequested": "申请延期",
    "ExtensionGranted": "同意延期",
    "ExtensionRefused": "不同意延期",
    "DeadlineRecomputed": "期限重算",
    "Extended": "延期",
    "Supervised": "纳入13710督办",
    "SupervisionLimitMissed": "督办时限未达",
    "SupervisionRated": "督办评价",
    "CounterpartRecorded": "对接省直部门",
    "Opened": "建立",
    "Received": "接收",
    "Learned": "获知",
    "Seen": "获知",
    "Drafted": "拟定",
    "Redrafted": "重新拟定",
    "Changed": "变更",
    "Updated": "更新",
    "UnitChanged": "单位变更",
    "UnitLearned": "获知单位",
    "Cancelled": "取消",
    "Held": "召开",
    "Rescheduled": "改期",
    "DecisionAssigned": "决定交办",
    "Filed": "报送",
    "Missing": "逾期未报",
    "Planned": "安排",
    "InterviewArranged": "安排约谈",
    "InterviewRequired": "需约谈",
    "Published": "发布",
    "Reminded": "提醒",
    "RewardsProposed": "提出奖惩建议",
    "RewardsApproved": "批准奖惩",
    "Signed": "签名检查点",
    "Queued": "生成通知",
    "Delivered": "送达",
    "DeliveryFailed": "投递失败",
    "Read": "已读",
    "Kept": "保存检查点",
}
SERVICE_LABELS = {
    "registry": "项目登记",
    "issues": "问题清单",
    "scheduling": "会议调度",
    "assessment": "考核通报",
    "notify": "消息提醒",
}
ALL_LABELS["event"] = EVENT_LABELS
ALL_LABELS["service"] = SERVICE_LABELS

# Meetings, agendas and notices (会议调度、排名通报).
MEETING_STATUS_LABELS = {"scheduled": "已安排", "held": "已召开", "cancelled": "已取消"}
MEETING_CHANGE_LABELS = {"rescheduled": "改期", "cancelled": "取消"}
AGENDA_KIND_LABELS = {"issue": "问题", "project": "项目预警", "county": "通报"}
AGENDA_REASON_LABELS = {
    "at_level": "本级问题",
    "overdue": "逾期未办结",
    "supervised": "13710督办",
    "warning_red": "红灯预警",
    "warning_yellow": "黄灯预警",
    "notice_low": "通报排名靠后",
    "notice_reminder": "被提醒",
    "notice_interview": "被约谈",
}
CONSEQUENCE_REASON_LABELS = {
    "consecutive_low": "连续两个月排名靠后",
    "three_consecutive_low": "连续三个月排名靠后",
    "low_after_reminder": "提醒后两个月内再次排名靠后",
}
ALL_LABELS["meeting_status"] = MEETING_STATUS_LABELS
ALL_LABELS["meeting_change"] = MEETING_CHANGE_LABELS
ALL_LABELS["agenda_kind"] = AGENDA_KIND_LABELS
ALL_LABELS["agenda_reason"] = AGENDA_REASON_LABELS
ALL_LABELS["consequence_reason"] = CONSEQUENCE_REASON_LABELS

# Issues: duty-matrix categories (the policy has ids only), sources, 13710 reasons/limits.
ISSUE_CATEGORY_LABELS = {
    "coordination": "综合协调",
    "industry": "工业和信息化",
    "funding": "资金保障",
    "land": "建设用地",
    "forest_land": "林地使用",
    "emission_quota": "排污总量指标",
    "environment": "环境影响评价",
    "approval": "行政审批",
    "municipal_works": "市政配套",
    "utilities": "水电气暖配套",
    "highway": "公路交通",
    "water_works": "水利工程",
    "development_zone": "开发区建设",
    "investment_attraction": "招商引资",
    "energy_quota": "能耗指标",
    "power_connection": "电力接入",
    "land_acquisition_demolition": "征地拆迁",
    "other": "其他",
    "meeting_decision": "会议交办",
}
ISSUE_SOURCE_LABELS = {
    "project_unit": "项目单位反映",
    "county": "县（市、区）上报",
    "leader": "包联领导交办",
    "office": "指挥部办公室摸排",
    "meeting": "会议交办",
}
SUPERVISION_REASON_LABELS = {
    "stalled": "超过一个月未取得实质性进展",
    "dispatch_meetings": "连续两次调度会议仍未解决",
    "office_decision": "指挥部办公室决定督办",
}
SUPERVISION_LIMIT_LABELS = {
    "assign": "当日交办",
    "report": "3日内报告办理措施",
    "resolve_ordinary": "一般事项7日内办结",
    "resolve_major": "重大复杂事项1个月内办结",
}
ALL_LABELS["issue_category"] = ISSUE_CATEGORY_LABELS
ALL_LABELS["issue_source"] = ISSUE_SOURCE_LABELS
ALL_LABELS["supervision_reason"] = SUPERVISION_REASON_LABELS
ALL_LABELS["supervision_limit"] = SUPERVISION_LIMIT_LABELS

# Projects (项目库): sectors (the policy and org have ids only), approval steps,
# statutory suspensions, leader visits and the approval clock's state.
SECTOR_LABELS = {
    "municipal": "市政",
    "manufacturing": "制造业",
    "power": "电力",
    "political_legal": "政法",
    "culture_tourism": "文化旅游",
    "technology": "科技",
    "investment_attraction": "招商引资",
    "transport": "交通",
    "ecology": "生态",
    "education": "教育",
    "agriculture_rural": "农业农村",
    "water": "水利",
    "health": "卫生健康",
    "civil_affairs": "民政",
    "housing_security": "住房保障",
}
# The notice's names (从申请赋码立项…取得不动产证); the policy file names each step it
# configures, these name a bare id in an older file and the dashboard's columns.
APPROVAL_STEP_LABELS = {
    "project_code": "赋码立项",
    "construction_permit": "施工许可",
    "completion_acceptance": "竣工验收",
    "property_certificate": "不动产证",
}
SUSPENSION_LABELS = {"hearing": "听证", "expert_review": "专家评审"}
VISIT_KIND_LABELS = {"site_survey": "实地调研", "onsite_office": "现场办公"}
APPROVAL_STATUS_LABELS = {"on_track": "正常", "at_risk": "临近时限", "breached": "已超时限"}
ALL_LABELS["sector"] = SECTOR_LABELS
ALL_LABELS["approval_step"] = APPROVAL_STEP_LABELS
ALL_LABELS["suspension"] = SUSPENSION_LABELS
ALL_LABELS["visit_kind"] = VISIT_KIND_LABELS
ALL_LABELS["approval_status"] = APPROVAL_STATUS_LABELS

# The inbox (消息提醒): why a unit was told.
NOTIFICATION_KIND_LABELS = {
    "issue_raised": "问题交办",
    "issue_assigned": "问题交办",
    "issue_escalated": "问题升级",
    "issue_due_soon": "临期提醒",
    "issue_supervised": "13710 督办",
    "county_report_missing": "报告催报",
    "county_reminded": "通报提醒",
    "interview_scheduled": "约谈通知",
    "meeting_scheduled": "会议通知",
    "approval_sla_at_risk": "审批预警",
    "digest": "每日汇总",
}
ALL_LABELS["notification_kind"] = NOTIFICATION_KIND_LABELS
