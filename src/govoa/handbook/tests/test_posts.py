"""岗位职责清单 over HTTP: posts follow role assignments, duty lists are drafted by the office
head and published only when the principal leader approves them on the engine (never by the
one who drafted them), versioned; the holder's workbench shows them."""

import datetime

import pytest

from govoa.audit.models import AuditEvent
from govoa.core.errors import ValidationFailed
from govoa.core.vocabulary import Role
from govoa.flow.models import WorkItem
from govoa.flow.workflow import ItemStatus
from govoa.handbook.models import Post, PostDutyVersion
from govoa.handbook.services.posts import post_duties_propose
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.factories import grant
from govoa.testing.handbook import approve, office_head, propose_duties
from govoa.testing.permissions import Matrix

# Effective dates are built from the frozen today: the clock is named.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]
NEXT_MONTH = (FROZEN_TODAY.replace(day=1) + datetime.timedelta(days=32)).replace(day=1).isoformat()


def _item(version: PostDutyVersion) -> WorkItem:
    return WorkItem.objects.get(
        instance__subject_type="handbook.postdutyversion",
        instance__subject_id=version.pk,
        status=ItemStatus.OPEN,
    )


@pytest.fixture
def post(client, people):
    client.force_login(office_head(people))
    response = client.post("/handbook/posts/", {"name": "收发岗", "role": Role.REGISTRAR})
    assert response.status_code == 302
    made = Post.objects.get(name="收发岗")
    duties = {"duties": "公文签收登记\n分送与催办", "effective_on": FROZEN_TODAY.isoformat()}
    assert client.post(f"/handbook/posts/{made.pk}/", duties).status_code == 302
    approve(people, made.versions.get())
    client.logout()
    made.refresh_from_db()
    return made


def test_permission_matrix(client, people, post, other_agency_person):
    Matrix(f"/handbook/posts/{post.pk}/").check(
        client, in_scope=people.staff, out_of_scope=other_agency_person
    )
    Matrix(f"/handbook/posts/{post.pk}/", method="post", in_scope_status=400).check(
        client, in_scope=office_head(people), out_of_scope=other_agency_person
    )
    client.force_login(people.staff)
    refused = client.post(
        f"/handbook/posts/{post.pk}/", {"duties": "x", "effective_on": FROZEN_TODAY.isoformat()}
    )
    assert refused.status_code == 403
    assert (
        client.post("/handbook/posts/", {"name": "档案岗", "role": "archivist"}).status_code == 403
    )
    assert PostDutyVersion.objects.filter(post=post).count() == 1


def test_a_duty_list_is_published_only_when_approved(client, people, post):
    head = office_head(people)
    client.force_login(head)
    url = f"/handbook/posts/{post.pk}/"
    blank = client.post(url, {"duties": "  \n ", "effective_on": FROZEN_TODAY.isoformat()})
    assert blank.status_code in (400, 422)
    same = client.post(url, {"duties": "公文签收登记\n分送与催办", "effective_on": NEXT_MONTH})
    assert same.status_code == 422  # nothing new to approve
    changed = {"duties": "公文签收登记\n分送与催办\n电子公文交换", "effective_on": NEXT_MONTH}
    assert client.post(url, changed).status_code == 302
    again = client.post(url, {**changed, "duties": "公文签收登记"})
    assert again.status_code == 409  # one list under approval at a time
    version = post.versions.get(status="reviewing")
    assert version.number is None
    post.refresh_from_db()
    assert post.current.lines == ["公文签收登记", "分送与催办"]  # unchanged until approved
    item = _item(version)
    assert item.assignee == people.principal
    # The one who drafted it never approves: the item is not theirs (404), nothing changes.
    assert client.post(f"/flow/items/{item.pk}/act/", {"action": "approve"}).status_code == 404
    assert "审批中" in client.get(url).content.decode()  # its drafter sees it in the history
    client.force_login(people.staff)  # a reader does not see the list under approval
    assert "审批中" not in client.get(url).content.decode()
    client.force_login(people.principal)
    page = client.get(url).content.decode()
    assert "有待您审批的职责清单" in page
    assert "审批中" in page
    done = client.post(f"/flow/items/{item.pk}/act/", {"action": "approve", "opinion": "同意"})
    assert done.status_code == 302
    post.refresh_from_db()
    version.refresh_from_db()
    assert (version.status, version.number, post.current_id) == ("published", 2, version.pk)
    assert version.approved_by == people.principal
    assert post.versions.get(number=1).status == "superseded"
    assert AuditEvent.objects.filter(
        action="handbook.post.publish", object_id=str(post.pk), details__number=2
    ).exists()
    client.force_login(people.staff)
    page = client.get(url).content.decode()
    assert "电子公文交换" in page
    assert "第 2 版" in page
    assert "第 1 版" in page
    assert "已被替代" in page
    client.force_login(head)
    taken = client.post("/handbook/posts/", {"name": "另一个收发岗", "role": Role.REGISTRAR})
    assert taken.status_code == 422


