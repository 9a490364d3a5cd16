"""The people's journeys (issue 24) in a real browser, at desktop and phone sizes. Each main
page on the way is checked with ``check_page``: no sideways scrolling, content near the top
on a phone, no critical or serious axe-core violation, no console error, no failed request
other than the refusals a step expects."""

import re

import pytest

from govoa.core.vocabulary import Classification
from govoa.flow.models import WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.flow.services.checklists import every_item_ticked
from govoa.incoming.models import IncomingDocument
from govoa.incoming.workflow import Status
from govoa.testing.factories import TEST_PASSWORD
from govoa.testing.incoming import incoming_cast, register
from tests.e2e.conftest import DESKTOP, PHONE, check_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base, username, *, keyboard=False):
    page.goto(f"{base}/accounts/login/")
    check_page(page, base)
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    if keyboard:
        page.keyboard.press("Enter")
    else:
        page.get_by_role("button", name="登 录").click()
    page.wait_for_url(f"{base}/")


def _tab_to(page, selector, limit=80):
    """Press Tab until the focus is on ``selector`` (keyboard only); how many presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"Tab 键 {limit} 次未到达 {selector}")


def _act(document, actor, action="approve", **payload):
    item = WorkItem.objects.get(instance__subject_id=document.pk, assignee=actor, status="open")
    work_item_act(actor=actor, item_id=item.pk, action=action, opinion="同意", payload=payload)


def test_registrar_registers_and_routes_by_keyboard_only(live_server, people, open_page):
    cast = incoming_cast(people)
    base = live_server.url
    page = open_page(DESKTOP)
    _login(page, base, "registrar", keyboard=True)
    check_page(page, base)
    # The skip link is the first stop and leads past the menu.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    page.goto(f"{base}/incoming/")
    check_page(page, base)
    page.keyboard.press("Alt+N")
    page.wait_for_url(f"{base}/incoming/new/")
    check_page(page, base)
    page.keyboard.type("某省发展和改革委员会")
    page.keyboard.press("Tab")
    page.keyboard.type("某发改〔2026〕88号")
    page.keyboard.press("Tab")
    page.keyboard.type("关于做好2027年重点项目谋划工作的通知")
    # 收文时间 is one box: a single Tab reaches it and a single Tab leaves it.
    _tab_to(page, "[name=received_at]")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "channel"
    _tab_to(page, "[name=remarks]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/incoming/\d+/$"))
    document = IncomingDocument.objects.get()
    assert page.get_by_role("heading", name="办理：初审").is_visible()
    # Before 初审 there is nothing to print, and nobody is offered to 催办 himself.
    assert page.get_by_role("link", name="收文处理单（PDF）").count() == 0
    assert page.locator("form.remind").count() == 0
    check_page(page, base)

    # 初审 by keyboard: tick the points with Space, write the opinion, submit with Enter.
    _tab_to(page, "[name=checks]")
    page.keyboard.press("Space")
    _tab_to(page, "[name=opinion]")
    page.keyboard.type("要素齐全，符合行文规则")
    _tab_to(page, ".act-panel button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")
    document.refresh_from_db()
    assert document.status == Status.PROPOSING
    [item] = WorkItem.objects.filter(instance__subject_id=document.pk, status="open")
    assert item.assignee == cast.office_head
    check_page(page, base)


def test_leader_instructs_on_a_phone(live_server, people, open_page):
    cast = incoming_cast(people)
    document = register(people, title="关于加快推进重点项目建设的通知")
    _act(document, people.registrar)
    _act(document, cast.office_head, proposal_kind="instruct", next_assignees=[people.deputy.pk])
    base = live_server.url
    page = open_page(PHONE)
    _login(page, base, "deputy")
    check_page(page, base)
    # The menu is closed; the 待办 count is in the top bar; the list starts near the top.
    assert not page.locator("#sidenav").is_visible()
    assert page.locator(".topbar-todo .count").inner_text() == "1"
    todo = page.get_by_role("link", name="关于加快推进重点项目建设的通知")
    assert todo.bounding_box()["y"] < 400
    page.get_by_role("button", name="菜单").click()
    assert page.locator("#sidenav").is_visible()
    page.get_by_role("button", name="菜单").click()

    todo.click()
    page.wait_for_url(re.compile(rf"/incoming/{document.pk}/"))
    check_page(page, base)
    act_panel = page.locator(".act-panel")
    assert (
        act_panel.bounding_box()["y"]
        < page.locator(".grid > section.panel").first.bounding_box()["y"]
    )
    # Only the chosen action's fields: 退回到 hides until 退回 is chosen.
    approve = page.get_by_role("radio", name="批示")
    approve.check()
    assert page.get_by_label("主办部门").is_visible()
    assert not page.locator(".field-target_node").is_visible()
    page.get_by_label("退回", exact=True).check()
    assert page.locator(".field-target_node").is_visible()
    assert not page.get_by_label("主办部门").is_visible()
    approve.check()

    page.get_by_label("主办部门").select_option(label="规划处")
    page.get_by_label("能源处", exact=True).check()
    # 传阅人员: typed, picked from the matches — never a list of the whole agency.
    search = page.get_by_role("combobox", name="传阅人员")
    search.fill("阅读人2")
    page.get_by_role("option", name=re.compile("阅读人2")).click()
    assert page.locator(".picker-chips li").filter(has_text="阅读人2").is_visible()
    page.get_by_role("textbox", name="批示").fill("请规划处牵头办理，能源处配合。")
    check_page(page, base)
    act_panel.get_by_role("button", name="提交").click()
    page.wait_for_url(f"{base}/")
    document.refresh_from_db()
    assert document.lead_department == people.planning
    assert list(document.co_departments.all()) == [people.energy]
    assert [r.real_name for r in document.readers.all()] == ["阅读人2"]
    check_page(page, base)


def test_without_clearance_a_secret_file_shows_nothing(live_server, people, open_page):
    secret = register(
        people,
        title="关于涉密事项的通知",
        classification=Classification.SECRET,
        secrecy_period="1年",
        source_number="",
    )
    base = live_server.url
    page = open_page(PHONE)
    _login(page, base, "staff")
    page.goto(f"{base}/incoming/")
    check_page(page, base)
    assert "关于涉密事项的通知" not in page.content()
    page.refusals.add(404)
    answer = page.goto(f"{base}/incoming/{secret.pk}/")
    assert answer.status == 404
    assert "关于涉密事项的通知" not in page.content()
    assert page.get_by_role("heading", name="未找到").is_visible()
    check_page(page, base)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_main_pages_hold_their_shape(live_server, people, open_page, viewport):
    register(people)
    base = live_server.url
    page = open_page(viewport)
    _login(page, base, "registrar")
    for path in [
        "/",
        "/?tab=done",
        "/?tab=mine",
        "/incoming/",
        "/incoming/new/",
        "/outgoing/",
        "/outgoing/new/",
        "/org/directory/",
        "/supervision/",
        "/meetings/",
        "/meetings/rooms/",
        "/meetings/plans/",
        "/notifications/",
        "/accounts/password/",
        "/accounts/tokens/",
    ]:
        page.goto(f"{base}{path}")
        check_page(page, base)


def _outgoing_item(document, node_key):
    return WorkItem.objects.get(
        instance__subject_id=document.pk,
        instance__subject_type="outgoing.outgoingdocument",
        status="open",
        node_key=node_key,
    )


def _outgoing_act(document, node_key, **payload):
    item = _outgoing_item(document, node_key)
    work_item_act(
        actor=item.assignee,
        item_id=item.pk,
        action="approve",
        opinion="同意",
        payload={**every_item_ticked(item), **payload},
    )
    return item


def test_a_draft_from_the_editor_to_the_issued_pdf(live_server, people, open_page):
    from govoa.outgoing.models import OutgoingDocument
    from govoa.outgoing.services.drafting import outgoing_submit
    from govoa.outgoing.workflow import Status as OutgoingStatus
    from govoa.testing.outgoing import draft, outgoing_cast

    cast = outgoing_cast(people)
    base = live_server.url
    # The drafter's text has a fault the checker names: a title ending in a full stop.
    document = draft(people, title="关于做好2027年重点项目谋划工作的通知。")
    drafter = open_page(DESKTOP)
    _login(drafter, base, "staff")
    drafter.goto(f"{base}/outgoing/{document.pk}/")
    drafter.wait_for_selector("#preview-pages img.page-image", timeout=30_000)
    findings = drafter.locator("#findings")
    assert "标题" in findings.inner_text()
    # At 1366×768 the save buttons and the preview are on the first screen.
    save = drafter.get_by_role("button", name="保存（Alt+S）")
    assert save.bounding_box()["y"] + save.bounding_box()["height"] <= DESKTOP["height"]
    assert drafter.locator(".preview-panel").bounding_box()["y"] < DESKTOP["height"]
    # Unnumbered: no official file to download yet.
    assert drafter.get_by_role("link", name="正式文件（PDF）").count() == 0
    check_page(drafter, base)
    drafter.get_by_label("标题").fill("关于做好2027年重点项目谋划工作的通知")
    drafter.get_by_role("button", name="保存并送审").click()
    drafter.wait_for_url(re.compile(rf"/outgoing/{document.pk}/$"))
    document.refresh_from_db()
    assert document.status == OutgoingStatus.REVIEWING

    # The department head returns it to the drafter, choosing 退回 and then where to.
    reviewer = open_page(DESKTOP)
    _login(reviewer, base, "depthead")
    reviewer.goto(f"{base}/outgoing/{document.pk}/")
    act = reviewer.locator(".act-panel")
    assert not act.locator(".field-target_node").is_visible()
    act.get_by_role("radio", name="退回").check()
    assert act.locator(".field-target_node").is_visible()
    act.get_by_role("textbox").fill("请补充资金安排一段")
    check_page(reviewer, base)
    act.get_by_role("button", name="提交").click()
    reviewer.wait_for_url(f"{base}/")
    assert _outgoing_item(document, "draft").assignee == people.staff

    outgoing_submit(actor=people.staff, document=OutgoingDocument.objects.get(pk=document.pk))
    _outgoing_act(document, "dept_review")
    _outgoing_act(document, "office_review")

    # The leader signs on a phone: the 办理 panel comes before the text.
    leader = open_page(PHONE)
    _login(leader, base, "deputy")
    leader.goto(f"{base}/outgoing/{document.pk}/")
    check_page(leader, base)
    act = leader.locator(".act-panel")
    assert act.bounding_box()["y"] < leader.locator(".editor").bounding_box()["y"]
    # 不予签发 ends the flow: the page asks first, and declining keeps everything as it was.
    act.get_by_role("radio", name="不予签发").check()
    asked = []
    leader.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    act.get_by_role("button", name="提交").click()
    assert asked == ["否决后流程即告终止，不能撤回。确定否决？"]
    assert leader.url == f"{base}/outgoing/{document.pk}/"
    assert _outgoing_item(document, "leader_sign").assignee == people.deputy
    act.get_by_role("radio", name="签发（同意）").check()
    act.get_by_role("textbox").fill("同意印发")
    act.get_by_role("button", name="提交").click()
    leader.wait_for_url(f"{base}/")
    document.refresh_from_db()
    assert document.signed_by == people.deputy
    _outgoing_act(document, "recheck")

    # The registrar numbers it, and (after proofreading, printing and sealing) distributes it.
    number = _outgoing_item(document, "number")
    registrar = open_page(DESKTOP)
    _login(registrar, base, number.assignee.username)
    registrar.goto(f"{base}/outgoing/{document.pk}/")
    check_page(registrar, base)
    registrar.locator(".act-panel").get_by_role("button", name="提交").click()
    registrar.wait_for_url(f"{base}/")
    document.refresh_from_db()
    assert document.number.endswith("1号")
    _outgoing_act(document, "proofread")
    _outgoing_act(document, "print", checked_by=cast.office_head.pk, copies=5)
    _outgoing_act(document, "seal")
    distribute = _outgoing_item(document, "distribute")
    distributor = registrar
    if distribute.assignee.username != number.assignee.username:
        distributor = open_page(DESKTOP)
        _login(distributor, base, distribute.assignee.username)
    distributor.goto(f"{base}/outgoing/{document.pk}/")
    check_page(distributor, base)
    act = distributor.locator(".act-panel")
    act.get_by_role("checkbox", name="能源处").check()
    act.get_by_role("button", name="提交").click()
    distributor.wait_for_url(f"{base}/")
    document.refresh_from_db()
    assert document.status == OutgoingStatus.ISSUED

    distributor.goto(f"{base}/outgoing/{document.pk}/")
    link = distributor.get_by_role("link", name="正式文件（PDF）")
    pdf = distributor.request.get(f"{base}{link.get_attribute('href')}")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    check_page(distributor, base)
