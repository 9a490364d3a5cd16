"""The navigation of DESIGN §2. A module whose screens are not installed yet shows as
“未开放” and leads to a page saying so; it becomes a link as soon as its URL exists."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from govoa.core.vocabulary import Role
from govoa.org.models import Person
from govoa.org.policies import can_see_admin_console


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    group: str
    url_name: str
    visible: Callable[[Person], bool] = lambda person: True


def _role(role: Role) -> Callable[[Person], bool]:
    return lambda person: person.has_role(role)


ENTRIES = [
    NavEntry("workbench", "工作台", "", "web:workbench"),
    NavEntry("incoming", "收文办理", "办文", "incoming:register"),
    NavEntry("outgoing", "发文办理", "办文", "outgoing:register"),
    NavEntry("meetings", "会议管理", "办会", "meetings:index"),
    NavEntry("supervision", "督查督办", "办事", "supervision:index"),
    NavEntry("supplies", "办公用品", "办事", "supplies:index"),
    NavEntry("seals", "印章管理", "办事", "seals:index"),
    NavEntry("archives", "档案管理", "办事", "archives:index"),
    NavEntry("search", "全文检索", "查询统计", "search:index"),
    NavEntry("reports", "统计与通报", "查询统计", "reports:index"),
    NavEntry("notifications", "消息", "", "notify:list"),
    NavEntry("directory", "通讯录", "查询统计", "org:directory"),
    NavEntry("admin", "系统管理", "管理", "org:console", can_see_admin_console),
    NavEntry("flow_templates", "流程模板", "管理", "flow:template_list", _role(Role.SYS_ADMIN)),
    NavEntry("audit", "安全审计", "管理", "audit:event_list", _role(Role.AUDIT_ADMIN)),
]
PLACEHOLDER_URL = "web:module_unavailable"


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    group: str
    url: str
    available: bool
    count: int = 0


def _url(entry: NavEntry) -> tuple[str, bool]:
    try:
        return reverse(entry.url_name), True
    except NoReverseMatch:
        return reverse(PLACEHOLDER_URL, kwargs={"key": entry.key}), False


def nav_items(person: Person, counts: dict[str, int] | None = None) -> list[NavItem]:
    items = []
    for entry in ENTRIES:
        if entry.visible(person):
            url, available = _url(entry)
            count = (counts or {}).get(entry.key, 0)
            items.append(NavItem(entry.key, entry.label, entry.group, url, available, count))
    return items


def entry_by_key(key: str) -> NavEntry | None:
    return next((entry for entry in ENTRIES if entry.key == key), None)
