"""The archivist's settings page: 全宗号, 分类方案, 档号规则 and the 保管期限表."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from govoa.archives.models import RetentionRule
from govoa.archives.services.common import agency_settings
from govoa.archives.services.settings import (
    SettingsData,
    archive_settings_update,
    retention_rule_set,
)
from govoa.archives.views.common import NAV, valid
from govoa.archives.views.records import _archivist
from govoa.archives.workflow import DEFAULT_RETENTION, Pattern, Retention, Scheme
from govoa.documents.vocabulary import DocType


class SettingsForm(forms.Form):
    fonds_code = forms.CharField(label="全宗号", max_length=10)
    scheme = forms.ChoiceField(label="分类方案", choices=Scheme.choices)
    pattern = forms.ChoiceField(label="档号规则", choices=Pattern.choices)


class RuleForm(forms.Form):
    doc_type = forms.ChoiceField(label="文种", choices=DocType.choices)
    retention = forms.ChoiceField(label="保管期限", choices=Retention.choices)


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    person = _archivist(request)
    if request.method == "POST":
        if "doc_type" in request.POST:
            data = valid(RuleForm(request.POST))
            retention_rule_set(actor=person, doc_type=data["doc_type"], retention=data["retention"])
        else:
            archive_settings_update(
                actor=person, data=SettingsData(**valid(SettingsForm(request.POST)))
            )
        messages.success(request, "已保存。")
        return redirect("archives:settings")
    current = agency_settings(person.agency_id)
    own = dict(
        RetentionRule.objects.filter(agency_id=person.agency_id).values_list(
            "doc_type", "retention"
        )
    )
    table = [
        (label, Retention(own.get(value, DEFAULT_RETENTION[DocType(value)])).label, value in own)
        for value, label in DocType.choices
    ]
    return render(
        request,
        "archives/settings.html",
        {
            "form": SettingsForm(
                initial={
                    "fonds_code": current.fonds_code,
                    "scheme": current.scheme,
                    "pattern": current.pattern,
                }
            ),
            "rule_form": RuleForm(),
            "table": table,
            "active_nav": NAV,
        },
    )
