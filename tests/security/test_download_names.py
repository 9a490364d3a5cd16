"""电子文件命名规范 (issue 18 part 6): every download the system serves is named by the
agency's one rule (主题, 日期, 版本, 文号 where there is one), with an ASCII fallback and the
UTF-8 name (RFC 6266/5987), and changing the agency's rule changes every name.

The test walks every GET URL pattern of the resolver (the authorization matrix's walk and
world, plus a filed 档案 ledger), as each person of the agency in turn until one gets a
200; every response that carries a ``Content-Disposition`` is checked. A floor of known
downloads must be met, so the walk cannot pass by finding nothing."""

import re
from typing import Any
from urllib.parse import unquote

import pytest

from govoa.testing.archive_records import archives_cast, archives_ledger
from govoa.testing.clock import FROZEN_TODAY
from tests.security.test_authorization_matrix import PUBLIC, _fill, _world, all_routes

pytestmark = pytest.mark.slow

RULE_A = "{日期}-{主题}-第{版本}版-{文号}"
MATCH_A = re.compile(r"\d{8}-.+-第[^-]+版(-.+)?\.[a-z0-9]+")
RULE_B = "{主题}（{日期}）V{版本}"
MATCH_B = re.compile(r".+（\d{8}）V[^.]+\.[a-z0-9]+")
HEADER = re.compile(r"(inline|attachment); filename=\"([!#-~ ]+)\"; filename\*=UTF-8''(\S+)")

# Downloads the world holds objects for: the walk must find each of them.
FLOOR = {
    "api/v1/archive-records/catalogue",
    "api/v1/incoming-documents/<document_id>/attachments/<attachment_id>",
    "api/v1/incoming-documents/<document_id>/sheet",
    "api/v1/incoming-documents/export",
    "api/v1/outgoing-documents/<document_id>/render",
    "api/v1/outgoing-documents/<document_id>/sheet",
    "api/v1/outgoing-documents/export",
    "api/v1/seal-usages/export",
    "archives/catalogue.<str:fmt>",
    "archives/notes-sheet.pdf",
    "archives/records/<int:pk>/stamped.pdf",
    "archives/transfer/<int:year>.zip",
    "audit/export.xlsx",
    "incoming/<int:pk>/<str:kind>.pdf",
    "incoming/<int:pk>/attachments/<int:attachment_id>/",
    "incoming/register.<str:fmt>",
    "meetings/<int:pk>/print/<str:kind>.pdf",
    "org/system/import/template.xlsx",
    "org/system/people/export.xlsx",
    "outgoing/<int:pk>/render.<str:fmt>",
    "outgoing/<int:pk>/sheet.pdf",
    "outgoing/register.<str:fmt>",
    "seals/register.<str:fmt>",
    "supervision/<int:pk>/confirmation.pdf",
    "supervision/bulletin/<int:department_id>.pdf",
    "supervision/ledger.<str:fmt>",
}


def _name(header: str) -> str:
    match = HEADER.fullmatch(header)
    assert match is not None, f"Content-Disposition 不符合 RFC 6266/5987：{header}"
    fallback, name = match.group(2), unquote(match.group(3))
    assert fallback.isascii()
    assert fallback.rsplit(".", 1)[-1] == name.rsplit(".", 1)[-1]
    return name


def _extra(route: str, record: Any) -> str:
    year = f"year={record.year}"
    return {
        "api/v1/archive-records/catalogue": f"?{year}",
        "archives/catalogue.<str:fmt>": f"?{year}",
        "archives/notes-sheet.pdf": f"?{year}&class_code={record.class_code}",
        "archives/transfer/<int:year>.zip": "",
    }.get(route, "")


def _get(client: Any, person: Any, url: str) -> Any:
    client.force_login(person)
    response = client.get(url)
    if getattr(response, "streaming", False):  # the client closes it once read (no close():
        b"".join(response.streaming_content)  # that would close the test's connection)
    return response


def test_every_download_is_named_by_the_agency_rule(client, people, settings, frozen_clock):
    from govoa.archives.models import ArchiveRecord
    from govoa.org.models import Person

    settings.GOVOA_API_RATE_PER_MINUTE = 0
    archives_ledger(people, archives_cast(people))
    world = _world(people)
    record = ArchiveRecord.objects.exclude(reference_code=None).order_by("pk").first()
    assert record is not None
    world.ids["archive_record"] = record.pk
    people.agency.file_name_pattern = RULE_A
    people.agency.save()
    everyone = list(Person.objects.filter(agency=people.agency).order_by("pk"))
    served: dict[str, tuple[str, Any, str]] = {}
    wrong = []
    for route in all_routes():
        if route in PUBLIC:
            continue
        url = _fill(route, world) + _extra(route, record)
        for person in everyone:
            response = _get(client, person, url)
            if response.status_code != 200:
                continue
            if response.has_header("Content-Disposition"):
                name = _name(response["Content-Disposition"])
                served[route] = (url, person, name)
                if not MATCH_A.fullmatch(name):
                    wrong.append(f"{route}: {name}")
            break
    assert not wrong, "这些下载的文件名不符合机关的命名规则：\n" + "\n".join(wrong)
    missing = sorted(FLOOR - set(served))
    assert not missing, "这些下载没有走到（世界中缺对象或下载坏了）：\n" + "\n".join(missing)
    assert any(f"{FROZEN_TODAY:%Y%m%d}" in name for _url, _p, name in served.values())

    people.agency.file_name_pattern = RULE_B
    people.agency.save()
    for route, (url, person, before) in sorted(served.items()):
        after = _name(_get(client, person, url)["Content-Disposition"])
        assert MATCH_B.fullmatch(after), f"{route}: {after}"
        assert after != before
