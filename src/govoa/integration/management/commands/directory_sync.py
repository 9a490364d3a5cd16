from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govoa.core.errors import GovOAError
from govoa.integration.directory_sync import directory_apply, directory_plan
from govoa.integration.models import DirectorySyncRun
from govoa.org.models import Person

LABELS = {"added": "新增", "changed": "变更", "missing": "目录中已没有"}


class Command(BaseCommand):
    help = (
        "LDAP 目录同步。不带 --apply：与目录比对（只读），列出新增、变更、目录中已没有的"
        "部门和人员，给出比对编号；带 --apply 编号：应用这次比对（目录如有变化则拒绝），"
        "目录中已没有的项目只停用用 --deactivate-person / --deactivate-department 逐个指明的。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as", dest="actor", required=True, help="本机关系统管理员的登录名")
        parser.add_argument("--apply", type=int, metavar="比对编号", help="确认并应用这次比对")
        parser.add_argument(
            "--deactivate-person",
            action="append",
            default=[],
            metavar="登录名",
            help="停用（调离）目录中已没有的这个人员；可重复",
        )
        parser.add_argument(
            "--deactivate-department",
            action="append",
            default=[],
            metavar="机构代码",
            help="停用目录中已没有的这个部门；可重复",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = Person.objects.select_related("agency").filter(username=options["actor"]).first()
        if actor is None:
            raise CommandError(f"没有登录名为 {options['actor']} 的账户。")
        try:
            if options["apply"] is None:
                if options["deactivate_person"] or options["deactivate_department"]:
                    raise CommandError("停用须与 --apply 比对编号 一起使用。")
                run = directory_plan(actor=actor, agency=actor.agency)
                self._print(run)
                self.stdout.write(
                    f"以上为比对结果（未作任何修改）。确认后执行：govoa directory_sync --as "
                    f"{actor.username} --apply {run.pk}"
                )
            else:
                run = directory_apply(
                    actor=actor,
                    run_id=options["apply"],
                    deactivate_people=options["deactivate_person"],
                    deactivate_departments=options["deactivate_department"],
                )
                self.stdout.write(f"已应用比对 #{run.pk}。停用：{run.deactivated}")
        except GovOAError as exc:
            raise CommandError(exc.message) from exc

    def _print(self, run: DirectorySyncRun) -> None:
        self.stdout.write(f"比对 #{run.pk}")
        for kind, title in (("departments", "部门"), ("people", "人员")):
            for part, label in LABELS.items():
                for item in run.diff[kind][part]:
                    key = item.get("code") or item.get("username")
                    name = item.get("name") or item.get("real_name")
                    extra = f"（{item['summary']}）" if part == "changed" else ""
                    self.stdout.write(f"  {title} {label}：{key} {name}{extra}")
        for problem in run.diff["problems"]:
            self.stdout.write(f"  未同步：{problem['entry']}（{problem['reason']}）")
        self.stdout.write(f"  合计：{run.counts()}")
