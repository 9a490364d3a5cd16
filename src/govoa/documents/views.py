"""验章: upload a PDF, see who stamped it, when, with which seal, and whether it is intact."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from govoa.core.errors import ValidationFailed
from govoa.documents.esign.upload import verify_upload
from govoa.org.policies import may_handle_business


class VerifyForm(forms.Form):
    file = forms.FileField(
        label="PDF 文件", widget=forms.ClearableFileInput(attrs={"accept": ".pdf"})
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    if not may_handle_business(request.user):  # type: ignore[arg-type]
        raise Http404
    form = VerifyForm(request.POST or None, request.FILES or None)
    report, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = verify_upload(form.cleaned_data["file"])
            except ValidationFailed as exc:
                for message in exc.fields.get("file", [exc.message]):
                    form.add_error("file", message)
                status = 422
        else:
            status = 422
    return render(
        request,
        "documents/verify.html",
        {"form": form, "report": report, "active_nav": "outgoing"},
        status=status,
    )
