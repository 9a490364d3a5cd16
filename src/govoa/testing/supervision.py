"""Building 督办 tasks for tests: a direct assignment by the deputy leader to the head of
规划处, supervised by the principal leader, due a month after the frozen today."""

import datetime
from typing import Any

from govoa.supervision.models import SupervisionTask
from govoa.supervision.services.tasks import TaskData, supervision_task_create
from govoa.testing.clock import FROZEN_TODAY


def task_data(people: Any, **fields: Any) -> TaskData:
    values: dict[str, Any] = {
        "title": "编制2027年重点项目清单",
        "background": "市政府常务会议要求提前谋划2027年重点项目。",
        "goal": "形成2027年重点项目清单（初稿），报委领导审定。",
        "deadline": FROZEN_TODAY + datetime.timedelta(days=30),
        "resources": "能源处、办公室配合；可调用项目库数据。",
        "deliverables": "重点项目清单（Excel）及编制说明。",
        "owner_id": people.dept_head.pk,
        "leader_id": people.principal.pk,
    }
    values.update(fields)
    return TaskData(**values)


def assign(people: Any, **fields: Any) -> SupervisionTask:
    return supervision_task_create(actor=people.deputy, data=task_data(people, **fields))
