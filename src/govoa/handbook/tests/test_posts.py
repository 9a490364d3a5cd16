"""岗位职责清单 over HTTP: posts follow role assignments, duty lists are versioned, and the
holder's workbench shows them."""

import datetime

import pytest

from govoa.core.vocabulary import Role
from govoa.handbook.models import Post, PostDutyVersion
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.factories import grant
from govoa.testing.handbook import office_head
from govoa.testing.permissions import Matrix

# Effective dates are built from the frozen today: the clock is named.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]
NEXT_MONTH = (FROZEN_TODAY.replace(day=1) + datetime.timedelta(days=32)).replace(day=1).isoformat()


@pytest.fixture
def post(client, people):
    client.force_login(office_head(people))
    response = client.post("/handbook/posts/", {"name": "收发岗", "role": Role.REGISTRAR})
    assert response.status_code == 302
    made = Post.objects.get(name="收发岗")
    duties = {"duties": "公文签收登记\n分送与催办", "effective_on": FROZEN_TODAY.isoformat()}
    assert client.post(f"/handbook/posts/{made.pk}/", duties).status_code == 302
    client.logout()
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


def test_duties_are_versioned(client, people, post):
    head = office_head(people)
    client.force_login(head)
    url = f"/handbook/posts/{post.pk}/"
    blank = client.post(url, {"duties": "  \n ", "effective_on": FROZEN_TODAY.isoformat()})
    assert blank.status_code in (400, 422)
    same = client.post(url, {"duties": "公文签收登记\n分送与催办", "effective_on": NEXT_MONTH})
    assert same.status_code == 302
    changed = {"duties": "公文签收登记\n分送与催办\n电子公文交换", "effective_on": NEXT_MONTH}
    assert client.post(url, changed).status_code == 302
    post.refresh_from_db()
    assert [v.number for v in post.versions.order_by("number")] == [1, 2]
    assert post.current.lines[-1] == "电子公文交换"
    page = client.get(url).content.decode()
    assert "第 2 版" in page
    assert "第 1 版" in page
    taken = client.post("/handbook/posts/", {"name": "另一个收发岗", "role": Role.REGISTRAR})
    assert taken.status_code == 422


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
