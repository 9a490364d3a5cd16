import datetime
import time

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

from govoa.accounts import captcha, services, totp, twofactor
from govoa.accounts.forms import CaptchaField, CodeForm, LoginForm, PasswordChangeForm, TokenForm
from govoa.accounts.middleware import SESSION_KEY
from govoa.accounts.models import TwoFactor
from govoa.accounts.selectors import token_list
from govoa.accounts.sessions import session_close, session_open, session_rekeyed
from govoa.core.errors import GovOAError
from govoa.core.forms import apply_errors
from govoa.core.http import client_ip
from govoa.org.models import Person

PENDING_KEY = "govoa_2fa_pending"
# The second factor must follow the password within this many seconds.
PENDING_SECONDS = 300


def _complete_login(request: HttpRequest, person: Person, previous_login: object) -> None:
    login(request, person, backend="govoa.accounts.backends.PersonBackend")
    request.session[SESSION_KEY] = timezone.now().timestamp()
    session_open(person=person, session_key=request.session.session_key or "")
    if previous_login:
        request.session["govoa_previous_login"] = (
            f"{timezone.localtime(previous_login):%Y-%m-%d %H:%M}"  # type: ignore[arg-type]
        )


def _safe_next(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return ""
    return next_url


@never_cache
@csrf_protect
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "web:workbench")
    ip = client_ip(request)
    form = LoginForm(request.POST or None)
    ask_captcha = captcha.needed(ip)
    if ask_captcha:
        form.fields["captcha"] = CaptchaField()
    status = 200
    if request.method == "POST" and form.is_valid():
        if ask_captcha and not captcha.check(request.session, form.cleaned_data["captcha"]):
            form.add_error("captcha", "验证码不正确，请按图片重新输入。")
            status = 400
        else:
            try:
                result = services.login_check(
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password"],
                    ip=ip,
                )
            except GovOAError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                if twofactor.enabled_for(result.person):
                    request.session.cycle_key()
                    request.session[PENDING_KEY] = {
                        "person": result.person.pk,
                        "at": time.time(),
                        "next": next_url,
                        "previous": result.previous_login.isoformat()
                        if result.previous_login
                        else "",
                    }
                    return redirect("accounts:login_verify")
                _complete_login(request, result.person, result.previous_login)
                return redirect(next_url or "web:workbench")
    elif request.method == "POST":
        status = 400
    if captcha.needed(ip) and "captcha" not in form.fields:
        form.fields["captcha"] = CaptchaField()
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "next": next_url,
            "captcha": "captcha" in form.fields,
            # Single sign-on (integration/oidc.py), when the deployment configured a provider.
            "sso_label": settings.GOVOA_OIDC_BUTTON_LABEL if settings.OIDC_RP_CLIENT_ID else "",
        },
        status=status,
    )


@never_cache
@csrf_protect
def login_verify_view(request: HttpRequest) -> HttpResponse:
    """The second step of a login with two-factor on: the code of the authenticator."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, "登录已超时，请重新输入登录名和密码。")
        return redirect("accounts:login")
    person = Person.objects.filter(pk=pending["person"]).first()
    if person is None or not person.is_active:
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                twofactor.verify(person=person, code=form.cleaned_data["code"])
            except GovOAError as exc:
                form.add_error("code", exc.message)
                status = exc.status
                if person.locked_until and person.locked_until > timezone.now():
                    request.session.pop(PENDING_KEY, None)
            else:
                request.session.pop(PENDING_KEY, None)
                previous = pending.get("previous") or None
                _complete_login(
                    request,
                    person,
                    datetime.datetime.fromisoformat(previous) if previous else None,
                )
                return redirect(pending.get("next") or "web:workbench")
        else:
            status = 400
    return render(request, "accounts/login_verify.html", {"form": form}, status=status)


@never_cache
def captcha_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(captcha.png(captcha.issue(request.session)), content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.logout_record(person=request.user)
        session_close(session_key=request.session.session_key)
    logout(request)  # flushes the session: its row is deleted and the cookie gets a new key
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


@never_cache
@login_required
def two_factor_view(request: HttpRequest) -> HttpResponse:
    """Turn the authenticator on (a secret, then its first code), renew the recovery codes,
    or turn it off (not for the 三员)."""
    person: Person = request.user  # type: ignore[assignment]
    form = CodeForm(request.POST or None)
    status = 200
    codes: list[str] = []
    action = request.POST.get("action", "")
    if request.method == "POST":
        if action == "begin":
            try:
                twofactor.enrolment_begin(person=person)
            except GovOAError as exc:
                messages.error(request, exc.message)
            return redirect("accounts:two_factor")
        if form.is_valid():
            code = form.cleaned_data["code"]
            try:
                if action == "confirm":
                    codes = twofactor.enrolment_confirm(person=person, code=code)
                    messages.success(request, "两步验证已启用。请把下面的恢复码抄下并妥善保管。")
                elif action == "renew":
                    codes = twofactor.recovery_codes_renew(person=person, code=code)
                elif action == "disable":
                    twofactor.disable(person=person, code=code)
                    messages.success(request, "两步验证已停用。")
                    return redirect("accounts:two_factor")
                else:
                    status = 400
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
        else:
            status = 400
    factor = TwoFactor.objects.filter(person=person).first()
    enabled = factor is not None and factor.confirmed_at is not None
    context = {
        "form": form,
        "enabled": enabled,
        "pending": factor if factor is not None and not enabled else None,
        "required": twofactor.required_for(person),
        "codes": codes,
        "codes_left": twofactor.recovery_codes_left(person) if enabled else 0,
    }
    if context["pending"] is not None:
        secret = factor.secret  # type: ignore[union-attr]
        context["secret_groups"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        context["uri"] = totp.provisioning_uri(
            secret, account=person.username, issuer=settings.GOVOA_TOTP_ISSUER
        )
    return render(request, "accounts/two_factor.html", context, status=status)
