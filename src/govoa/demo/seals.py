"""Demo 印章, made through the real services: the registry (公章, 党组章, a 部门章, 合同章,
钢印) with the 印章管理员 as custodian, a 交接, and 用印申请 in every state — stamped,
approved and waiting for the custodian, under approval, refused."""

import datetime
import io

from govoa.demo.acting import act_on
from govoa.org.models import Agency, Department, Person
from govoa.seals.policies import USAGE_TYPE
from govoa.seals.services.registry import SealData, seal_register, seal_transfer
from govoa.seals.services.usages import UsageData, seal_usage_request, seal_usage_stamp

# A one-page PDF standing for the scanned document a usage request carries.
SCANNED = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed_seals(agency: Agency) -> None:
    def person(username: str) -> Person:
        return Person.objects.get(agency=agency, username=username)

    office_head, keeper = person("chenxiuying"), person("xuhongmei")
    planning = Department.objects.get(agency=agency, code="ZHGH")
    seals = {}
    for seal_type, name, custodian, department in [
        ("official", f"{agency.name}公章", keeper, None),
        ("party", f"中共{agency.name}党组印章", keeper, None),
        ("department", f"{agency.name}综合规划处印章", person("hexia"), planning),
        ("contract", f"{agency.name}合同专用章", keeper, None),
        ("steel", f"{agency.name}钢印", person("yangjing"), None),
    ]:
        seals[seal_type] = seal_register(
            actor=office_head,
            data=SealData(
                name=name,
                seal_type=seal_type,
                custodian_id=custodian.pk,
                made_on=datetime.date(2019, 6, 18),
                made_approval="市公安局治安支队 备案号 2019-0618",
                department_id=department.pk if department else None,
            ),
        )
    seal_transfer(
        actor=office_head,
        seal_id=seals["steel"].pk,
        to_custodian_id=keeper.pk,
        note="杨静工作调整，钢印移交印章管理员保管",
    )

    def request(username: str, seal_type: str, reason: str, unit: str, copies: int) -> int:
        usage = seal_usage_request(
            actor=person(username),
            data=UsageData(
                seal_id=seals[seal_type].pk, reason=reason, use_unit=unit, copies=copies
            ),
            upload=(f"{reason}.pdf", io.BytesIO(SCANNED)),
        )
        return usage.pk

    stamped = request("guojun", "official", "报送2026年度重点项目计划", "市人民政府办公室", 3)
    act_on(USAGE_TYPE, stamped, actor=office_head, opinion="同意用印")
    seal_usage_stamp(actor=keeper, usage_id=stamped, count=3)
    waiting = request("hexia", "official", "出具项目前期工作证明", "某区发展和改革局", 2)
    act_on(USAGE_TYPE, waiting, actor=person("yangjing"), opinion="同意")
    request("chenhao", "contract", "签订2027年度物业服务合同", "某物业管理有限公司", 4)
    refused = request("majiayi", "official", "个人收入证明", "某银行", 1)
    act_on(
        USAGE_TYPE,
        refused,
        actor=office_head,
        action="reject",
        opinion="个人事项请到人事处开具证明，不用委公章",
    )
