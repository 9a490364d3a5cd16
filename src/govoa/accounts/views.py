from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from govoa.accounts import services
from govoa.accounts.forms import LoginForm, PasswordChangeForm, TokenForm
from govoa.accounts.middleware import SESSION_KEY
from govoa.accounts.selectors import token_list
from govoa.accounts.sessions import session_close, session_open, session_rekeyed
from govoa.core.errors import GovOAError
from govoa.core.forms import apply_errors
from govoa.core.http import client_ip
from govoa.org.models import Person


@never_cache
@csrf_protect
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.user.is_authenticated:
        return redirect(next_url or "web:workbench")
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = services.login_check(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                ip=client_ip(request),
            )
        except GovOAError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            login(request, result.person, backend="govoa.accounts.backends.PersonBackend")
            request.session[SESSION_KEY] = timezone.now().timestamp()
            session_open(person=result.person, session_key=request.session.session_key or "")
            if result.previous_login:
                request.session["govoa_previous_login"] = (
                    f"{timezone.localtime(result.previous_login):%Y-%m-%d %H:%M}"
                )
            return redirect(next_url or "web:workbench")
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/login.html", {"form": form, "next": next_url}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.logout_record(person=request.user)
        session_close(session_key=request.session.session_key)
    logout(request)
    messages.info(request, "您已安全退出。")
    return redirect("accounts:login")


@never_cache
@login_required
def password_change_view(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    form = PasswordChangeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                updated = services.password_change(
                    person=person,
                    old_password=form.cleaned_data["old_password"],
                    new_password=form.cleaned_data["new_password"],
                )
            except GovOAError as exc:
                apply_errors(form, exc, field_map={"password": "new_password"})
                status = exc.status
            else:
                old_key = request.session.session_key
                update_session_auth_hash(request, updated)  # gives the session a new key
                session_rekeyed(old_key=old_key, new_key=request.session.session_key)
                messages.success(request, "密码已修改。")
                return redirect("web:workbench")
        else:
            status = 400
    forced = person.must_change_password
    return render(
        request, "accounts/password_change.html", {"form": form, "forced": forced}, status=status
    )


@login_required
def tokens_view(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    form = TokenForm(request.POST or None)
    new_token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, new_token = services.token_issue(
                    person=person, name=form.cleaned_data["name"]
                )
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                form = TokenForm()
        else:
            status = 400
    now = timezone.now()
    rows = [
        (token, token.state(generation=person.token_generation, now=now))
        for token in token_list(person=person)
    ]
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "rows": rows,
            "new_token": new_token,
            "idle_minutes": settings.GOVOA_IDLE_TIMEOUT_MINUTES,
        },
        status=status,
    )


@require_POST
@login_required
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    services.token_revoke(person=request.user, token_id=pk)  # type: ignore[arg-type]
    messages.success(request, "令牌已吊销。")
    return redirect("accounts:tokens")
