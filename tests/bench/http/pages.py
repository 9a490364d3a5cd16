"""Per page and endpoint: response times at 1, 8 and 32 clients, the limit ratio, and the
mixed throughput."""

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass

import requests

from tests.bench.http.load import Timings, login, run_clients, timed
from tests.bench.http.people import Cast


@dataclass(frozen=True)
class Page:
    name: str
    role: str  # an attribute of Cast
    path: str


def pages_for(cast: Cast) -> list[Page]:
    meetings = (
        [
            Page("会议 列表（处室负责人）", "dept_head", "/meetings/"),
            Page("会议 详情", "dept_head", f"/meetings/{cast.meeting_id}/"),
        ]
        if cast.meeting_id
        else []
    )
    keeper = (
        [
            Page("设备台账（办公室主任）", "office_head", "/equipment/"),
            Page("API 学习记录（办公室主任）", "office_head", "/api/v1/study-entries"),
        ]
        if cast.office_head
        else []
    )
    return [
        Page("工作台 待办", "staff", "/"),
        Page("工作台 待阅", "staff", "/?tab=to_read"),
        Page("工作台 已办（收发员）", "registrar", "/?tab=done"),
        Page("工作台 我发起的", "drafter", "/?tab=mine"),
        Page("工作台 催办", "staff", "/?tab=reminders"),
        Page("收文登记簿（处室负责人）", "dept_head", "/incoming/"),
        Page(
            "收文登记簿 年度+处室筛选",
            "registrar",
            f"/incoming/?year={cast.year}&department={cast.dept_id}",
        ),
        Page("收文登记簿 搜索", "staff", "/incoming/?q=%E9%80%9A%E7%9F%A5"),  # 通知
        Page("发文登记簿（处室负责人）", "dept_head", "/outgoing/"),
        Page("发文登记簿 搜索", "staff", "/outgoing/?q=%E9%80%9A%E7%9F%A5"),
        Page("收文 详情", "registrar", f"/incoming/{cast.incoming_id}/"),
        Page("发文 详情", cast.outgoing_viewer, f"/outgoing/{cast.outgoing_id}/"),
        Page("档案目录", "staff", "/archives/"),
        Page(
            "档案目录 年度+题名检索",
            "staff",
            f"/archives/?year={cast.year - 1}&title=%E9%80%9A%E7%9F%A5",
        ),
        Page("API 档案 /api/v1/archive-records", "staff", "/api/v1/archive-records"),
        Page("API 待办 /api/v1/work-items", "staff", "/api/v1/work-items?state=open"),
        Page(
            "API 已办 /api/v1/work-items?state=done", "registrar", "/api/v1/work-items?state=done"
        ),
        Page("督办台账（处室负责人）", "dept_head", "/supervision/"),
        Page("API 督办台账 /api/v1/supervision-tasks", "dept_head", "/api/v1/supervision-tasks"),
        Page("办公用品 目录", "staff", "/supplies/"),
        Page("办公用品 申领计划（处室负责人）", "dept_head", "/supplies/requisitions/"),
        Page("API 库存台账 /api/v1/stock-movements", "dept_head", "/api/v1/stock-movements"),
        Page("印章 用印申请（处室负责人）", "dept_head", "/seals/usages/"),
        Page("API 用印申请 /api/v1/seal-usages", "dept_head", "/api/v1/seal-usages"),
        Page("制度文件库", "staff", "/handbook/"),
        Page("学习记录（本人）", "staff", "/handbook/learning/"),
        Page(
            "学习记录 处室（处室负责人）",
            "dept_head",
            f"/handbook/learning/departments/{cast.dept_id}/",
        ),
        Page("API 学习记录 /api/v1/study-entries", "dept_head", "/api/v1/study-entries"),
        Page("设备台账（本人）", "staff", "/equipment/"),
        Page("API 设备台账 /api/v1/equipment", "staff", "/api/v1/equipment"),
        *meetings,
        *keeper,
    ]


