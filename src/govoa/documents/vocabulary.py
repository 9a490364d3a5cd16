"""What incoming and outgoing documents share: 文种, 紧急程度, 行文方向, 公开属性, 来文方式."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocType(models.TextChoices):
    """The 15 types of 《党政机关公文处理工作条例》 第八条."""

    RESOLUTION = "resolution", _("决议")
    DECISION = "decision", _("决定")
    ORDER = "order", _("命令（令）")
    COMMUNIQUE = "communique", _("公报")
    ANNOUNCEMENT = "announcement", _("公告")
    PUBLIC_NOTICE = "public_notice", _("通告")
    OPINION = "opinion", _("意见")
    NOTICE = "notice", _("通知")
    BULLETIN = "bulletin", _("通报")
    REPORT = "report", _("报告")
    REQUEST = "request", _("请示")
    REPLY = "reply", _("批复")
    MOTION = "motion", _("议案")
    LETTER = "letter", _("函")
    MINUTES = "minutes", _("纪要")


# The word as it ends a title (命令 may end in 令).
DOC_TYPE_WORDS = {
    DocType.RESOLUTION: ("决议",),
    DocType.DECISION: ("决定",),
    DocType.ORDER: ("命令", "令"),
    DocType.COMMUNIQUE: ("公报",),
    DocType.ANNOUNCEMENT: ("公告",),
    DocType.PUBLIC_NOTICE: ("通告",),
    DocType.OPINION: ("意见",),
    DocType.NOTICE: ("通知",),
    DocType.BULLETIN: ("通报",),
    DocType.REPORT: ("报告",),
    DocType.REQUEST: ("请示",),
    DocType.REPLY: ("批复",),
    DocType.MOTION: ("议案",),
    DocType.LETTER: ("函",),
    DocType.MINUTES: ("纪要",),
}


class Urgency(models.TextChoices):
    """紧急程度 (GB/T 9704 7.2.3): ordinary documents carry none."""

    NORMAL = "normal", _("普通")
    URGENT = "urgent", _("加急")
    EXTRA_URGENT = "extra_urgent", _("特急")


class Direction(models.TextChoices):
    UPWARD = "upward", _("上行文")
    LATERAL = "lateral", _("平行文")
    DOWNWARD = "downward", _("下行文")


class Publicity(models.TextChoices):
    PROACTIVE = "proactive", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    NOT_PUBLIC = "not_public", _("不予公开")


class ReceiveChannel(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    CONFIDENTIAL = "confidential", _("机要")
    EXCHANGE = "exchange", _("公文交换")
