"""Test support for 制度与学习: the office head who keeps the rules, a rule under approval and
one published through the engine, a post whose duty list was approved."""

from typing import Any

from govoa.core.vocabulary import Role
from govoa.flow.models import WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.flow.workflow import ItemStatus
from govoa.handbook.models import Post, PostDutyVersion, Rule, RuleVersion
from govoa.handbook.services.posts import post_create, post_duties_propose
from govoa.handbook.services.rules import RevisionData, rule_propose
from govoa.org.models import Person
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.factories import grant, make_person

BODY = "\n".join(
    [
        "为规范本机关公文处理工作，制定本办法。",
        "公文处理坚持实事求是、准确规范、精简高效、安全保密的原则。",
        "收文应当逐件登记，一文一号。",
    ]
)


def office_head(people: Any) -> Person:
    found = Person.objects.filter(
        agency=people.agency, role_assignments__role=Role.OFFICE_HEAD
    ).first()
    if found is not None:
        return found
    head = make_person(department=people.office, real_name="办公室主任", username="officehead")
    grant(head, Role.OFFICE_HEAD)
    grant(head, Role.DEPT_HEAD, [people.office])
    return head


def propose_rule(people: Any, code: str = "gongwen", title: str = "公文处理办法") -> RuleVersion:
    return rule_propose(
        actor=office_head(people),
        code=code,
        title=title,
        category="documents",
        data=RevisionData("2026 年版", FROZEN_TODAY, BODY, "首次制定"),
    )


def approve(people: Any, version: RuleVersion | PostDutyVersion) -> None:
    """The principal leader's approval of a rule's version or of a post's duty list."""
    kind = "ruleversion" if isinstance(version, RuleVersion) else "postdutyversion"
    item = WorkItem.objects.get(
        instance__subject_type=f"handbook.{kind}",
        instance__subject_id=version.pk,
        status=ItemStatus.OPEN,
    )
    work_item_act(actor=item.assignee, item_id=item.pk, action="approve", opinion="同意")


def propose_duties(
    people: Any, post: Post, duties: str = "公文签收登记\n分送与催办"
) -> PostDutyVersion:
    return post_duties_propose(
        actor=office_head(people), post_id=post.pk, duties=duties, effective_on=FROZEN_TODAY
    )


def post_with_duties(people: Any, name: str = "收发岗", role: str = Role.REGISTRAR) -> Post:
    """A post whose first duty list went through approval."""
    post = post_create(actor=office_head(people), name=name, role=role)
    approve(people, propose_duties(people, post))
    post.refresh_from_db()
    return post


def published_rule(people: Any, code: str = "gongwen", title: str = "公文处理办法") -> Rule:
    version = propose_rule(people, code, title)
    approve(people, version)
    return Rule.objects.get(pk=version.rule_id)
