from django.http import HttpRequest
from ninja import Router, Schema, Status

from govoa.accounts import twofactor
from govoa.accounts.services import login_check, token_issue
from govoa.core.api import BodyIn, errors
from govoa.core.errors import PermissionDenied
from govoa.core.http import client_ip
from govoa.core.vocabulary import Classification, Role
from govoa.org.models import Person

router = Router(tags=["账户"])


class TokenIn(BodyIn):
    username: str
    password: str
    name: str = "API"
    otp: str = ""  # the authenticator's code, for an account with two-factor on


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"  # noqa: S105 — the scheme name, not a secret
    expires_at: str


@router.post(
    "/auth/token",
    auth=None,
    response={201: TokenOut, **errors(400, 401, 403, 413, 422, 429)},
    summary="用登录名和密码换取个人访问令牌",
)
def issue_token(request: HttpRequest, payload: TokenIn) -> Status[TokenOut]:
    result = login_check(
        username=payload.username, password=payload.password, ip=client_ip(request)
    )
    if twofactor.enabled_for(result.person):
        twofactor.verify(person=result.person, code=payload.otp)
    elif twofactor.required_for(result.person):
        raise PermissionDenied("三员账户须先在网页上启用两步验证，才能申请访问令牌。")
    token, raw = token_issue(person=result.person, name=payload.name)
    return Status(201, TokenOut(token=raw, expires_at=token.expires_at.isoformat()))


class NamedRef(Schema):
    id: int
    name: str


class RoleOut(Schema):
    code: str
    label: str
    agency_wide: bool
    department_ids: list[int]


class MeOut(Schema):
    id: int
    username: str
    real_name: str
    agency: NamedRef
    department: NamedRef | None
    title: str
    clearance: int
    clearance_label: str
    roles: list[RoleOut]
    must_change_password: bool


@router.get("/me", response={200: MeOut, **errors(401, 403)}, summary="当前登录人员")
def me(request: HttpRequest) -> MeOut:
    person: Person = request.auth  # type: ignore[attr-defined]
    dept = person.department
    return MeOut(
        id=person.pk,
        username=person.username,
        real_name=person.real_name,
        agency=NamedRef(id=person.agency_id, name=person.agency.name),
        department=NamedRef(id=dept.pk, name=dept.name) if dept else None,
        title=person.title,
        clearance=person.clearance,
        clearance_label=str(Classification(person.clearance).label),
        roles=[
            RoleOut(
                code=code,
                label=str(Role(code).label),
                agency_wide=scope.agency_wide,
                department_ids=sorted(scope.department_ids),
            )
            for code, scope in sorted(person.role_scopes().items())
        ],
        must_change_password=person.must_change_password,
    )
