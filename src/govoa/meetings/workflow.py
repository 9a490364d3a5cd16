"""会议 vocabulary: the flows, the statuses, the answers to a notice (no database access)."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

PLAN_FLOW = "meeting_plan"
REQUEST_FLOW = "meeting_request"
MINUTES_FLOW = "meeting_minutes"
# 材料提交时限: so many working days before the meeting (for the leader's review).
MATERIALS_WORKING_DAYS = 2
# 纪要: drafted within 24 hours of the meeting's end.
MINUTES_WITHIN = datetime.timedelta(hours=24)
# 签到: the QR link opens an hour before the start and closes when the meeting ends.
SIGN_IN_OPENS_BEFORE = datetime.timedelta(hours=1)
# 大型会议 (an evaluation form afterwards): so many invitees or more.
LARGE_MEETING = 30


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REVIEWING = "reviewing", _("办公室审核中")
    APPROVING = "approving", _("领导审批中")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    CANCELLED = "cancelled", _("已取消")
    CLOSED = "closed", _("已结束")


# A room and the people are held only by an approved meeting (or one that has taken place).
HOLDING = (MeetingStatus.APPROVED, MeetingStatus.CLOSED)
ACTIVE = (MeetingStatus.PENDING, MeetingStatus.APPROVED, MeetingStatus.CLOSED)


class Answer(models.TextChoices):
    PENDING = "pending", _("未回执")
    ATTEND = "attend", _("参加")
    LEAVE = "leave", _("请假")
    DELEGATE = "delegate", _("派人参加")


class Seat(models.TextChoices):
    ROSTRUM = "rostrum", _("主席台")
    HALL = "hall", _("台下")


class EvenRule(models.TextChoices):
    """主席台人数为双数时：2 号在 1 号的右手（常见），或在左手（同单数规则）."""

    SECOND_RIGHT = "second_right", _("双数时 2 号在 1 号右手")
    SECOND_LEFT = "second_left", _("双数时 2 号在 1 号左手")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("起草中")
    APPROVING = "approving", _("待主持领导审签")
    APPROVED = "approved", _("已审签")
    DISTRIBUTED = "distributed", _("已印发")


def overlaps(
    a_start: datetime.datetime,
    a_end: datetime.datetime,
    b_start: datetime.datetime,
    b_end: datetime.datetime,
) -> bool:
    """Two time slots overlap: one ending exactly when the other starts does not."""
    return a_start < b_end and b_start < a_end


class MeetingType(models.TextChoices):
    """会议类型: each has its own 会场检查清单 (``VenueChecklist``)."""

    PARTY_GROUP = "party_group", _("党组会议")
    OFFICE = "office", _("主任办公会议")
    TOPIC = "topic", _("专题会议")
    VIDEO = "video", _("视频会议")
    LARGE = "large", _("大型会议")
    OTHER = "other", _("其他会议")


class VenuePhase(models.TextChoices):
    DAY_BEFORE = "day_before", _("会前一天检查")
    ON_DAY = "on_day", _("会议当天检查")


class IncidentKind(models.TextChoices):
    EQUIPMENT = "equipment", _("设备故障")
    ABSENCE = "absence", _("人员缺席")
    OTHER = "other", _("其他")


# 会场布置检查的默认项目 (an agency may set its own list per meeting type).
DEFAULT_VENUE_ITEMS = (
    "座位摆放",
    "会标",
    "席卡",
    "音响话筒",
    "投影",
    "灯光",
    "空调",
    "视频连线",
    "备用设备",
)
MAX_VENUE_ITEMS = 20
