import re
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from govoa.testing.permissions import Matrix
from govoa.web import navigation
from govoa.web.navigation import ENTRIES, nav_groups, nav_items

SRC = Path(__file__).resolve().parents[2]


def test_workbench_matrix(client, people):
    Matrix("/").check(client, in_scope=people.staff)


def _menu(html: str) -> str:
    return html[html.index('<nav class="sidenav"') : html.index("</nav>", html.index("sidenav"))]


def test_navigation_lists_open_modules_and_hides_the_others(client, people):
    client.force_login(people.staff)
    menu = _menu(client.get("/").content.decode())
    for entry in ENTRIES:
        if entry.visible(people.staff):
            assert (entry.label in menu) == _resolves(entry.url_name), entry.label
    for label in ["工作台", "收文办理", "发文办理", "通讯录", "消息"]:
        assert label in menu, label
    assert "未开放" not in menu
    assert "系统管理" not in menu
    assert "安全审计" not in menu


def _resolves(url_name: str) -> bool:
    try:
        reverse(url_name)
    except NoReverseMatch:
        return False
    return True


def test_an_unopened_module_appears_in_the_menu_once_its_url_exists(people, monkeypatch):
    # Every shipped module is open now: an entry whose app is not installed stands in.
    entry = navigation.NavEntry("future", "将来的模块", "办事", "future:index")
    monkeypatch.setattr(navigation, "ENTRIES", [*ENTRIES, entry])
    assert not _resolves(entry.url_name)
    assert entry.key not in {i.key for i in nav_items(people.staff)}
    monkeypatch.setattr(navigation, "_url", lambda e: "/x/" if e is entry else _real_url(e))
    assert entry.key in {i.key for i in nav_items(people.staff)}


_real_url = navigation._url


def test_each_menu_group_heading_appears_once(client, people):
    client.force_login(people.staff)
    menu = _menu(client.get("/").content.decode())
    headings = re.findall(r'<div class="nav-group">([^<]+)</div>', menu)
    assert "查询统计" in headings
    assert len(headings) == len(set(headings))


def test_nav_groups_join_entries_of_one_group_that_are_not_adjacent():
    items = [
        navigation.NavItem("a", "甲", "查询统计", "/a/"),
        navigation.NavItem("b", "乙", "", "/b/"),
        navigation.NavItem("c", "丙", "查询统计", "/c/"),
    ]
    assert [(g, [i.key for i in its]) for g, its in nav_groups(items)] == [
        ("查询统计", ["a", "c"]),
        ("", ["b"]),
    ]


def test_pages_offer_a_skip_link_to_the_content(client, people):
    client.force_login(people.staff)
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">跳到正文</a>' in html
    assert html.index("skip-link") < html.index('class="sidenav"')
    assert 'id="main"' in html


def test_admins_see_their_entries(client, people):
    client.force_login(people.sys_admin)
    assert "系统管理" in client.get("/").content.decode()
    client.force_login(people.audit_admin)
    html = client.get("/").content.decode()
    assert "安全审计" in html
    assert "系统管理" not in html


@pytest.mark.parametrize(
    "entry", [e for e in ENTRIES if e.key not in {"workbench", "directory", "admin", "audit"}]
)
def test_modules_not_yet_available_say_so(client, people, entry):
    client.force_login(people.staff)
    response = client.get(f"/modules/{entry.key}/")
    assert response.status_code == 200
    assert f"“{entry.label}”模块尚未开放" in response.content.decode()


def test_unknown_module_is_404(client, people):
    client.force_login(people.staff)
    assert client.get("/modules/nonsense/").status_code == 404


def test_no_page_asset_references_an_external_url():
    pattern = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?(?:https?:)?//""", re.IGNORECASE)
    pages = [p for p in SRC.rglob("*") if p.suffix in {".html", ".css"}]
    assert len(pages) > 20  # the scan really looks at the templates and stylesheets
    offenders = [str(p) for p in pages if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_pages_send_a_strict_content_security_policy(client, people):
    client.force_login(people.staff)
    csp = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def _browser_templates():
    """Templates served to browsers (the CSP applies); not the PDF sources WeasyPrint reads."""
    for path in SRC.rglob("*.html"):
        if "print" in path.parts or path.parent.name == "documents":
            continue
        yield path


def test_templates_use_no_inline_script_or_style():
    for path in _browser_templates():
        text = path.read_text(encoding="utf-8")
        assert "<script>" not in text, path
        assert " style=" not in text, path
        assert "javascript:" not in text, path