class Sessions:
    """Logged-in sessions per person, one per client, made once and reused.

    The first client of each person logs in through the login form. The others get sessions
    of their own holding what that login stored, written through the session engine: a login
    hashes the password with PBKDF2-SM3 (600,000 rounds, about a second here), and 32 clients
    × 5 people of them would only measure the hash."""

    def __init__(self, base: str, cast: Cast):
        self.base, self.cast = base, cast
        self.pool: dict[tuple[str, int], requests.Session] = {}

    def get(self, role: str, index: int) -> requests.Session:
        key = (role, index)
        if key not in self.pool:
            if index == 0:
                self.pool[key] = login(self.base, getattr(self.cast, role))
            else:
                self.pool[key] = self._clone(self.get(role, 0))
        return self.pool[key]

    def _clone(self, first: requests.Session) -> requests.Session:
        from django.conf import settings
        from django.contrib.sessions.backends.base import SessionBase
        from django.utils.module_loading import import_string

        store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
        original: SessionBase = store_class(first.cookies[settings.SESSION_COOKIE_NAME])
        copy: SessionBase = store_class()
        copy.update(dict(original.items()))
        copy.create()
        copy.save()
        browser = requests.Session()
        browser.cookies.update(first.cookies)
        browser.cookies.set(settings.SESSION_COOKIE_NAME, copy.session_key)
        return browser

    def warm(self, roles: set[str], clients: int) -> None:
        for role, index in itertools.product(sorted(roles), range(clients)):
            self.get(role, index)


def measure_page(
    sessions: Sessions, page: Page, clients: int, requests_per_client: int, seconds: float
) -> Timings:
    url = sessions.base + page.path

    def work(index: int, timings: Timings, more: Callable[[], bool]) -> None:
        browser = sessions.get(page.role, index)
        for _ in range(requests_per_client):
            if not more():
                break
            timed(lambda: browser.get(url, timeout=120), timings)

    return run_clients(clients, work, seconds=seconds)


def sql_floor(sessions: Sessions, page: Page) -> tuple[float, int]:
    """(ms, statements) of the SQL the page runs, timed on its own in the server."""
    answer = sessions.get(page.role, 0).get(
        sessions.base + page.path, headers={"X-Bench-SQL-Time": "1"}, timeout=300
    )
    answer.raise_for_status()
    return float(answer.headers["X-Bench-SQL-Ms"]), int(answer.headers["X-Bench-Statements"])


def measure_mixed(sessions: Sessions, pages: list[Page], clients: int, seconds: float) -> Timings:
    def work(index: int, timings: Timings, more: Callable[[], bool]) -> None:
        chooser = random.Random(index)
        while more():
            page = chooser.choice(pages)
            browser, url = sessions.get(page.role, index), sessions.base + page.path
            timed(lambda b=browser, u=url: b.get(u, timeout=120), timings)

    return run_clients(clients, work, seconds=seconds)


@dataclass
class PagesPlan:
    levels: tuple[int, ...] = (1, 8, 32)
    requests: dict[int, int] | None = None  # requests per client at each level
    seconds_per_level: float = 30.0
    mixed_seconds: float = 15.0

    def per_client(self, level: int) -> int:
        defaults = {1: 30, 8: 8, 32: 3}
        return (self.requests or defaults).get(level, 3)


def run_pages(
    base: str, cast: Cast, plan: PagesPlan, log: Callable[[str], None]
) -> dict[str, object]:
    sessions = Sessions(base, cast)
    pages = pages_for(cast)
    sessions.warm({p.role for p in pages}, max(plan.levels))
    results: dict[str, object] = {"pages": [], "mixed": []}
    for page in pages:
        row: dict[str, object] = {"page": page.name, "path": page.path, "role": page.role}
        measure_page(sessions, page, 1, 2, plan.seconds_per_level)  # warm-up
        for level in plan.levels:
            timings = measure_page(
                sessions, page, level, plan.per_client(level), plan.seconds_per_level
            )
            row[str(level)] = timings.summary()
            if timings.errors:
                row.setdefault("errors", []).extend(timings.errors[:3])  # type: ignore[union-attr]
        sql_ms, statements = sql_floor(sessions, page)
        p50 = row[str(plan.levels[0])]["p50"]  # type: ignore[index]
        row["sql_ms"] = round(sql_ms, 2)
        row["statements"] = statements
        row["limit_ratio"] = round(p50 / sql_ms, 1) if sql_ms else None
        log(f"  {page.name}: {row}")
        results["pages"].append(row)  # type: ignore[union-attr]
    for level in plan.levels:
        timings = measure_mixed(sessions, pages, level, plan.mixed_seconds)
        summary: dict[str, object] = {"clients": level, **timings.summary()}
        if timings.errors:
            summary["error_samples"] = timings.errors[:3]
        log(f"  mixed: {summary}")
        results["mixed"].append(summary)  # type: ignore[union-attr]
    return results
