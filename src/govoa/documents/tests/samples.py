"""Realistic official documents for tests and benchmarks (no database needed).

``sample_notice(pages=…)`` is a 通知 of a municipal development and reform commission with
headings of all four levels, two attachments and 抄送; ``pages`` makes its 正文 about that
many pages long. ``sample_request``, ``sample_letter``, ``sample_minutes`` and
``sample_order`` give the upward document and the special formats of GB/T 9704 chapter 10."""

from dataclasses import replace

from govoa.documents.bodytext import parse_body
from govoa.documents.structure import (
    AttachmentNote,
    Layout,
    OfficialDocument,
    Paragraph,
    Signatory,
)

AGENCY = "某市发展和改革委员会"
CHARS_PER_PAGE = 22 * 28

OPENING = (
    "为深入贯彻落实党中央、国务院关于扩大有效投资的决策部署和省委、省政府工作要求，"
    "进一步做好我市重点项目谋划储备工作，发挥重大项目对稳增长、调结构、惠民生的支撑作用，"
    "经市人民政府同意，现就做好2027年度市级重点项目谋划储备工作有关事项通知如下。"
)

SECTIONS = (
    "一、总体要求",
    "（一）指导思想。坚持以新时代中国特色社会主义思想为指导，完整准确全面贯彻新发展理念，"
    "紧扣高质量发展首要任务，围绕现代化产业体系建设、基础设施补短板、城市更新和民生保障等"
    "重点领域，坚持项目为王、储备为先，着力谋划一批打基础、利长远、增后劲的重大项目。",
    "（二）工作目标。力争全年新谋划储备市级重点项目三百个以上，总投资三千亿元以上，"
    "其中产业项目占比不低于百分之五十，形成谋划一批、储备一批、开工一批、建成一批的滚动接续"
    "格局，为全市经济社会发展提供坚实的项目支撑。",
    "二、主要任务",
    "（一）聚焦重点领域谋划项目。",
    "1. 产业升级项目。重点围绕先进制造业集群培育、战略性新兴产业发展和传统产业转型升级，"
    "谋划建设一批强链补链延链项目，推动产业向高端化智能化绿色化发展。",
    "（1）先进制造业。支持龙头企业实施技术改造和智能化升级，引导上下游配套企业集聚发展，"
    "着力打造具有竞争力的产业集群和特色产业园区。",
    "（2）现代服务业。积极谋划现代物流、科技服务、检验检测、数字经济等生产性服务业项目，"
    "推动现代服务业同先进制造业深度融合发展。",
    "2. 基础设施项目。统筹推进交通、能源、水利、新型基础设施建设，加快构建系统完备、"
    "高效实用、智能绿色、安全可靠的现代化基础设施体系。",
    "（二）提高项目储备质量。各区县发展改革部门要会同行业主管部门，按照规划引领、要素保障、"
    "资金落实、风险可控的要求，对拟入库项目逐一开展前期论证，重点审核项目建设必要性、"
    "资金来源可行性和用地、环评等要素保障条件，确保储备项目成熟度和可实施性。",
    "三、工作要求",
    "（一）加强组织领导。各单位要高度重视项目谋划储备工作，明确分管领导和具体责任人，"
    "建立工作台账，定期调度工作进展，协调解决项目谋划中的困难和问题。",
    "（二）严格报送时限。请各单位于2026年12月15日前通过市重大项目管理平台完成项目录入，"
    "同时将加盖公章的项目汇总表报送市发展改革委固定资产投资处。逾期未报送的项目，"
    "原则上不纳入年度重点项目储备库。",
)

MORE = (
    "（三）强化要素保障。自然资源、生态环境、住房城乡建设等部门要提前介入储备项目前期工作，"
    "对用地、用林、环评、能评等审批事项实行并联办理，对符合条件的项目开辟绿色通道，"
    "切实缩短审批时限，推动储备项目尽早具备开工条件。",
    "（四）加强督促检查。市发展改革委将会同有关部门对各单位项目谋划储备情况进行跟踪调度，"
    "定期通报工作进展，对工作推进有力、成效明显的单位予以通报表扬，对工作推进缓慢的单位"
    "进行约谈提醒，并将有关情况纳入年度目标责任考核。",
    "各单位在执行过程中遇到的问题，要及时向市发展改革委反映。各区县发展改革部门要结合本地实际，"
    "认真研究制定具体工作方案，细化工作措施，压实工作责任，确保各项任务落到实处、取得实效。",
)

ATTACHMENT_BODY = (
    "一、填报范围",
    "总投资五千万元以上、计划于2027年至2029年开工建设的政府投资项目和企业投资项目。",
    "二、填报要求",
    "（一）项目名称应规范完整，与立项批复文件保持一致。",
    "（二）建设内容及规模应简明扼要，主要技术经济指标应准确填写，计量单位符合国家标准。",
)


def _body(pages: int) -> tuple[Paragraph, ...]:
    lines = [OPENING, *SECTIONS]
    extra = 0
    while sum(len(line) for line in lines) < pages * CHARS_PER_PAGE * 0.8:
        lines.append(MORE[extra % len(MORE)])
        extra += 1
    return parse_body("\n".join(lines))


