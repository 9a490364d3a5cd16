"""The navigation of DESIGN §2. A module whose screens are not installed yet is left out of
the menu (a greyed entry is noise on a phone and a Tab stop for the keyboard); it appears as
soon as its URL exists. An old bookmark to it still reaches the “未开放” page."""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from govoa.core.vocabulary import Role
from govoa.org.models import Person
from govoa.org.policies import can_see_admin_console, may_handle_business
from govoa.reports.policies import can_view_reports


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
    NavEntry("notifications", "消息", "", "notify:list"),
    NavEntry("incoming", "收文办理", "办文", "incoming:register"),
    NavEntry("outgoing", "发文办理", "办文", "outgoing:register"),
    NavEntry("exchange", "跨系统交换", "办文", "integration:package_list", _role(Role.REGISTRAR)),
    NavEntry("meetings", "会议管理", "办会", "meetings:index"),
    NavEntry("supervision", "督查督办", "办事", "supervision:index"),
    NavEntry("supplies", "办公用品", "办事", "supplies:index"),
    NavEntry("seals", "印章管理", "办事", "seals:index"),
    NavEntry("equipment", "设备与存储介质", "办事", "equipment:index", may_handle_business),
    NavEntry("archives", "档案管理", "办事", "archives:index"),
    NavEntry("handbook", "制度与学习", "办事", "handbook:index", may_handle_business),
    NavEntry("search", "全文检索", "查询统计", "search:index", may_handle_business),
    NavEntry("reports", "统计与通报", "查询统计", "reports:index", can_view_reports),
    NavEntry("feedback", "意见反馈", "查询统计", "reports:feedback_list", may_handle_business),
    NavEntry("directory", "通讯录", "查询统计", "org:directory"),
    NavEntry("admin", "系统管理", "管理", "org:console", can_see_admin_console),
    NavEntry("flow_templates", "流程模板", "管理", "flow:template_list", _role(Role.SYS_ADMIN)),
    NavEntry("integration", "对外接口", "管理", "integration:webhook_list", _role(Role.SYS_ADMIN)),
    NavEntry("audit", "安全审计", "管理", "audit:event_list", _role(Role.AUDIT_ADMIN)),
]


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    group: str
    url: str
    count: int = 0

    @property
    def available(self) -> bool:
        """Always: modules not open yet are left out of the menu, not listed greyed."""
        return True


def _url(entry: NavEntry) -> str | None:
    return _reversed(entry.url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@functools.cache
def _reversed(url_name: str, prefix: str, urlconf: str) -> str | None:
    """The menu's URLs, reversed once per process (per prefix and URLconf), not on every
    page."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def nav_items(person: Person, counts: dict[str, int] | None = None) -> list[NavItem]:
    """The entries the person may use, open modules only, in menu order."""
    items = []
    for entry in ENTRIES:
        if entry.visible(person) and (url := _url(entry)) is not None:
            count = (counts or {}).get(entry.key, 0)
            items.append(NavItem(entry.key, entry.label, entry.group, url, count))
    return items


def nav_groups(items: list[NavItem]) -> list[tuple[str, list[NavItem]]]:
    """The items under their group headings, each heading once (in order of first use), so a
    group whose entries are not adjacent in ``ENTRIES`` is still shown as one."""
    groups: dict[str, list[NavItem]] = {}
    for item in items:
        groups.setdefault(item.group, []).append(item)
    return list(groups.items())


def entry_by_key(key: str) -> NavEntry | None:
    return next((entry for entry in ENTRIES if entry.key == key), None)
