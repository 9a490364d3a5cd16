"""``make screenshots``: the main pages of the demo agency at 1366×768 and 390×844, as the
demo people see them, into docs/screenshots/ (JPEG). Not part of ``make test`` (the file name
is not collected); run through ``scripts/screenshots``."""

import os
from pathlib import Path

import pytest

from govoa.demo.data import DEMO_PASSWORD
from govoa.demo.seed import seed_demo
from govoa.flow.models import WorkItem
from govoa.incoming.models import IncomingDocument
from govoa.meetings.models import Meeting
from govoa.outgoing.models import OutgoingDocument
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OUT = Path(os.environ.get("GOVOA_SCREENSHOTS", "docs/screenshots"))


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登 录").click()
    page.wait_for_url(f"{base}/**")


def _open_item_page(username: str, model) -> str:  # type: ignore[no-untyped-def]
    item = (
        WorkItem.objects.filter(assignee__username=username, status="open")
        .select_related("instance")
        .order_by("pk")
        .first()
    )
    assert item is not None, username
    assert model.objects.filter(pk=item.instance.subject_id).exists()
    return f"{item.instance.url}?item={item.pk}"


def test_capture_main_pages(live_server, open_page):
    seed_demo()
    OUT.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    incoming = IncomingDocument.objects.order_by("pk").first()
    draft = OutgoingDocument.objects.filter(drafter__username="guojun").order_by("-pk").first()
    meeting = Meeting.objects.get(title="主任办公会")
    shots = [
        ("login", None, "/accounts/login/"),
        ("workbench", "zhaolei", "/"),
        ("incoming-register", "zhaolei", "/incoming/"),
        ("incoming-new", "zhaolei", "/incoming/new/"),
        ("incoming-document", "zhaolei", f"/incoming/{incoming.pk}/"),
        ("incoming-instruct", "lihaiyan", None),
        ("outgoing-register", "guojun", "/outgoing/"),
        ("outgoing-editor", "guojun", f"/outgoing/{draft.pk}/" if draft else "/outgoing/new/"),
        ("directory", "guojun", "/org/directory/"),
        ("meetings", "chenxiuying", "/meetings/"),
        ("meeting", "chenxiuying", f"/meetings/{meeting.pk}/"),
        ("meeting-rooms", "chenxiuying", "/meetings/rooms/"),
        ("meeting-plans", "chenxiuying", "/meetings/plans/"),
        ("archives-catalogue", "wuming", "/archives/?year=2014"),
        ("archives-queue", "wuming", "/archives/queue/"),
        ("archives-appraisal", "wuming", "/archives/appraisal/"),
    ]
    for viewport, size in ((DESKTOP, "desktop"), (PHONE, "phone")):
        pages = {}
        for name, username, path in shots:
            key = username or ""
            if key not in pages:
                pages[key] = open_page(viewport)
                if username:
                    _login(pages[key], base, username)
            page = pages[key]
            if path is None:
                path = _open_item_page(username, IncomingDocument)
            page.goto(f"{base}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / f"{name}-{size}.jpg"), type="jpeg", quality=70)
