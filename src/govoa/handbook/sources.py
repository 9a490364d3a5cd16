"""What 制度与学习 lends to the rest: its rules to the global search, its clauses to the flow
steps that follow them (``core.clauses``), and a panel on the holder's workbench (their
posts' duty lists and this month's study, ``core.panels``)."""

from django.urls import reverse
from django.utils import timezone

from govoa.core.clauses import ClauseLink, register_clause_resolver
from govoa.core.panels import PanelLine, WorkbenchPanel, register_workbench_panel
from govoa.core.search_sources import Indexed, SearchSource, register_search_source
from govoa.handbook import selectors
from govoa.handbook.models import Rule
from govoa.handbook.policies import rules_visible_q
from govoa.handbook.workflow import CLAUSE_REF, STUDY_TARGET, RuleStatus
from govoa.org.models import Person
from govoa.org.policies import may_handle_business

CHINESE_DIGITS = "零一二三四五六七八九"


def clause_number(n: int) -> str:
    """第十二条: the Chinese numeral of a clause number (1–9999)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 20:
        return "十" + (CHINESE_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CHINESE_DIGITS[n // 10] + "十" + (CHINESE_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _indexed(rule: Rule) -> Indexed:
    current = rule.current
    return Indexed(
        agency_id=rule.agency_id,
        classification=0,
        title=rule.title,
        number=f"{rule.code} {current.version}" if current else rule.code,
        text=current.body if current and rule.status == RuleStatus.CURRENT else "",
        date=rule.updated_at,
    )


def _clause(agency_id: int, ref: str) -> ClauseLink | None:
    match = CLAUSE_REF.match(ref)
    if match is None:
        return None
    code, number = match.group(1), int(match.group(2))
    rule = (
        Rule.objects.filter(agency_id=agency_id, code=code, status=RuleStatus.CURRENT)
        .select_related("current")
        .first()
    )
    if rule is None or rule.current is None or number > len(rule.current.clauses):
        return None
    return ClauseLink(
        title=f"《{rule.title}》第{clause_number(number)}条",
        text=rule.current.clauses[number - 1],
        url=reverse("handbook:rule_detail", args=[rule.pk]) + f"#clause-{number}",
    )


def _panel(person: Person) -> WorkbenchPanel | None:
    if not may_handle_business(person):
        return None
    lines = [
        PanelLine(
            text=post.name,
            detail="；".join(post.current.lines) if post.current else "职责清单尚未发布",
            url=reverse("handbook:post_detail", args=[post.pk]),
        )
        for post in selectors.posts_held(person=person)
    ]
    studied = selectors.study_count_in_month(person=person, day=timezone.localdate())
    note = f"本月已登记学习 {studied} 篇（每月 1–2 篇）"
    if studied < STUDY_TARGET:
        note += "，请及时登记。"
    return WorkbenchPanel(
        title="我的岗位职责与学习", lines=lines, url=reverse("handbook:index"), note=note
    )


register_search_source(
    SearchSource(
        key="handbook",
        label="制度",
        model=Rule,
        visible_q=rules_visible_q,
        indexed=_indexed,
        url=lambda pk: reverse("handbook:rule_detail", args=[pk]),
        fields=frozenset(["title", "code", "status", "current", "current_id", "agency"]),
    )
)
register_clause_resolver(_clause)
register_workbench_panel("handbook", _panel)
