import pytest

from govoa.integration.services import SUBSCRIBABLE, webhook_endpoint_create


@pytest.fixture
def endpoint_for(people):
    """A webhook endpoint of ``people``'s agency pointing at ``url``, for all events."""

    def make(url, events=None, actor=None):
        return webhook_endpoint_create(
            actor=actor or people.sys_admin,
            name="政务数据平台",
            url=url,
            events=events or [e.value for e in SUBSCRIBABLE],
        )

    return make


# The directory the LDAP tests read: the test agency's 办公室 and 规划处, a new 财务科 under
# 办公室 (能源处 is gone), a new person, the agency's 规划科员, and an entry carrying the name of
# the agency's system administrator (one of the 三员: never synced, never logged in by LDAP).
DIRECTORY_PASSWORDS = {
    "zhangsan": "Zs-dir-2026!",
    "staff": "St-dir-2026!",
    "sysadmin": "Sa-dir-2026!",
}


def directory_entries():
    from govoa.testing import slapd

    office = slapd.department("办公室", "BGS")
    return [
        office,
        slapd.department("规划处", "GHC"),
        slapd.department("财务科", "CWK", parent=str(office["dn"])),
        slapd.person(
            "zhangsan",
            "张三",
            DIRECTORY_PASSWORDS["zhangsan"],
            department_code="CWK",
            title="会计",
            mail="zhangsan@example.gov",
            phone="010-12345678",
        ),
        slapd.person(
            "staff", "规划科员", DIRECTORY_PASSWORDS["staff"], department_code="GHC", title="副处长"
        ),
        slapd.person(
            "sysadmin", "冒名管理员", DIRECTORY_PASSWORDS["sysadmin"], department_code="BGS"
        ),
        {
            "dn": f"uid=Bad Name,{slapd.PEOPLE_BASE}",
            "objectClass": ["top", "person", "organizationalPerson", "inetOrgPerson"],
            "uid": "Bad Name",
            "cn": "无效",
            "sn": "无",
        },
    ]


@pytest.fixture
def ldap_directory(tmp_path, settings):
    """A real slapd on loopback serving ``directory_entries()``, GovOA pointed at it."""
    from govoa.testing import slapd

    if slapd.slapd_path() is None:
        pytest.skip(
            "!!!!! 未安装 OpenLDAP 服务端 slapd（scripts/ensure-slapd 无法安装）："
            "跳过 LDAP 测试 !!!!!"
        )
    with slapd.running_slapd(directory_entries(), tmp_path / "slapd") as directory:
        for name, value in directory.settings().items():
            setattr(settings, name, value)
        yield directory