def sample_notice(pages: int = 2) -> OfficialDocument:
    """A downward 通知 with 份号, 密级, 紧急程度, two attachments, seal, 附注 and 版记."""
    return OfficialDocument(
        title=f"{AGENCY}关于做好2027年度\n市级重点项目谋划储备工作的通知",
        doc_type="notice",
        copy_number="000123",
        classification="秘密",
        secrecy_period="1年",
        urgency="特急",
        issuer_mark=f"{AGENCY}文件",
        doc_number="市发改投资〔2026〕128号",
        recipients=("各区县发展改革局", "市直有关部门"),
        body=_body(pages),
        attachments=(
            AttachmentNote(
                "2027年度市级重点项目储备表", body=parse_body("\n".join(ATTACHMENT_BODY))
            ),
            AttachmentNote(
                "2027年度重点项目谋划储备工作联系人名单",
                body=parse_body("市发展改革委固定资产投资处：王某某，联系电话0000-12345678。"),
            ),
        ),
        signatories=(Signatory(AGENCY, sealed=True),),
        date="2026年11月23日",
        note="此件发至县级",
        cc=("市委办公室", "市人大常委会办公室", "市政府办公室", "市政协办公室", "市审计局"),
        printer=f"{AGENCY}办公室",
        print_date="2026年11月24日",
    )


def sample_request() -> OfficialDocument:
    """An upward 请示 with three 签发人 (two lines) and no seal."""
    return OfficialDocument(
        title=f"{AGENCY}关于申请安排2027年度\n重点项目前期工作经费的请示",
        doc_type="request",
        issuer_mark=f"{AGENCY}文件",
        doc_number="市发改〔2026〕45号",
        signers=("张某某", "李某某", "王某某"),
        upward=True,
        recipients=("市人民政府",),
        body=parse_body(
            "为加快推进2027年度市级重点项目前期工作，提高项目储备质量，拟申请安排重点项目前期"
            "工作经费五百万元，主要用于项目可行性研究、专题论证和评估咨询。\n妥否，请批示。"
        ),
        signatories=(Signatory(AGENCY, sealed=False),),
        date="2026年11月23日",
        note="联系人：王某某，电话：0000-12345678",
        printer=f"{AGENCY}办公室",
        print_date="2026年11月23日",
    )


def sample_letter() -> OfficialDocument:
    """A 函 in the 信函格式 (10.1)."""
    return OfficialDocument(
        title=f"{AGENCY}关于商请提供2026年度\n重点项目用地保障情况的函",
        doc_type="letter",
        layout=Layout.LETTER,
        copy_number="000045",
        issuer_mark=AGENCY,
        doc_number="市发改函〔2026〕77号",
        recipients=("市自然资源和规划局",),
        body=parse_body(
            "为做好2027年度市级重点项目谋划储备工作，请贵局于2026年12月10日前提供2026年度市级"
            "重点项目用地保障情况，包括已供地项目清单、用地指标使用情况和存在的主要问题。\n"
            "特此函商。"
        ),
        signatories=(Signatory(AGENCY, sealed=True),),
        date="2026年11月23日",
        cc=("市政府办公室",),
    )


def sample_minutes() -> OfficialDocument:
    """A 纪要 in the 纪要格式 (10.3) with 出席, 请假 and 列席."""
    return OfficialDocument(
        title="关于研究2027年度市级重点项目\n储备工作的会议纪要",
        doc_type="minutes",
        layout=Layout.MINUTES,
        issuer_mark=f"{AGENCY}主任办公会议纪要",
        doc_number="〔2026〕12期",
        body=parse_body(
            "2026年11月20日，市发展改革委主任张某某主持召开主任办公会议，研究2027年度市级重点"
            "项目储备工作。现将会议议定事项纪要如下：\n"
            "一、会议原则同意《2027年度市级重点项目谋划储备工作方案》。\n"
            "二、会议要求各处室按照职责分工抓好落实，确保按期完成项目谋划储备任务。"
        ),
        attendees=("张某某", "李某某", "王某某", "赵某某", "孙某某"),
        absentees=("周某某（出差）",),
        observers=("市财政局经济建设科吴某某", "市自然资源和规划局用地科郑某某"),
        cc=("市政府办公室",),
        printer=f"{AGENCY}办公室",
        print_date="2026年11月21日",
    )


def sample_order() -> OfficialDocument:
    """A 令 in the 命令（令）格式 (10.2)."""
    return OfficialDocument(
        title="",
        doc_type="order",
        layout=Layout.ORDER,
        issuer_mark="某市人民政府令",
        doc_number="第18号",
        body=parse_body(
            "《某市政府投资项目管理办法》已经2026年11月16日市人民政府第32次常务会议通过，"
            "现予公布，自2027年1月1日起施行。"
        ),
        signers=("刘某某",),
        date="2026年11月23日",
        extra={"signer_title": "市长"},
    )


def unsealed(doc: OfficialDocument) -> OfficialDocument:
    return replace(doc, signatories=tuple(replace(s, sealed=False) for s in doc.signatories))
