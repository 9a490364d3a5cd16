"""What a registrar notices on the 收文 pages (issue 24, item 4): Chinese blank labels, no
ASCII colons, one-box 收文时间, the word 超期, no 催办 of oneself, printables only when there is
something to print, and an act form that shows only the chosen action's fields."""

import datetime
import io
import re

from django.utils import timezone

from govoa.flow.models import WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.incoming.models import IncomingDocument
from govoa.incoming.workflow import Status
from govoa.testing.incoming import PDF, incoming_cast, register


def _act(document, actor, action="approve", **payload):
    item = WorkItem.objects.get(instance__subject_id=document.pk, assignee=actor, status="open")
    work_item_act(actor=actor, item_id=item.pk, action=action, opinion="同意", payload=payload)


def test_register_filters_speak_chinese_without_ascii_colons(client, people):
    register(people)
    client.force_login(people.registrar)
    html = client.get("/incoming/").content.decode()
    assert "Select an option" not in html
    assert re.search(
        r'<select name="department"[^>]*>\s*<option value="" selected>全部</option>', html
    )
    assert not re.search(r":</label>", html)


def test_every_blank_choice_without_its_own_label_is_chinese(people):
    from django import forms

    from govoa.org.models import Department

    class Form(forms.Form):
        department = forms.ModelChoiceField(queryset=Department.objects.all(), required=False)

    assert '<option value="" selected>（请选择）</option>' in str(Form()["department"])


def test_an_overdue_row_says_so_in_words(client, people):
    late = register(people, source_number="某发〔2026〕1号")
    on_time = register(people, source_number="某发〔2026〕2号")
    today = timezone.localdate()
    IncomingDocument.objects.filter(pk=late.pk).update(deadline=today - datetime.timedelta(days=1))
    IncomingDocument.objects.filter(pk=on_time.pk).update(deadline=today)
    client.force_login(people.registrar)
    html = client.get("/incoming/").content.decode()
    rows = {
        number: row
        for row in html.split("<tr")
        for number in (late.number, on_time.number)
        if f">{number}</a>" in row
    }
    assert "超期" in rows[late.number]
    assert "超期" not in rows[on_time.number]


def test_received_at_is_one_text_box_that_takes_a_plain_date_and_time(client, people):
    client.force_login(people.registrar)
    page = client.get("/incoming/new/").content.decode()
    box = re.search(r'<input[^>]*name="received_at"[^>]*>', page).group(0)
    assert 'type="text"' in box
    assert re.search(r'value="\d{4}-\d{2}-\d{2} \d{2}:\d{2}"', box)
    upload = io.BytesIO(PDF)
    upload.name = "原文.pdf"
    when = timezone.localtime() - datetime.timedelta(hours=1)
    response = client.post(
        "/incoming/new/",
        {
            "source_org": "某省发展和改革委员会",
            "title": "关于测试收文时间的通知",
            "doc_type": "notice",
            "classification": "0",
            "urgency": "normal",
            "copies": "1",
            "pages": "1",
            "received_at": when.strftime("%Y-%m-%d %H:%M"),
            "channel": "paper",
            "attachments": [upload],
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    document = IncomingDocument.objects.latest("pk")
    assert timezone.localtime(document.received_at).strftime("%Y-%m-%d %H:%M") == when.strftime(
        "%Y-%m-%d %H:%M"
    )


def test_no_one_is_offered_to_remind_himself(client, people):
    document = register(people)  # the registrar holds its 初审
    client.force_login(people.registrar)
    page = client.get(f"/incoming/{document.pk}/")
    assert page.context["may_remind"]
    assert page.context["remind_holders"] == []
    assert 'name="channel"' not in page.content.decode()


def test_others_can_be_reminded_and_each_remind_field_is_labelled(client, people):
    cast = incoming_cast(people)
    document = register(people)
    _act(document, people.registrar)  # now with the office head for 拟办
    client.force_login(people.registrar)
    html = client.get(f"/incoming/{document.pk}/").content.decode()
    form = re.search(r'<form[^>]*class="filters remind".*?</form>', html, re.S).group(0)
    assert cast.office_head.real_name in form
    assert re.search(r'<label class="field"><span>催办方式（[^<]+）</span>\s*<select', form)
    assert 'id="id_channel"' not in form


def test_the_processing_sheet_is_offered_once_there_is_something_to_print(client, people):
    incoming_cast(people)
    document = register(people)
    client.force_login(people.registrar)
    assert "收文处理单（PDF）" not in client.get(f"/incoming/{document.pk}/").content.decode()
    _act(document, people.registrar)
    document.refresh_from_db()
    assert document.status == Status.PROPOSING
    assert "收文处理单（PDF）" in client.get(f"/incoming/{document.pk}/").content.decode()


def test_the_act_form_tells_which_fields_serve_which_action(client, people):
    cast = incoming_cast(people)
    document = register(people)
    _act(document, people.registrar)
    client.force_login(cast.office_head)
    html = client.get(f"/incoming/{document.pk}/").content.decode()
    form = re.search(r'<section class="panel act-panel">.*?</section>', html, re.S).group(0)
    marked = dict(re.findall(r'class="field field-(\w+)[^"]*" data-for-actions="([^"]+)"', form))
    unmarked = set(re.findall(r'class="field field-(\w+)[^"]*">', form))
    assert marked["proposed_lead"] == "approve"
    assert marked["target_node"] == "return"
    assert "opinion" in unmarked
    assert "action" in unmarked
    assert "data-picker=" in form  # 传阅人员 is searched, not listed
