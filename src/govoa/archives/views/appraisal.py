"""鉴定 and 销毁 screens: the records whose 保管期限 has ended, the committee's decision,
the destruction request, its page (approval, execution) and the 销毁清册."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from govoa.archives import policies, selectors
from govoa.archives.forms import AppraisalForm, DestructionForm, VoteForm
from govoa.archives.policies import APPRAISAL_TYPE, DESTRUCTION_TYPE
from govoa.archives.services.appraisal import (
    AppraisalData,
    archive_appraisal_vote,
    archive_appraise,
    archive_destruction_execute,
    archive_destruction_request,
    vote_item,
)
from govoa.archives.views.common import NAV, business, valid
from govoa.archives.views.records import _archivist
from govoa.archives.workflow import AppraisalStatus, DestructionStatus
from govoa.core.downloads import download_view
from govoa.core.errors import NotFound
from govoa.core.filenames import file_name
from govoa.core.http import file_response
from govoa.documents.files import open_stored
from govoa.flow import selectors as flow_selectors
from govoa.flow.models import FlowInstance, WorkItem
from govoa.flow.presenters import trail_line
from govoa.flow.workflow import ItemStatus
from govoa.org.models import Person


@login_required
def appraisal(request: HttpRequest) -> HttpResponse:
    person = _archivist(request)
    year = timezone.localdate().year
    return render(
        request,
        "archives/appraisal.html",
        {
            "expired": list(selectors.expired_records(person=person, year=year)[:200]),
            "voting": list(selectors.appraisals_open(person=person)[:200]),
            "to_destroy": list(selectors.records_to_destroy(person=person)[:200]),
            "destructions": list(selectors.destruction_list(person=person)[:50]),
            "appraisal_form": AppraisalForm(),
            "destruction_form": DestructionForm(),
            "active_nav": NAV,
        },
    )


@login_required
@require_POST
def appraise(request: HttpRequest) -> HttpResponse:
    person = _archivist(request)
    data = valid(AppraisalForm(request.POST))
    members = Person.objects.filter(agency_id=person.agency_id, username__in=data["committee"])
    done = archive_appraise(
        actor=person,
        data=AppraisalData(
            record_ids=data["records"],
            decision=data["decision"],
            committee_ids=[m.pk for m in members],
            opinion=data["opinion"],
        ),
    )
    messages.success(request, f"已将 {len(done)} 件提交鉴定小组表决。")
    return redirect("archives:appraisal")


@login_required
def appraisal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One 鉴定: the archivist's 初步意见, each member's decision and reason, the result; a
    member who has not voted yet records theirs here."""
    person = business(request)
    found = selectors.appraisal_get_for_person(person=person, pk=pk)
    votes = list(found.votes.select_related("member").order_by("voted_at", "pk"))
    committee = list(found.committee.order_by("rank_order", "pk"))
    # A member votes through their 待办 of the appraisal's flow (its act, on this page).
    may_vote = found.status == AppraisalStatus.VOTING and vote_item(found, person) is not None
    instance = FlowInstance.objects.filter(subject_type=APPRAISAL_TYPE, subject_id=pk).first()
    trail = (
        [(entry, trail_line(entry)) for entry in flow_selectors.trail_for(instance=instance)]
        if instance
        else []
    )
    return render(
        request,
        "archives/appraisal_detail.html",
        {
            "appraisal": found,
            "record": found.record,
            "votes": votes,
            "committee": committee,
            "may_vote": may_vote,
            "instance": instance,
            "trail": trail,
            "form": VoteForm(),
            "active_nav": NAV,
        },
    )


@login_required
@require_POST
def appraisal_vote(request: HttpRequest, pk: int) -> HttpResponse:
    person = business(request)
    found = selectors.appraisal_get_for_person(person=person, pk=pk)
    data = valid(VoteForm(request.POST))
    archive_appraisal_vote(
        actor=person, appraisal_id=found.pk, decision=data["decision"], reason=data["reason"]
    )
    messages.success(request, "已记录您的鉴定意见。")
    return redirect("archives:appraisal_detail", pk=pk)


@login_required
@require_POST
def destruction_request(request: HttpRequest) -> HttpResponse:
    person = _archivist(request)
    data = valid(DestructionForm(request.POST))
    destruction = archive_destruction_request(
        actor=person, record_ids=data["records"], reason=data["reason"]
    )
    messages.success(request, "已送主要领导审批。")
    return redirect("archives:destruction_detail", pk=destruction.pk)


@login_required
def destruction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = business(request)
    destruction = selectors.destruction_get_for_person(person=person, pk=pk)
    instance = FlowInstance.objects.filter(subject_type=DESTRUCTION_TYPE, subject_id=pk).first()
    my_item = (
        WorkItem.objects.filter(instance=instance, assignee=person, status=ItemStatus.OPEN).first()
        if instance
        else None
    )
    return render(
        request,
        "archives/destruction.html",
        {
            "destruction": destruction,
            "records": list(destruction.records.order_by("class_code", "item_number")),
            "instance": instance,
            "my_item": my_item,
            "may_execute": destruction.status == DestructionStatus.APPROVED
            and policies.is_archivist(person),
            "active_nav": NAV,
        },
    )


@login_required
@require_POST
def destruction_execute(request: HttpRequest, pk: int) -> HttpResponse:
    person = _archivist(request)
    destruction = selectors.destruction_get_for_person(person=person, pk=pk)
    archive_destruction_execute(actor=person, destruction_id=destruction.pk)
    messages.success(request, "已销毁，销毁清册已存档。")
    return redirect("archives:destruction_detail", pk=pk)


@download_view
def destruction_register(request: HttpRequest, pk: int) -> HttpResponse:
    person = business(request)
    destruction = selectors.destruction_get_for_person(person=person, pk=pk)
    if destruction.register_file is None:
        raise NotFound("销毁尚未执行，没有销毁清册。")
    with open_stored(destruction.register_file) as handle:
        content = handle.read()
    return file_response(
        content,
        content_type="application/pdf",
        filename=file_name(person, "档案销毁清册", "pdf"),
        inline=True,
    )
