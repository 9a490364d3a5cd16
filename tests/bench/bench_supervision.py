"""The 督办台账's main pages over years of tasks: first page, a filtered page, a page deep in
history (keyset), the API list, and a task's page. The rows are bulk-inserted (the pages
read tasks, not their flows)."""

import datetime
import statistics
import time

import pytest
from django.db import connection

from govoa.supervision.models import SupervisionTask
from govoa.supervision.workflow import TaskStatus
from govoa.testing.clock import FROZEN_TODAY

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

STATUSES = [TaskStatus.COMPLETED] * 8 + [TaskStatus.IN_PROGRESS, TaskStatus.CONFIRMING]


def _grow(people, count: int) -> None:
    owners = [people.dept_head, people.staff]
    departments = [people.planning, people.energy, people.office]
    rows = []
    for n in range(count):
        deadline = (
            FROZEN_TODAY - datetime.timedelta(days=(count - n) // 10) + datetime.timedelta(days=20)
        )
        rows.append(
            SupervisionTask(
                agency=people.agency,
                title=f"督办事项{n}",
                goal="目标",
                deliverables="交付物",
                deadline=deadline,
                original_deadline=deadline,
                assigner=people.deputy,
                owner=owners[n % 2],
                department=departments[n % 3],
                leader=people.principal,
                status=STATUSES[n % len(STATUSES)],
                created_by=people.deputy,
            )
        )
    SupervisionTask.objects.bulk_create(rows, batch_size=2000)


def _median_ms(client, url: str, runs: int = 5) -> float:
    client.get(url)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    return round(statistics.median(times) * 1000, 1)


def test_ledger_pages(client, people, bench_size, report):
    count = bench_size(20_000, 60)
    _grow(people, count)
    deep = SupervisionTask.objects.order_by("pk").values_list("pk", flat=True)[count // 10]
    task = SupervisionTask.objects.order_by("-pk").first()
    figures: dict[str, object] = {"database": connection.vendor, "tasks": count}
    for person, who in [(people.principal, "sees_all"), (people.dept_head, "department_head")]:
        client.force_login(person)
        figures[f"{who}_ledger_ms"] = _median_ms(client, "/supervision/")
        figures[f"{who}_overdue_ms"] = _median_ms(client, "/supervision/?status=overdue")
        figures[f"{who}_deep_page_ms"] = _median_ms(client, f"/supervision/?before={deep}")
        figures[f"{who}_api_ms"] = _median_ms(client, "/api/v1/supervision-tasks?page_size=50")
    client.force_login(people.principal)
    figures["task_page_ms"] = _median_ms(client, f"/supervision/{task.pk}/")
    report("supervision_ledger", figures)
