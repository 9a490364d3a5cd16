"""The two demo agencies keep rules libraries and training of their own: each agency's people
read theirs (200) and get 404 for the other's — the cross-agency refusal means something."""

from govoa.demo.seed import seed_demo
from govoa.handbook.models import PostDutyVersion, Rule, TrainingSession
from govoa.org.models import Agency, Person


def _urls(agency: Agency) -> list[str]:
    rule = Rule.objects.get(agency=agency, code="gongwen")
    session = TrainingSession.objects.filter(agency=agency).order_by("pk").first()
    assert session is not None
    return [
        f"/handbook/rules/{rule.pk}/",
        f"/api/v1/rules/{rule.pk}",
        f"/handbook/training/{session.pk}/",
        f"/api/v1/training-sessions/{session.pk}",
    ]


def test_each_demo_agency_reads_its_own_rules_and_training_only(client, db):
    seed_demo()
    commission = Agency.objects.get(name="某市发展和改革委员会")
    bureau = Agency.objects.get(name="某市工业和信息化局")
    assert Rule.objects.get(agency=bureau, code="gongwen").status == "current"
    for username, own, other in [
        ("guojun", commission, bureau),
        ("gx.penglei", bureau, commission),
    ]:
        client.force_login(Person.objects.get(agency=own, username=username))
        for url in _urls(own):
            assert client.get(url).status_code == 200, (username, url)
        for url in _urls(other):
            assert client.get(url).status_code == 404, (username, url)


def test_demo_duty_lists_were_approved_on_the_engine(db):
    seed_demo()
    published = PostDutyVersion.objects.filter(status="published")
    assert published.count() == 3
    assert all(v.approved_by is not None and v.number == 1 for v in published)
