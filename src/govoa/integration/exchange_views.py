"""跨系统交换 screens: the registrar exports, imports and exchanges receipts; the system
administrator manages the trusted peers and shows the agency's public key."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govoa.core.downloads import download_view
from govoa.core.errors import GovOAError, PermissionDenied
from govoa.core.filenames import content_disposition, file_name
from govoa.core.forms import apply_errors
from govoa.core.vocabulary import Classification
from govoa.integration import exchange
from govoa.integration.forms import ExportForm, PackageUploadForm, PeerForm, ReceiptUploadForm
from govoa.integration.models import ExchangePackage, ExchangePeer
from govoa.integration.policies import can_manage_integration
from govoa.org.models import Person
from govoa.outgoing.selectors import outgoing_list

RECENT = 50
MAX_UPLOAD = 100 * 1024 * 1024


def _registrar(request: HttpRequest) -> Person:
    me: Person = request.user  # type: ignore[assignment]
    if not exchange.can_exchange(me):
        raise PermissionDenied("只有收发员可以办理跨系统交换。")
    return me


def _export_form(me: Person, data: object = None) -> ExportForm:
    issued = (
        outgoing_list(person=me)
        .exclude(number="")
        .filter(signed_at__isnull=False, classification__lt=Classification.SECRET)[:RECENT]
    )
    peers = ExchangePeer.objects.filter(agency_id=me.agency_id).order_by("name")
    return ExportForm(
        data,
        documents=[(d.pk, f"{d.number} {d.title}") for d in issued],
        peers=[(p.pk, p.name) for p in peers],
    )


def _page(request: HttpRequest, me: Person, status: int = 200, **forms: object) -> HttpResponse:
    context = {
        "packages": list(
            ExchangePackage.objects.filter(agency_id=me.agency_id).order_by("-id")[:RECENT]
        ),
        "export_form": forms.get("export_form") or _export_form(me),
        "import_form": forms.get("import_form") or PackageUploadForm(),
        "receipt_form": forms.get("receipt_form") or ReceiptUploadForm(),
        "active_nav": "exchange",
    }
    return render(request, "integration/package_list.html", context, status=status)


@login_required
def package_list(request: HttpRequest) -> HttpResponse:
    return _page(request, _registrar(request))


def _upload(form: PackageUploadForm | ReceiptUploadForm, field: str) -> bytes | None:
    upload = form.cleaned_data[field]
    if upload.size > MAX_UPLOAD:
        form.add_error(field, "文件过大（上限 100 MB）。")
        return None
    return bytes(upload.read())


@require_POST
@login_required
def package_import(request: HttpRequest) -> HttpResponse:
    me = _registrar(request)
    form = PackageUploadForm(request.POST, request.FILES)
    status = 400
    if form.is_valid() and (data := _upload(form, "package")) is not None:
        try:
            package = exchange.package_import(actor=me, data=data)
        except GovOAError as exc:
            apply_errors(form, exc)
            status = exc.status
        else:
            messages.success(
                request, f"已接收《{package.title}》，请在待办中签收；签收后可下载回执。"
            )
            return redirect("integration:package_list")
    return _page(request, me, status, import_form=form)


@require_POST
@login_required
def receipt_import(request: HttpRequest) -> HttpResponse:
    me = _registrar(request)
    form = ReceiptUploadForm(request.POST, request.FILES)
    status = 400
    if form.is_valid() and (data := _upload(form, "receipt")) is not None:
        try:
            package = exchange.receipt_import(actor=me, data=data)
        except GovOAError as exc:
            apply_errors(form, exc)
            status = exc.status
        else:
            messages.success(request, f"{package.counterpart}已签收 {package.number}。")
            return redirect("integration:package_list")
    return _page(request, me, status, receipt_form=form)


@require_POST
@download_view
def package_export(request: HttpRequest) -> HttpResponse:
    me = _registrar(request)
    form = _export_form(me, request.POST)
    if not form.is_valid():
        return _page(request, me, 400, export_form=form)
    try:
        package, data = exchange.package_export(
            actor=me, document_id=form.cleaned_data["document"], peer_id=form.cleaned_data["peer"]
        )
    except GovOAError as exc:
        apply_errors(form, exc)
        return _page(request, me, exc.status, export_form=form)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = content_disposition(
        file_name(me, f"公文交换包：{package.title[:60]}", "zip", number=package.number)
    )
    return response


@download_view
def receipt_download(request: HttpRequest, pk: int) -> HttpResponse:
    me = _registrar(request)
    data = exchange.receipt_bytes(actor=me, pk=pk)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition(
        file_name(me, f"公文交换回执{pk}", "json")
    )
    return response


@login_required
def peer_list(request: HttpRequest) -> HttpResponse:
    me: Person = request.user  # type: ignore[assignment]
    if not can_manage_integration(me):
        raise PermissionDenied("只有系统管理员可以管理交换对方。")
    form = PeerForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                peer = exchange.exchange_peer_add(actor=me, **form.cleaned_data)
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, f"已添加交换对方：{peer.name}。")
                return redirect("integration:peer_list")
        else:
            status = 400
    return render(
        request,
        "integration/peer_list.html",
        {
            "public_key": exchange.exchange_key(me.agency).public_key,
            "peers": ExchangePeer.objects.filter(agency_id=me.agency_id).order_by("name"),
            "form": form,
            "active_nav": "integration",
        },
        status=status,
    )
