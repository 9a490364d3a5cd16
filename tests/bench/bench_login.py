"""Login time with the production password hash (PBKDF2-SM3), one at a time and 8 at once,
for the iteration count of the settings and for the former 600,000 (issue 24, ADR 0004).

Each login is the browser's: GET the form (CSRF cookie), POST the credentials, follow to the
workbench. The live server is threaded and OpenSSL's PBKDF2 releases the GIL, so 8 logins
really run on both cores. Figures: p50 in ms per iteration count and concurrency, the logins
per second at 8, and — independent of how busy the shared machine is — the CPU time of one
hash and the share of 2 cores that hashing takes in a 9 o'clock wave (2,000 logins in 10
minutes); that share must stay under half, leaving the rest for the pages that follow."""

import hashlib
import http.cookiejar
import re
import statistics
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import make_password
from django.db import connection

from govoa.testing.factories import TEST_PASSWORD, make_person

# PostgreSQL only: the test settings' in-memory SQLite is one connection shared by the live
# server's threads, which concurrent logins would lock.
pytestmark = [pytest.mark.bench, pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

FORMER_ITERATIONS = 600_000
WAVE_LOGINS, WAVE_SECONDS, CORES = 2_000, 600, 2


def _hash_cpu_seconds(iterations: int) -> float:
    """CPU time of one PBKDF2-SM3 of the given count: the fastest of several runs.

    This thread's CPU time ignores the other processes of the machine, but on a virtual machine
    it still counts the time the hypervisor lends the core elsewhere (steal): a CI run measured
    439 ms for 300,000 iterations and 474 ms for 600,000 on a core that does 170 ms and 340 ms.
    The fastest run is the one least stolen from, so it is the hash's own cost."""
    runs = []
    for _ in range(7):
        started = time.thread_time()
        hashlib.pbkdf2_hmac("sm3", b"Govoa@2026", b"0123456789abcdef", iterations)
        runs.append(time.thread_time() - started)
    return min(runs)


def _login(base: str, username: str) -> float:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": TEST_PASSWORD}
    ).encode()
    started = time.perf_counter()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
    )
    answer = opener.open(request)
    elapsed = time.perf_counter() - started
    assert answer.url == f"{base}/", "登录未成功"
    return elapsed


def _wave(base: str, usernames: list[str], concurrency: int) -> tuple[float, float]:
    """p50 of one login (s), and logins per second over the wave."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        times = list(pool.map(lambda name: _login(base, name), usernames))
    return statistics.median(times), len(usernames) / (time.perf_counter() - started)


def test_login_time_at_1_and_8_concurrent(live_server, people, settings, bench_size, report):
    if connection.vendor != "postgresql":
        pytest.skip("只在 PostgreSQL 上运行（并发登录）")
    settings.PASSWORD_HASHERS = ["govoa.accounts.hashers.PBKDF2SM3PasswordHasher"]
    settings.GOVOA_LOGIN_IP_MAX_FAILURES = 0
    current = django_settings.GOVOA_PASSWORD_HASH_ITERATIONS
    rounds = bench_size(3, 1)
    figures: dict[str, object] = {}
    for iterations in (FORMER_ITERATIONS, current):
        settings.GOVOA_PASSWORD_HASH_ITERATIONS = iterations
        encoded = make_password(TEST_PASSWORD)
        people_ = [
            make_person(department=people.planning, username=f"wave{iterations}-{n}")
            for n in range(8 * rounds)
        ]
        for person in people_:
            person.password = encoded
            person.save(update_fields=["password"])
        names = [p.username for p in people_]
        _login(live_server.url, names[0])  # warm the server
        single, _ = _wave(live_server.url, names[: 2 * rounds + 1], 1)
        eight, rate = _wave(live_server.url, names, 8)
        figures[f"p50_1_ms@{iterations}"] = round(single * 1000)
        figures[f"p50_8_ms@{iterations}"] = round(eight * 1000)
        figures[f"per_s_8@{iterations}"] = round(rate, 1)
        cpu = _hash_cpu_seconds(iterations)
        figures[f"hash_cpu_ms@{iterations}"] = round(cpu * 1000)
        figures[f"wave_share@{iterations}"] = round(WAVE_LOGINS * cpu / (WAVE_SECONDS * CORES), 2)
    report("login", figures)
    assert figures[f"wave_share@{current}"] < 0.5
