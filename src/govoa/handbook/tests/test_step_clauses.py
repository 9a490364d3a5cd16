"""The clause a step follows (``core.clauses``) on the 收文 and 发文 pages: the 办理 panel of
the person's current step names the clause of the agency's rules and links to it; a step
that names none, or a repealed rule, shows nothing."""

from typing import Any

import pytest

from govoa.flow.models import FlowTemplate, WorkItem
from govoa.flow.workflow import ItemStatus
from govoa.handbook.models import Rule
from govoa.incoming.policies import SUBJECT_TYPE as INCOMING
from govoa.outgoing.policies import SUBJECT_TYPE as OUTGOING
from govoa.outgoing.services.drafting import outgoing_submit
from govoa.testing.handbook import published_rule
from govoa.testing.incoming import incoming_cast, register
from govoa.testing.outgoing import draft, outgoing_cast

# Effective dates are built from the frozen today: the clock is named.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

CLAUSE = "收文应当逐件登记，一文一号。"  # gongwen#3 of the test rule


def _open_item(subject_type: str, subject_id: int) -> WorkItem:
    item = (
        WorkItem.objects.filter(
            instance__subject_type=subject_type,
            instance__subject_id=subject_id,
            status=ItemStatus.OPEN,
        )
        .select_related("assignee", "instance__template")
        .order_by("pk")
        .first()
    )
    assert item is not None
    return item


def _follow(item: WorkItem, ref: str) -> None:
    """The item's step (in the template its flow runs on) follows ``ref``."""
    template = item.instance.template
    definition: dict[str, Any] = template.definition
    for node in definition["nodes"]:
        if node["key"] == item.node_key:
            node["clause"] = ref
    FlowTemplate.objects.filter(pk=template.pk).update(definition=definition)


def _act_panel(page: str) -> str:
    return page.split('class="panel act-panel"', 1)[1].split("</section>", 1)[0]


def test_the_incoming_page_shows_the_clause_of_the_current_step(client, people):
    rule = published_rule(people)
    incoming_cast(people)
    document = register(people)
    item = _open_item(INCOMING, document.pk)
    client.force_login(item.assignee)
    url = f"/incoming/{document.pk}/"
    assert "依据条款" not in client.get(url).content.decode()  # the step names none
    _follow(item, "gongwen#3")
    panel = _act_panel(client.get(url).content.decode())
    assert "依据条款" in panel
    assert "《公文处理办法》第三条" in panel
    assert CLAUSE in panel
    assert f"/handbook/rules/{rule.pk}/#clause-3" in panel
    # A repealed rule (or an unknown clause) is not shown.
    Rule.objects.filter(pk=rule.pk).update(status="repealed")
    assert "依据条款" not in client.get(url).content.decode()


def test_the_outgoing_page_shows_the_clause_of_the_current_step(client, people):
    rule = published_rule(people)
    outgoing_cast(people)
    document = draft(people)
    outgoing_submit(actor=people.staff, document=document)
    item = _open_item(OUTGOING, document.pk)
    _follow(item, "gongwen#3")
    client.force_login(item.assignee)
    panel = _act_panel(client.get(f"/outgoing/{document.pk}/").content.decode())
    assert "依据条款" in panel
    assert "《公文处理办法》第三条" in panel
    assert CLAUSE in panel
    assert f"/handbook/rules/{rule.pk}/#clause-3" in panel
    # The drafter, who holds no step now, is shown no act panel and no clause.
    client.force_login(people.staff)
    assert "依据条款" not in client.get(f"/outgoing/{document.pk}/").content.decode()
    _follow(item, "gongwen#99")  # no such clause: nothing shown
    client.force_login(item.assignee)
    assert "依据条款" not in client.get(f"/outgoing/{document.pk}/").content.decode()
