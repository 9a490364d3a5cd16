"""会议: the list, 办会申请, one meeting's page with the acts the person may take now
(审批, 回执, 材料, 座次, 签到, 纪要, 议定事项, 印发, 评估), its printables, the QR code and the
mobile sign-in page."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from govoa.core.downloads import download_view
from govoa.core.errors import GovOAError, NotFound
from govoa.core.filenames import file_stem
from govoa.core.forms import apply_errors
from govoa.core.http import generated_response
from govoa.flow.forms import add_checklist
from govoa.flow.models import WorkItem
from govoa.flow.policies import work_items_visible_q
from govoa.flow.presenters import trail_line
from govoa.flow.selectors import trail_for
from govoa.flow.services.checklists import checklist_of
from govoa.flow.workflow import ItemStatus
from govoa.meetings import forms as mf
from govoa.meetings import printables, selectors
from govoa.meetings.models import Meeting, Minutes
from govoa.meetings.policies import MEETING_TYPE, can_manage, can_request, can_submit_material
from govoa.meetings.services import attendance, materials, minutes, notices, requests
from govoa.meetings.signin import qr_svg, sign_in_path
from govoa.meetings.venue import venue_section
from govoa.meetings.workflow import Answer, MeetingStatus, MinutesStatus
from govoa.org.models import Person

PAGE_SIZE = 30


def _me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _cursor(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    query = request.GET.get("q", "")[:50]
    rows, next_cursor = selectors.keyset_page(
        selectors.meeting_list(person=me, query=query),
        before=_cursor(request.GET.get("before", "")),
        size=PAGE_SIZE,
    )
    return render(
        request,
        "meetings/list.html",
        {
            "rows": rows,
            "q": query,
            "next_cursor": next_cursor,
            "can_request": can_request(me),
            "active_nav": "meetings",
        },
    )


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if not can_request(me):
        return render(request, "403.html", status=403)
    form = mf.MeetingForm(request.POST or None, agency_id=me.agency_id)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                meeting = requests.meeting_create(
                    actor=me,
                    data=requests.MeetingData(
                        title=d["title"],
                        starts_at=d["starts_at"],
                        ends_at=d["ends_at"],
                        agenda=d["agenda"],
                        expected_outcome=d["expected_outcome"],
                        chair_id=d["chair"].pk,
                        approver_id=d["approver"].pk,
                        invitee_ids=[p.pk for p in d["invitees"]],
                        room_id=d["room"].pk if d["room"] else None,
                        place=d["place"],
                        plan_id=d["plan"].pk if d["plan"] else None,
                        ad_hoc_reason=d["ad_hoc_reason"],
                        requirements=d["requirements"],
                        contacts=d["contacts"],
                        classification=d["classification"],
                    ),
                )
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, "已保存办会申请，请核对后送审。")
                return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {"form": form, "active_nav": "meetings"},
        status=status,
    )


def _open_items(meeting: Meeting, me: Person) -> dict[str, WorkItem]:
    items = WorkItem.objects.filter(
        work_items_visible_q(me),
        status=ItemStatus.OPEN,
        instance__subject_type=MEETING_TYPE,
        instance__subject_id=meeting.pk,
    ).order_by("pk")
    return {item.node_key: item for item in items}


def _forms(
    meeting: Meeting, me: Person, items: dict[str, WorkItem], record: Minutes | None
) -> dict[str, forms.Form]:
    found: dict[str, forms.Form] = {}
    manage = can_manage(me, meeting)
    started = meeting.starts_at <= timezone.now()
    if "approve" in items:
        found["decide"] = mf.DecisionForm()
    if "sign" in items:
        found["sign"] = mf.DecisionForm()
        add_checklist(found["sign"], checklist_of(items["sign"]))
    mine = next((i for i in meeting.invitees.all() if i.person_id == me.pk), None)
    if mine is not None and meeting.status == MeetingStatus.APPROVED and not started:
        found["answer"] = mf.AnswerForm()
    if can_submit_material(me, meeting):
        found["material"] = mf.MaterialForm()
    if (
        mine is not None
        and mine.answer != Answer.LEAVE
        and meeting.status == MeetingStatus.CLOSED
        and minutes.is_large(meeting)
    ):
        found["evaluate"] = mf.EvaluationForm()
    if manage and meeting.status in (
        MeetingStatus.DRAFT,
        MeetingStatus.PENDING,
        MeetingStatus.APPROVED,
    ):
        found["cancel"] = mf.CancelForm()
    if manage and meeting.status == MeetingStatus.APPROVED:
        found["seating"] = mf.SeatingForm()
        drafts = me.pk != meeting.chair_id  # the chair signs the 纪要, never drafts it
        if drafts and started and (record is None or record.status == MinutesStatus.DRAFT):
            found["minutes"] = mf.MinutesForm(
                initial={
                    "summary": record.summary,
                    "record": record.record,
                    "number": record.number,
                }
                if record
                else None
            )
            found["resolution"] = mf.ResolutionForm(agency_id=meeting.agency_id)
    return found


def _render(
    request: HttpRequest,
    meeting: Meeting,
    *,
    bound: tuple[str, forms.Form] | None = None,
    venue_bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    me = _me(request)
    items = _open_items(meeting, me)
    record = Minutes.objects.filter(meeting=meeting).first()
    available = _forms(meeting, me, items, record)
    if bound is not None:
        available[bound[0]] = bound[1]
    trail = [
        (e, trail_line(e)) for i in selectors.instances_of(meeting) for e in trail_for(instance=i)
    ]
    trail.sort(key=lambda pair: (pair[0].created_at, pair[0].pk))
    manage = can_manage(me, meeting)
    invitees = list(meeting.invitees.select_related("person", "person__department"))
    rostrum, rows = printables.seating(meeting)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "invitees": invitees,
            "mine": next((i for i in invitees if i.person_id == me.pk), None),
            "materials": list(meeting.materials.select_related("uploaded_by")),
            "minutes": record,
            "resolutions": list(meeting.resolutions.select_related("owner")),
            "rostrum": rostrum,
            "hall_rows": rows,
            "stats": attendance.attendance(meeting),
            "started": meeting.starts_at <= timezone.now(),
            "warnings": requests.warnings_for(meeting)
            if manage and meeting.status in (MeetingStatus.DRAFT, MeetingStatus.PENDING)
            else [],
            "manage": manage,
            "drafts": manage and me.pk != meeting.chair_id,
            "forms": available,
            "trail": trail,
            "sign_in_url": sign_in_path(meeting) if manage else "",
            "venue": venue_section(meeting, me, venue_bound),
            "active_nav": "meetings",
        },
        status=status,
    )


render_meeting = _render  # the venue views re-render the page with their bound form


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, selectors.meeting_get_for_person(person=_me(request), pk=pk))


Act = Callable[[Person, Meeting, dict[str, Any], HttpRequest], Any]


def _submit(me: Person, m: Meeting, d: dict[str, Any], r: HttpRequest) -> Any:
    for warning in requests.meeting_submit(actor=me, meeting=m):
        messages.warning(r, warning)


def _seating(me: Person, m: Meeting, d: dict[str, Any], r: HttpRequest) -> Any:
    return attendance.seating_set(
        actor=me, meeting=m, order=d["order"], rostrum=d["rostrum"], even_rule=d["even_rule"]
    )


ACTS: dict[str, tuple[Callable[..., forms.Form] | None, Act, str]] = {
    "submit": (None, _submit, "已送审。"),
    "decide": (
        mf.DecisionForm,
        lambda me, m, d, r: requests.meeting_decide(
            actor=me, meeting=m, approve=d["approve"], opinion=d["opinion"]
        ),
        "已审批。",
    ),
    "cancel": (
        mf.CancelForm,
        lambda me, m, d, r: requests.meeting_cancel(actor=me, meeting=m, reason=d["reason"]),
        "会议已取消。",
    ),
    "answer": (
        mf.AnswerForm,
        lambda me, m, d, r: notices.meeting_answer(actor=me, meeting=m, **d),
        "已回执。",
    ),
    "remind": (
        None,
        lambda me, m, d, r: notices.remind_unanswered(actor=me, meeting=m),
        "已催回执。",
    ),
    "seating": (mf.SeatingForm, _seating, "已调整座次。"),
    "remind_absent": (
        None,
        lambda me, m, d, r: attendance.remind_absent(actor=me, meeting=m),
        "已提醒未到人员。",
    ),
    "rotate": (
        None,
        lambda me, m, d, r: attendance.sign_in_rotate(actor=me, meeting=m),
        "已更换签到码。",
    ),
    "minutes": (
        mf.MinutesForm,
        lambda me, m, d, r: minutes.minutes_save(actor=me, meeting=m, **d),
        "已保存纪要。",
    ),
    "resolution": (
        mf.ResolutionForm,
        lambda me, m, d, r: minutes.resolution_add(
            actor=me,
            meeting=m,
            content=d["content"],
            owner_id=d["owner"].pk,
            deadline=d["deadline"],
        ),
        "已添加议定事项。",
    ),
    "minutes_submit": (
        None,
        lambda me, m, d, r: minutes.minutes_submit(actor=me, meeting=m),
        "纪要已送主持领导审签。",
    ),
    "sign": (
        mf.DecisionForm,
        lambda me, m, d, r: minutes.minutes_sign(
            actor=me,
            meeting=m,
            approve=d["approve"],
            opinion=d["opinion"],
            checked=d.get("checklist"),
            checklist_note=d.get("checklist_note", ""),
        ),
        "已审签纪要。",
    ),
    "distribute": (
        None,
        lambda me, m, d, r: minutes.minutes_distribute(actor=me, meeting=m),
        "纪要已印发。",
    ),
    "evaluate": (
        mf.EvaluationForm,
        lambda me, m, d, r: minutes.evaluation_submit(
            actor=me, meeting=m, score=d["score"], comment=d["comment"]
        ),
        "已提交评估。",
    ),
}


@require_POST
@login_required
def meeting_act(request: HttpRequest, pk: int, act: str) -> HttpResponse:
    me = _me(request)
    meeting = selectors.meeting_get_for_person(person=me, pk=pk)
    if act not in ACTS:
        raise NotFound()
    form_class, run, done = ACTS[act]
    form: forms.Form = (
        form_class(request.POST, agency_id=meeting.agency_id)
        if form_class is mf.ResolutionForm
        else form_class(request.POST)
        if form_class is not None
        else forms.Form(request.POST)
    )
    if act == "sign":  # 审签 answers the node's 三查 list (办会三全)
        add_checklist(form, checklist_of(_open_items(meeting, me).get("sign")))
    if not form.is_valid():
        return _render(request, meeting, bound=(act, form), status=400)
    try:
        run(me, meeting, dict(form.cleaned_data), request)
    except GovOAError as exc:
        apply_errors(form, exc)
        if not form.fields:  # an act with no form of its own (送审, 催回执, 印发…): say it on top
            messages.error(request, exc.message)
        meeting = selectors.meeting_get_for_person(person=me, pk=pk)
        return _render(request, meeting, bound=(act, form), status=exc.status)
    messages.success(request, done)
    return redirect("meetings:detail", pk=meeting.pk)


@require_POST
@login_required
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    meeting = selectors.meeting_get_for_person(person=me, pk=pk)
    form = mf.MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, meeting, bound=("material", form), status=400)
    upload = form.cleaned_data["file"]
    try:
        materials.material_add(
            actor=me,
            meeting=meeting,
            title=form.cleaned_data["title"],
            name=upload.name,
            stream=upload,
        )
    except GovOAError as exc:
        apply_errors(form, exc)
        return _render(request, meeting, bound=("material", form), status=exc.status)
    messages.success(request, "已提交材料。")
    return redirect("meetings:detail", pk=meeting.pk)


@require_POST
@login_required
def sign_in_manual(request: HttpRequest, pk: int, invitee_id: int) -> HttpResponse:
    me = _me(request)
    meeting = selectors.meeting_get_for_person(person=me, pk=pk)
    attendance.sign_in_manual(actor=me, meeting=meeting, invitee_id=invitee_id)
    messages.success(request, "已代为签到。")
    return redirect("meetings:detail", pk=meeting.pk)


PRINTS: dict[str, tuple[Callable[[Meeting], bytes], str]] = {
    "handbook": (printables.handbook_pdf, "会议手册"),
    "seating": (printables.seating_pdf, "座次表"),
    "name-cards": (printables.name_cards_pdf, "桌签"),
    "sign-in-sheet": (printables.sign_in_sheet_pdf, "签到表"),
}


@download_view
def meeting_print(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    meeting = selectors.meeting_get_for_person(person=_me(request), pk=pk)
    subject = f"{{}}：{meeting.title[:60]}"
    if kind == "minutes":
        record = Minutes.objects.filter(meeting=meeting).first()
        if record is None:
            raise NotFound("尚未起草纪要。")
        return generated_response(
            printables.minutes_pdf(meeting, record),
            fmt="pdf",
            stem=file_stem(meeting, subject.format("会议纪要")),
        )
    if kind not in PRINTS:
        raise NotFound()
    make, stem = PRINTS[kind]
    return generated_response(
        make(meeting), fmt="pdf", stem=file_stem(meeting, subject.format(stem))
    )


@login_required
def sign_in_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The QR code of the sign-in link (SVG), for the organiser to show or print."""
    me = _me(request)
    meeting = selectors.meeting_get_for_person(person=me, pk=pk)
    if not can_manage(me, meeting):
        raise NotFound()
    return HttpResponse(
        qr_svg(request.build_absolute_uri(sign_in_path(meeting))), content_type="image/svg+xml"
    )


@login_required
def sign_in_page(request: HttpRequest, token: str) -> HttpResponse:
    """扫码签到 (mobile): a confirmation page; POST signs the logged-in person in."""
    me = _me(request)
    if request.method == "POST":
        try:
            invitee = attendance.sign_in_by_link(actor=me, token=token[:500])
        except GovOAError as exc:
            return render(
                request,
                "meetings/sign_in.html",
                {"error": exc.message, "active_nav": "meetings"},
                status=exc.status,
            )
        return render(request, "meetings/sign_in.html", {"done": invitee, "active_nav": "meetings"})
    return render(
        request, "meetings/sign_in.html", {"token": token[:500], "active_nav": "meetings"}
    )


def answer_label(value: str) -> str:
    return str(Answer(value).label)
