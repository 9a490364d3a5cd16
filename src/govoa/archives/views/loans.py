"""借阅 screens: the request from a record's page, the loans list, a loan (with its approval,
the files to read while it lasts, and the return), and the watermarked file itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govoa.archives import policies, selectors
from govoa.archives.forms import LoanForm
from govoa.archives.policies import LOAN_TYPE
from govoa.archives.services.loans import (
    LoanData,
    archive_loan_request,
    archive_loan_return,
    loan_read_file,
    loan_readable,
)
from govoa.archives.views.common import NAV, PAGE, after, business, valid
from govoa.archives.workflow import LoanStatus
from govoa.core.downloads import download_view
from govoa.core.filenames import file_name, subject_of
from govoa.core.http import file_response
from govoa.flow.models import FlowInstance, WorkItem
from govoa.flow.workflow import ItemStatus


@login_required
@require_POST
def loan_request(request: HttpRequest, pk: int) -> HttpResponse:
    person = business(request)
    record = selectors.record_get_for_person(person=person, pk=pk)
    data = valid(LoanForm(request.POST))
    loan = archive_loan_request(
        actor=person,
        data=LoanData(
            record_id=record.pk,
            kind=data["kind"],
            purpose=data["purpose"],
            due_date=data["due_date"],
        ),
    )
    messages.success(request, "已提交借阅申请，等待审批。")
    return redirect("archives:loan_detail", pk=loan.pk)


@login_required
def loan_list(request: HttpRequest) -> HttpResponse:
    person = business(request)
    found = list(selectors.loan_list(person=person, after=after(request))[: PAGE + 1])
    return render(
        request,
        "archives/loans.html",
        {
            "loans": found[:PAGE],
            "next_after": found[PAGE - 1].pk if len(found) > PAGE else None,
            "active_nav": NAV,
        },
    )


@login_required
def loan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = business(request)
    loan = selectors.loan_get_for_person(person=person, pk=pk)
    instance = FlowInstance.objects.filter(subject_type=LOAN_TYPE, subject_id=loan.pk).first()
    my_item = (
        WorkItem.objects.filter(instance=instance, assignee=person, status=ItemStatus.OPEN).first()
        if instance
        else None
    )
    readable = loan_readable(loan, person)
    return render(
        request,
        "archives/loan.html",
        {
            "loan": loan,
            "instance": instance,
            "my_item": my_item,
            "readable": readable,
            "components": list(loan.record.components.filter(file__isnull=False))
            if readable
            else [],
            "may_return": loan.status == LoanStatus.APPROVED
            and (loan.requester_id == person.pk or policies.is_archivist(person)),
            "active_nav": NAV,
        },
    )


@download_view
def loan_file(request: HttpRequest, pk: int, component_id: int) -> HttpResponse:
    person = business(request)
    loan = selectors.loan_get_for_person(person=person, pk=pk)
    name, content = loan_read_file(actor=person, loan=loan, component_id=component_id)
    # Read-only: shown in the browser, never offered as a download.
    return file_response(
        content,
        content_type="application/pdf",
        filename=file_name(person, subject_of(name), name),
        inline=True,
    )


@login_required
@require_POST
def loan_return(request: HttpRequest, pk: int) -> HttpResponse:
    person = business(request)
    loan = selectors.loan_get_for_person(person=person, pk=pk)
    archive_loan_return(actor=person, loan_id=loan.pk)
    messages.success(request, "已归还。")
    return redirect("archives:loan_detail", pk=pk)
