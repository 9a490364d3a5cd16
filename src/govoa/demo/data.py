"""The demo agencies: a municipal development and reform commission of about sixty people
covering every role of DESIGN §1, and a smaller bureau to exchange documents with."""

from dataclasses import dataclass, field

from govoa.core.vocabulary import Classification, Role

DEMO_PASSWORD = "Govoa@2026"  # noqa: S105 — the published password of the demo accounts


@dataclass(frozen=True)
class DemoPerson:
    username: str
    real_name: str
    title: str
    rank: int
    roles: tuple[Role, ...] = ()
    clearance: Classification = Classification.INTERNAL
    # For leader_deputy / dept_head: the departments (by code) the role covers.
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoDepartment:
    name: str
    code: str
    people: list[DemoPerson] = field(default_factory=list)


@dataclass(frozen=True)
class DemoAgency:
    name: str
    short_name: str
    doc_code: str
    fonds_code: str
    admin_prefix: str
    departments: list[DemoDepartment]
    domain: str
    # 发文类别: (code, 代字, name, layout, 发文机关标志)
    categories: list[tuple[str, str, str, str, str]] = field(default_factory=list)


P = DemoPerson
R = Role
C = Classification

COMMISSION = DemoAgency(
    name="某市发展和改革委员会",
    short_name="市发改委",
    doc_code="市发改",
    fonds_code="J031",
    admin_prefix="",
    domain="fgw.example.gov.cn",
    categories=[
        ("fa", "市发改发", "委文件", "standard", "某市发展和改革委员会文件"),
        ("han", "市发改函", "委函", "letter", "某市发展和改革委员会"),
        ("ban", "市发改办", "委办公室文件", "standard", "某市发展和改革委员会办公室文件"),
        ("jiyao", "市发改纪要", "会议纪要", "minutes", "某市发展和改革委员会会议纪要"),
    ],
    departments=[
        DemoDepartment(
            "委领导",
            "WLD",
            [
                P("wangjianguo", "王建国", "主任", 10, (R.LEADER_PRINCIPAL,), C.TOP_SECRET),
                P(
                    "lihaiyan",
                    "李海燕",
                    "副主任",
                    20,
                    (R.LEADER_DEPUTY,),
                    C.HIGHLY_SECRET,
                    ("BGS", "FGC", "RSC", "CZJR"),
                ),
                P(
                    "zhangzhiqiang",
                    "张志强",
                    "副主任",
                    21,
                    (R.LEADER_DEPUTY,),
                    C.HIGHLY_SECRET,
                    ("ZHGH", "GMJJ", "GDZC", "CYFZ"),
                ),
                P(
                    "liuwenbo",
                    "刘文博",
                    "副主任",
                    22,
                    (R.LEADER_DEPUTY,),
                    C.HIGHLY_SECRET,
                    ("NCJJ", "SHFZ", "JGGL", "NYC"),
                ),
            ],
        ),
        DemoDepartment(
            "办公室",
            "BGS",
            [
                P(
                    "chenxiuying",
                    "陈秀英",
                    "办公室主任",
                    100,
                    (R.OFFICE_HEAD, R.DEPT_HEAD),
                    C.HIGHLY_SECRET,
                    ("BGS",),
                ),
                P("yangjing", "杨静", "办公室副主任", 110, (R.OFFICE_HEAD,), C.SECRET),
                P("zhaolei", "赵磊", "文书（收发员）", 120, (R.REGISTRAR,), C.SECRET),
                P("huangxiaodong", "黄晓东", "机要秘书", 121, (R.REGISTRAR,), C.HIGHLY_SECRET),
                P("zhoulihua", "周丽华", "校对员", 130, (R.PROOFREADER,)),
                P("wuming", "吴明", "档案员", 131, (R.ARCHIVIST,), C.SECRET),
                P("xuhongmei", "徐红梅", "印章管理员", 132, (R.SEAL_KEEPER,)),
                P("sunwei", "孙伟", "后勤管理员", 133, (R.SUPPLIES_KEEPER,)),
            ],
        ),
        DemoDepartment(
            "法规处",
            "FGC",
            [
                P("huting", "胡婷", "处长", 200, (R.DEPT_HEAD, R.REVIEWER), C.SECRET, ("FGC",)),
                P("zhuyong", "朱勇", "一级主任科员", 210),
                P("gaoyulan", "高玉兰", "科员", 220),
            ],
        ),
        DemoDepartment(
            "综合规划处",
            "ZHGH",
            [
                P("linchao", "林超", "处长", 300, (R.DEPT_HEAD,), C.SECRET, ("ZHGH",)),
                P("hexia", "何霞", "副处长", 310),
                P("guojun", "郭军", "二级主任科员", 320),
                P("majiayi", "马佳怡", "科员", 330),
            ],
        ),
        DemoDepartment(
            "国民经济综合处",
            "GMJJ",
            [
                P("luozihan", "罗子涵", "处长", 400, (R.DEPT_HEAD,), C.SECRET, ("GMJJ",)),
                P("wanghaitao", "王海涛", "副处长", 410),
                P("lixiaomei", "李晓梅", "一级主任科员", 420),
                P("zhangpeng", "张鹏", "科员", 430),
            ],
        ),
        DemoDepartment(
            "固定资产投资处",
            "GDZC",
            [
                P("liuyang", "刘洋", "处长", 500, (R.DEPT_HEAD,), C.SECRET, ("GDZC",)),
                P("chenhao", "陈浩", "副处长", 510),
                P("yangfan", "杨帆", "科员", 520),
                P("zhaomin", "赵敏", "科员", 530),
            ],
        ),
        DemoDepartment(
            "产业发展处",
            "CYFZ",
            [
                P("huangbin", "黄斌", "处长", 600, (R.DEPT_HEAD,), C.SECRET, ("CYFZ",)),
                P("zhouqian", "周倩", "副处长", 610),
                P("wuhao", "吴昊", "科员", 620),
                P("xuli", "徐莉", "科员", 630),
            ],
        ),
        DemoDepartment(
            "农村经济处",
            "NCJJ",
            [
                P("sungang", "孙刚", "处长", 700, (R.DEPT_HEAD,), C.SECRET, ("NCJJ",)),
                P("hufang", "胡芳", "副处长", 710),
                P("zhuhua", "朱华", "科员", 720),
            ],
        ),
        DemoDepartment(
            "社会发展处",
            "SHFZ",
            [
                P("gaojie", "高洁", "处长", 800, (R.DEPT_HEAD,), C.SECRET, ("SHFZ",)),
                P("linfeng", "林峰", "副处长", 810),
                P("heyan", "何燕", "科员", 820),
                P("guoqiang", "郭强", "科员", 830),
            ],
        ),
        DemoDepartment(
            "价格管理处",
            "JGGL",
            [
                P("malin", "马琳", "处长", 900, (R.DEPT_HEAD,), C.SECRET, ("JGGL",)),
                P("luobo", "罗博", "副处长", 910),
                P("wangqian", "王倩", "科员", 920),
            ],
        ),
        DemoDepartment(
            "能源处",
            "NYC",
            [
                P("lizhen", "李震", "处长", 1000, (R.DEPT_HEAD,), C.SECRET, ("NYC",)),
                P("zhangli", "张丽", "副处长", 1010),
                P("liujun", "刘俊", "科员", 1020),
                P("chenxi", "陈曦", "科员", 1030),
            ],
        ),
        DemoDepartment(
            "财政金融处",
            "CZJR",
            [
                P("yangguang", "杨光", "处长", 1100, (R.DEPT_HEAD,), C.SECRET, ("CZJR",)),
                P("zhaoxue", "赵雪", "副处长", 1110),
                P("huangyu", "黄宇", "科员", 1120),
            ],
        ),
        DemoDepartment(
            "人事处",
            "RSC",
            [
                P("zhouhong", "周红", "处长", 1200, (R.DEPT_HEAD,), C.SECRET, ("RSC",)),
                P("wutao", "吴涛", "一级主任科员", 1210),
                P("xuyan", "徐岩", "科员", 1220),
            ],
        ),
        DemoDepartment(
            "信息中心",
            "XXZX",
            [
                P("sunhui", "孙辉", "主任", 1300, (R.DEPT_HEAD,), C.SECRET, ("XXZX",)),
                P("huxin", "胡鑫", "工程师", 1310),
            ],
        ),
    ],
)