def test_a_refused_list_is_kept_but_never_published(client, people, post):
    client.force_login(office_head(people))
    url = f"/handbook/posts/{post.pk}/"
    changed = {"duties": "公文签收登记\n机要交通", "effective_on": NEXT_MONTH}
    assert client.post(url, changed).status_code == 302
    version = post.versions.get(status="reviewing")
    client.force_login(people.principal)
    refused = {"action": "reject", "opinion": "机要交通不属本岗"}
    assert client.post(f"/flow/items/{_item(version).pk}/act/", refused).status_code == 302
    version.refresh_from_db()
    post.refresh_from_db()
    assert (version.status, version.number) == ("rejected", None)
    assert post.current.number == 1
    assert "机要交通" not in " ".join(post.current.lines)
    client.force_login(office_head(people))  # the office head may draft again
    assert client.post(url, changed).status_code == 302


def test_the_principal_as_keeper_cannot_approve_their_own_list(people, post):
    """Separation of duties is template data: the only principal leader drafted it, so nobody
    may approve it — the draft is refused whole, naming the rule, and nothing is written."""
    grant(people.principal, Role.OFFICE_HEAD)
    people.principal.forget_roles()
    before = PostDutyVersion.objects.count()
    with pytest.raises(ValidationFailed, match="拟定人"):
        post_duties_propose(
            actor=people.principal, post_id=post.pk, duties="新职责", effective_on=FROZEN_TODAY
        )
    assert PostDutyVersion.objects.count() == before


def test_the_holders_workbench_shows_their_posts_duties(client, people, post):
    client.force_login(people.registrar)
    page = client.get("/").content.decode()
    assert "我的岗位职责与学习" in page
    assert "收发岗" in page
    assert "公文签收登记" in page
    client.force_login(people.staff)
    assert "公文签收登记" not in client.get("/").content.decode()
    # Posts follow the role: granting 收发员 puts the staff member in the post at once.
    grant(people.staff, Role.REGISTRAR)
    assert "公文签收登记" in client.get("/").content.decode()
    held = client.get("/api/v1/posts").json()
    assert [(p["name"], p["held"]) for p in held] == [("收发岗", True)]
    client.force_login(people.sys_admin)
    assert "我的岗位职责与学习" not in client.get("/").content.decode()


def test_the_approval_is_on_the_approvers_workbench(client, people, post):
    propose_duties(people, post, "公文签收登记\n分送与催办\n机要文件管理")
    client.force_login(people.principal)
    page = client.get("/").content.decode()
    assert "岗位职责清单：收发岗" in page


def test_the_api_drafts_a_list_for_approval(client, people, post, other_agency_person):
    url = f"/api/v1/posts/{post.pk}/duties"
    body = {"duties": "公文签收登记\n分送与催办\n机要文件管理", "effective_on": NEXT_MONTH}
    client.force_login(people.staff)
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(other_agency_person)
    assert client.post(url, body, content_type="application/json").status_code == 404
    client.force_login(office_head(people))
    blank = client.post(url, {**body, "duties": " \n "}, content_type="application/json")
    assert blank.status_code == 422
    made = client.post(url, body, content_type="application/json")
    assert made.status_code == 201
    assert (made.json()["status"], made.json()["number"]) == ("reviewing", None)
    assert client.post(url, body, content_type="application/json").status_code == 409
    item = _item(PostDutyVersion.objects.get(pk=made.json()["id"]))
    client.force_login(people.principal)
    acted = client.post(
        f"/api/v1/work-items/{item.pk}/act",
        {"action": "approve", "opinion": "同意"},
        content_type="application/json",
    )
    assert acted.status_code == 200
    listed = client.get("/api/v1/posts").json()
    assert [(p["version"], p["duties"][-1]) for p in listed] == [(2, "机要文件管理")]
