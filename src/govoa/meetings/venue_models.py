"""会场布置与会前检查: the checklist per meeting type, the checks of the day before and of
the day (each item with who checked it), rehearsals of important meetings, and incidents
during the meeting (设备故障, 人员缺席) with the response."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from govoa.meetings.workflow import IncidentKind, MeetingType, VenuePhase
from govoa.org.models import Agency

PERSON = settings.AUTH_USER_MODEL


class VenueChecklist(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    meeting_type = models.CharField(_("会议类型"), max_length=12, choices=MeetingType.choices)
    items = models.JSONField(_("检查项目"), default=list)
    updated_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("设置人")
    )
    updated_at = models.DateTimeField(_("设置时间"), auto_now=True)

    class Meta:
        verbose_name = _("会场检查清单")
        verbose_name_plural = _("会场检查清单")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "meeting_type"], name="meeting_venue_list_per_type"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_meeting_type_display()}会场检查清单"


class VenueCheck(models.Model):
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="venue_checks"
    )
    phase = models.CharField(_("检查时点"), max_length=12, choices=VenuePhase.choices)
    item = models.CharField(_("检查项目"), max_length=40)
    ok = models.BooleanField(_("正常"))
    note = models.CharField(_("情况说明"), max_length=200, blank=True)
    checked_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("检查人")
    )
    checked_at = models.DateTimeField(_("检查时间"))

    class Meta:
        verbose_name = _("会场检查")
        verbose_name_plural = _("会场检查")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "phase", "item"], name="meeting_venue_check_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.item}"


class Rehearsal(models.Model):
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="rehearsals"
    )
    held_at = models.DateTimeField(_("彩排时间"))
    note = models.CharField(_("彩排情况"), max_length=500)
    recorded_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人")
    )

    class Meta:
        verbose_name = _("彩排记录")
        verbose_name_plural = _("彩排记录")

    def __str__(self) -> str:
        return f"{self.meeting} 彩排"


class MeetingIncident(models.Model):
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="incidents"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=IncidentKind.choices)
    occurred_at = models.DateTimeField(_("发生时间"))
    description = models.CharField(_("情况"), max_length=300)
    response = models.CharField(_("处置"), max_length=300)
    recorded_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人")
    )

    class Meta:
        verbose_name = _("会中突发情况")
        verbose_name_plural = _("会中突发情况")

    def __str__(self) -> str:
        return f"{self.meeting} {self.get_kind_display()}"
