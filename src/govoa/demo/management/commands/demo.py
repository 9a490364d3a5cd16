from typing import Any

from django.core.management.base import BaseCommand

from govoa.demo.data import COMMISSION, DEMO_PASSWORD
from govoa.demo.seed import seed_demo

KEY_ACCOUNTS = [
    ("wangjianguo", "王建国", "主任（主要领导）"),
    ("lihaiyan", "李海燕", "副主任（分管领导：办公室、法规处、人事处、财政金融处）"),
    ("chenxiuying", "陈秀英", "办公室主任（拟办、核稿）"),
    ("zhaolei", "赵磊", "办公室文书（收发员：签收、登记）"),
    ("linchao", "林超", "综合规划处处长（部门负责人）"),
    ("guojun", "郭军", "综合规划处科员（拟稿、承办）"),
    ("huting", "胡婷", "法规处处长（法制审核）"),
    ("sysadmin", "系统管理员", "三员之一，首次登录须修改密码"),
    ("secadmin", "安全保密管理员", "三员之一，首次登录须修改密码"),
    ("auditadmin", "安全审计员", "三员之一，首次登录须修改密码"),
]


def print_accounts(write: Any) -> None:
    write(f"\n演示机关：{COMMISSION.name}（另有“某市工业和信息化局”，账户以 gx. 开头）")
    write(f"所有演示账户的密码均为：{DEMO_PASSWORD}\n")
    for username, name, role in KEY_ACCOUNTS:
        write(f"  {username:<14}{name:<10}{role}")
    write("")


class Command(BaseCommand):
    help = "建立演示机关（某市发展和改革委员会及某市工业和信息化局）；已存在则跳过。"

    def handle(self, *args: Any, **options: Any) -> None:
        report = seed_demo()
        for name in report.created:
            self.stdout.write(f"已建立演示机关：{name}")
        for name in report.skipped:
            self.stdout.write(f"演示机关已存在，跳过：{name}")
        print_accounts(self.stdout.write)
