"""Demo 设备与存储介质, made through the real services: office computers, a printer and
removable media (涉密 and 非涉密) each with its one holder, quarterly checks (one device
overdue), and a data wipe recorded on a portable disk waiting to go for repair."""

import datetime

from django.utils import timezone

from govoa.core.vocabulary import Classification
from govoa.equipment.services.care import CheckData, data_wipe_record, device_check_record
from govoa.equipment.services.register import DeviceData, device_register
from govoa.org.models import Agency, Person

DEVICES = [
    # kind, asset number, model, 涉密, 密级, holder
    (
        "computer",
        "JSJ-2023-001",
        "联想 开天 M90z（国产化）",
        True,
        Classification.HIGHLY_SECRET,
        "huangxiaodong",
    ),
    ("computer", "JSJ-2023-014", "联想 启天 M437", False, Classification.INTERNAL, "guojun"),
    ("computer", "JSJ-2022-009", "同方 超越 E500", False, Classification.INTERNAL, "hexia"),
    ("printer", "DYJ-2021-003", "奔图 P3370DN", True, Classification.SECRET, "zhaolei"),
    (
        "usb_drive",
        "UP-2024-002",
        "朗科 U327 32G（涉密专用）",
        True,
        Classification.SECRET,
        "linchao",
    ),
    ("portable_disk", "YD-2020-001", "希捷 睿翼 1TB", False, Classification.INTERNAL, "hexia"),
]


def seed_equipment(agency: Agency) -> None:
    def person(username: str) -> Person:
        return Person.objects.get(agency=agency, username=username)

    keeper = person("chenxiuying")  # 办公室主任 keeps the register
    today = timezone.localdate()
    devices = {}
    for kind, number, model, classified, level, holder in DEVICES:
        devices[number] = device_register(
            actor=keeper,
            data=DeviceData(
                kind=kind,
                asset_number=number,
                model_name=model,
                is_classified=classified,
                classification=level,
                holder_id=person(holder).pk,
            ),
        )
    for number, days_ago, passed in [
        ("JSJ-2023-001", 20, True),
        ("JSJ-2023-014", 35, True),
        ("DYJ-2021-003", 50, False),
        ("UP-2024-002", 12, True),
        ("JSJ-2022-009", 100, True),  # the next check fell due ten days ago: overdue
    ]:
        device_check_record(
            actor=keeper,
            device_id=devices[number].pk,
            data=CheckData(
                checked_on=today - datetime.timedelta(days=days_ago),
                virus_scanned=True,
                password_set=True,
                antivirus_updated=passed,
                note="" if passed else "防病毒软件病毒库未升级，已通知使用人",
            ),
        )
    data_wipe_record(
        actor=keeper,
        device_id=devices["YD-2020-001"].pk,
        method="overwrite",
        wiped_on=today - datetime.timedelta(days=2),
        witness_id=person("yangjing").pk,
        note="送修前覆写三遍，监督人在场",
    )
