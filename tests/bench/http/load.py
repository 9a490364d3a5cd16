"""Load clients: logged-in ``requests`` sessions in threads, response times and percentiles."""

import math
import re
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import requests

PASSWORD = "Bench#2026pw"


class BenchError(RuntimeError):
    pass


def login(base: str, username: str, password: str = PASSWORD) -> requests.Session:
    """A browser's login: the form with its CSRF token, then the session cookie."""
    browser = requests.Session()
    page = browser.get(f"{base}/accounts/login/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if not token:
        raise BenchError(f"no login form at {base}/accounts/login/")
    answer = browser.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token[1]},
        allow_redirects=False,
        timeout=60,
    )
    if answer.status_code != 302:
        raise BenchError(f"login of {username} failed: {answer.status_code} {answer.text[:300]}")
    return browser


def api_token(base: str, username: str, password: str = PASSWORD) -> str:
    answer = requests.post(
        f"{base}/api/v1/auth/token",
        json={"username": username, "password": password, "name": "bench"},
        timeout=60,
    )
    if answer.status_code != 201:
        raise BenchError(f"token of {username}: {answer.status_code} {answer.text[:300]}")
    return str(answer.json()["token"])


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of ``values``."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Timings:
    ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)
    elapsed: float = 0.0  # wall-clock seconds of the whole run

    def add(self, other: "Timings") -> None:
        self.ms += other.ms
        self.errors += other.errors
        self.statements += other.statements

    def summary(self) -> dict[str, float | int]:
        return {
            "n": len(self.ms),
            "errors": len(self.errors),
            "p50": round(percentile(self.ms, 50), 1),
            "p95": round(percentile(self.ms, 95), 1),
            "p99": round(percentile(self.ms, 99), 1),
            "rps": round(len(self.ms) / self.elapsed, 1) if self.elapsed else 0,
            "statements": round(statistics.median(self.statements), 1) if self.statements else 0,
        }


def timed(
    call: Callable[[], requests.Response], timings: Timings, expect: int = 200
) -> requests.Response | None:
    started = time.perf_counter()
    try:
        response = call()
    except requests.RequestException as exc:
        timings.errors.append(repr(exc))
        return None
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != expect:
        timings.errors.append(f"{response.status_code} {response.url} {response.text[:200]}")
        return None
    timings.ms.append(elapsed)
    statements = response.headers.get("X-Bench-Statements")
    if statements is not None:
        timings.statements.append(int(statements))
    return response


def run_clients(
    clients: int,
    work: Callable[[int, Timings, Callable[[], bool]], None],
    *,
    seconds: float,
) -> Timings:
    """``clients`` threads each running ``work(index, timings, more)`` until ``more()`` is
    false (after ``seconds``) or their work is done; timings merged."""
    per_client = [Timings() for _ in range(clients)]
    deadline = time.monotonic() + seconds

    def more() -> bool:
        return time.monotonic() < deadline

    def body(index: int) -> None:
        try:
            work(index, per_client[index], more)
        except Exception as exc:  # a client's failure is reported, not raised in a thread
            per_client[index].errors.append(repr(exc))

    threads = [threading.Thread(target=body, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    merged = Timings(elapsed=time.perf_counter() - started)
    for one in per_client:
        merged.add(one)
    return merged
