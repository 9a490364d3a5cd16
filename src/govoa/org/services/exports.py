"""Exports of personal data are audited acts."""

from collections.abc import Iterable

from govoa.audit.services import audit_record
from govoa.core.xlsx import workbook_bytes
from govoa.org.models import Person

PEOPLE_HEADERS = [
    "登录名",
    "姓名",
    "部门",
    "职务",
    "排序号",
    "电话",
    "电子邮箱",
    "状态",
    "涉密等级",
    "角色",
]


def people_export_xlsx(*, actor: Person, people: Iterable[Person], query: str = "") -> bytes:
    rows = [
        [
            p.username,
            p.real_name,
            p.department.name if p.department else "",
            p.title,
            p.rank_order,
            p.phone,
            p.email,
            p.get_status_display(),
            p.get_clearance_display(),
            "、".join(a.get_role_display() for a in p.role_assignments.all()),
        ]
        for p in people
    ]
    audit_record(
        action="org.person.export",
        actor=actor,
        agency_id=actor.agency_id,
        details={"rows": len(rows), "query": query[:300]},
    )
    return workbook_bytes([("人员", PEOPLE_HEADERS, rows)])