BUREAU = DemoAgency(
    name="某市工业和信息化局",
    short_name="市工信局",
    doc_code="市工信",
    fonds_code="J047",
    admin_prefix="gx.",
    domain="gxj.example.gov.cn",
    categories=[
        ("fa", "市工信发", "局文件", "standard", "某市工业和信息化局文件"),
        ("han", "市工信函", "局函", "letter", "某市工业和信息化局"),
    ],
    departments=[
        DemoDepartment(
            "局领导",
            "JLD",
            [
                P("gx.qianmingyuan", "钱明远", "局长", 10, (R.LEADER_PRINCIPAL,), C.TOP_SECRET),
                P(
                    "gx.songyali",
                    "宋雅丽",
                    "副局长",
                    20,
                    (R.LEADER_DEPUTY,),
                    C.HIGHLY_SECRET,
                    ("BGS", "GHC", "JXC"),
                ),
            ],
        ),
        DemoDepartment(
            "办公室",
            "BGS",
            [
                P(
                    "gx.tangwei",
                    "唐伟",
                    "办公室主任",
                    100,
                    (R.OFFICE_HEAD, R.DEPT_HEAD, R.REVIEWER),
                    C.HIGHLY_SECRET,
                    ("BGS",),
                ),
                P("gx.dengli", "邓丽", "文书（收发员）", 110, (R.REGISTRAR,), C.SECRET),
                P(
                    "gx.fengtao",
                    "冯涛",
                    "档案员",
                    120,
                    (R.ARCHIVIST, R.SEAL_KEEPER, R.SUPPLIES_KEEPER, R.PROOFREADER),
                ),
            ],
        ),
        DemoDepartment(
            "规划处",
            "GHC",
            [
                P("gx.caojing", "曹静", "处长", 200, (R.DEPT_HEAD,), C.SECRET, ("GHC",)),
                P("gx.penglei", "彭磊", "科员", 210),
            ],
        ),
        DemoDepartment(
            "经济运行处",
            "JXC",
            [
                P("gx.xiaohong", "肖红", "处长", 300, (R.DEPT_HEAD,), C.SECRET, ("JXC",)),
                P("gx.panqiang", "潘强", "科员", 310),
                P("gx.yuanyuan", "袁媛", "科员", 320),
            ],
        ),
    ],
)

DEMO_AGENCIES = [COMMISSION, BUREAU]
