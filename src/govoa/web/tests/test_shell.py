import re
from pathlib import Path

import pytest

from govoa.testing.permissions import Matrix
from govoa.web.navigation import ENTRIES

SRC = Path(__file__).resolve().parents[2]


def test_workbench_matrix(client, people):
    Matrix("/").check(client, in_scope=people.staff)


def test_navigation_lists_every_module_and_marks_later_ones(client, people):
    client.force_login(people.staff)
    html = client.get("/").content.decode()
    for label in [
        "工作台",
        "收文办理",
        "发文办理",
        "会议管理",
        "督查督办",
        "办公用品",
        "印章管理",
        "档案管理",
        "全文检索",
        "统计与通报",
        "通讯录",
    ]:
        assert label in html, label
    assert "未开放" in html
    assert "系统管理" not in html
    assert "安全审计" not in html


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
