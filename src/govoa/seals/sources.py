"""What 印章管理 adds to the workbench (工作台): the custodian's approved requests waiting
for the stamp (待用印), so that an approval never waits unseen."""

from django.urls import reverse

from govoa.core.panels import PanelLine, WorkbenchPanel, register_workbench_panel
from govoa.org.models import Person
from govoa.org.policies import may_handle_business
from govoa.seals import selectors

SHOWN = 5


def _panel(person: Person) -> WorkbenchPanel | None:
    if not may_handle_business(person):
        return None
    waiting = selectors.usages_to_stamp(person=person, limit=SHOWN)
    if not waiting:
        return None
    lines = [
        PanelLine(
            text=f"{usage.seal.name}：{usage.reason[:40]}",
            detail=f"{usage.department.name}，{usage.copies} 份",
            url=reverse("seals:usage_detail", args=[usage.pk]),
        )
        for usage in waiting[:SHOWN]
    ]
    note = "另有更多，见用印申请列表。" if len(waiting) > SHOWN else ""
    return WorkbenchPanel(
        title="待用印（已批准）",
        lines=lines,
        url=reverse("seals:usage_list"),
        note=note,
    )


register_workbench_panel("seals", _panel)
