"""A co-issuing agency's page of a 联合行文 会签 request: the lead's text as sent, the state,
and the way to the person's open item (its acts are the engine's, on the item page)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from govoa.core.http import generated_response
from govoa.flow.models import FlowInstance
from govoa.flow.presenters import trail_line
from govoa.flow.selectors import open_item_for, trail_for
from govoa.outgoing.joint_api import countersign_text_download
from govoa.outgoing.joint_selectors import joint_countersign_get_for_person
from govoa.outgoing.policies import JOINT_SUBJECT_TYPE
from govoa.outgoing.views.page import me


@login_required
def countersign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = me(request)
    row = joint_countersign_get_for_person(person=person, pk=pk)
    item = open_item_for(person=person, subject_type=JOINT_SUBJECT_TYPE, subject_id=row.pk)
    # Its 会签 and, once the lead printed it, its 用印: one flow each, on the same request.
    instances = FlowInstance.objects.filter(
        subject_type=JOINT_SUBJECT_TYPE, subject_id=row.pk
    ).order_by("pk")
    trail = [(e, trail_line(e)) for i in instances for e in trail_for(instance=i)]
    context = {"row": row, "doc": row.document, "item": item, "trail": trail}
    return render(request, "outgoing/joint_countersign.html", {**context, "active_nav": "outgoing"})


@login_required
def countersign_text(request: HttpRequest, pk: int) -> HttpResponse:
    person = me(request)
    row = joint_countersign_get_for_person(person=person, pk=pk)
    name, content = countersign_text_download(actor=person, row=row)
    return generated_response(content, fmt="pdf", stem=name.removesuffix(".pdf"))
