"""Vocabularies of 档案管理 (DA/T 22-2015, 国家档案局8号令): lowercase values, Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from govoa.documents.vocabulary import DocType


class Retention(models.TextChoices):
    """保管期限 (8号令 第六条): the value is the DA/T 22 code used in the 档号."""

    PERMANENT = "Y", _("永久")
    THIRTY = "D30", _("定期30年")
    TEN = "D10", _("定期10年")


RETENTION_YEARS = {Retention.PERMANENT: None, Retention.THIRTY: 30, Retention.TEN: 10}
# Appraisal may keep a record longer, never shorter.
LONGER = {Retention.TEN: Retention.THIRTY, Retention.THIRTY: Retention.PERMANENT}

# The default 保管期限表 by 文种 (an agency overrides it in its own table, 8号令 第十二条):
# rules and decisions kept for ever, routine correspondence ten years.
DEFAULT_RETENTION = {
    DocType.RESOLUTION: Retention.PERMANENT,
    DocType.DECISION: Retention.PERMANENT,
    DocType.ORDER: Retention.PERMANENT,
    DocType.COMMUNIQUE: Retention.PERMANENT,
    DocType.ANNOUNCEMENT: Retention.PERMANENT,
    DocType.PUBLIC_NOTICE: Retention.THIRTY,
    DocType.OPINION: Retention.PERMANENT,
    DocType.NOTICE: Retention.THIRTY,
    DocType.BULLETIN: Retention.THIRTY,
    DocType.REPORT: Retention.THIRTY,
    DocType.REQUEST: Retention.PERMANENT,
    DocType.REPLY: Retention.PERMANENT,
    DocType.MOTION: Retention.PERMANENT,
    DocType.LETTER: Retention.TEN,
    DocType.MINUTES: Retention.PERMANENT,
}
FALLBACK_RETENTION = Retention.TEN


class Scheme(models.TextChoices):
    """分类方案 (DA/T 22-2015 5.2.2)."""

    YEAR_ORG_PERIOD = "year_org_period", _("年度—机构（问题）—保管期限")
    YEAR_PERIOD_ORG = "year_period_org", _("年度—保管期限—机构（问题）")
    YEAR_PERIOD = "year_period", _("年度—保管期限")


class Pattern(models.TextChoices):
    """档号 templates: {fonds} {category} {year} {period} {org} {item} (件号, 4 digits)."""

    DAT22 = "{fonds}-{category}·{year}-{period}-{org}-{item}", _("DA/T 22-2015")
    DAT13 = "{fonds}-{category}·{year}·{period}·{org}-{item}", _("DA/T 13-2022")


class RecordStatus(models.TextChoices):
    RECEIVED = "received", _("待整理")
    CLASSIFIED = "classified", _("已分类")
    FILED = "filed", _("已归档")
    EXCLUDED = "excluded", _("不归档")
    TO_DESTROY = "to_destroy", _("待销毁")
    DESTROYED = "destroyed", _("已销毁")


class ComponentRole(models.TextChoices):
    """件内文件. The order of the values is the in-item order of DA/T 22-2015 (5.1.2):
    处理单 before the 收文; 正本 before 定稿, 正文 before 附件; 转发文 before 被转发文; 复文
    before 来文; 原件 before 复制件; 正本 before the 发文稿纸 and 定稿."""

    PROCESSING_SHEET = "processing_sheet", _("文件处理单")
    MAIN = "main", _("正本")
    ATTACHMENT = "attachment", _("附件")
    APPROVAL_SHEET = "approval_sheet", _("发文稿纸")
    FINAL_DRAFT = "final_draft", _("定稿")
    JOINED = "joined", _("来文（被转发文）")
    COPY = "copy", _("复制件")


ROLE_ORDER = {role.value: rank for rank, role in enumerate(ComponentRole)}


class JoinKind(models.TextChoices):
    """Two documents that form one 件 (5.1.1): the other one goes after."""

    REPLY = "reply", _("复文与来文")
    FORWARD = "forward", _("转发文与被转发文")


class LoanKind(models.TextChoices):
    ELECTRONIC = "electronic", _("电子借阅（在线查阅）")
    PAPER = "paper", _("纸质借阅")


class LoanStatus(models.TextChoices):
    REVIEWING = "reviewing", _("审批中")
    APPROVED = "approved", _("借阅中")
    REJECTED = "rejected", _("未批准")
    CANCELLED = "cancelled", _("已撤销")
    RETURNED = "returned", _("已归还")


LOAN_STATUS_BY_END = {
    "completed": LoanStatus.APPROVED,
    "rejected": LoanStatus.REJECTED,
    "cancelled": LoanStatus.CANCELLED,
}


class Decision(models.TextChoices):
    KEEP = "keep", _("继续保存（延长保管期限）")
    DESTROY = "destroy", _("销毁")


class AppraisalStatus(models.TextChoices):
    """A 鉴定 is open while the committee's members vote; it is decided when a majority of the
    committee (过半数) agrees, or, every member having voted without one, kept (存疑从保)."""

    VOTING = "voting", _("鉴定小组表决中")
    DECIDED = "decided", _("已鉴定")
    CANCELLED = "cancelled", _("已撤销")  # its vote flow was cancelled: the record is as it was


class DestructionStatus(models.TextChoices):
    REVIEWING = "reviewing", _("审批中")
    APPROVED = "approved", _("已批准待销毁")
    REJECTED = "rejected", _("未批准")
    CANCELLED = "cancelled", _("已撤销")
    DONE = "done", _("已销毁")


DESTRUCTION_STATUS_BY_END = {
    "completed": DestructionStatus.APPROVED,
    "rejected": DestructionStatus.REJECTED,
    "cancelled": DestructionStatus.CANCELLED,
}


def loan_template_code(classification: int) -> str:
    """Who approves a loan depends on the record's 密级 (template data per level)."""
    return "archive_loan_classified" if classification >= 2 else "archive_loan"
