"""With ``GOVOA_REDIS_URL`` (production), sessions are read from Redis and the navigation's
counts are cached per person; without it nothing is cached. Runs against the local Redis
(``GOVOA_TEST_REDIS_URL``, default 127.0.0.1:6379 database 15) and is skipped, saying so,
where there is none."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_PREFIX
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.settings.env import redis_caches
from govoa.testing.flows import make_memo, memo_cast, start_memo
from govoa.web.context_processors import counts_key

ROOT = Path(__file__).resolve().parents[4]
REDIS_URL = os.environ.get("GOVOA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_settings(settings):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"没有可用的 Redis（{REDIS_URL}：{exc}）：跳过 Redis 缓存测试")
    caches = redis_caches(REDIS_URL)
    caches["default"]["KEY_PREFIX"] = f"govoa-test-{uuid.uuid4().hex}"  # apart from other runs
    settings.CACHES = caches
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.GOVOA_COUNTS_CACHE_SECONDS = 60
    yield settings
    cache.clear()


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_sessions_live_in_redis(client, people, redis_settings):
    client.force_login(people.staff)
    key = client.session.session_key
    assert cache.get(SESSION_PREFIX + key) is not None
    assert client.get("/").status_code == 200


def test_counts_are_cached_per_person_and_cleared_by_their_own_writes(
    client, people, redis_settings
):
    cast = memo_cast(people)
    client.force_login(people.dept_head)
    _page_queries(client)  # the session is now read from the cache too
    cache.delete(counts_key(people.dept_head.pk))
    missed = _page_queries(client)
    assert cache.get(counts_key(people.dept_head.pk)) == {"todo": 0, "to_read": 0, "unread": 0}
    hit = _page_queries(client)
    # Not asked again: who the person acts for, 待办, 待阅, unread messages.
    assert missed - hit == 4
    start_memo(people, make_memo(people, cast))  # an item for the department head
    # Another person's act shows once the cached numbers expire, or at the person's next write.
    assert client.post("/notifications/read-all/").status_code in {200, 302}
    assert cache.get(counts_key(people.dept_head.pk)) is None
    _page_queries(client)
    assert cache.get(counts_key(people.dept_head.pk))["todo"] == 1


def test_without_redis_nothing_is_cached(client, people, settings):
    assert settings.GOVOA_COUNTS_CACHE_SECONDS == 0
    client.force_login(people.staff)
    client.get("/")
    assert cache.get(counts_key(people.staff.pk)) is None


def _production_setting(expression: str, **env: str) -> str:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GOVOA_", "DJANGO_"))}
    result = subprocess.run(  # noqa: S603 — our own settings, read in a fresh interpreter
        [sys.executable, "-c", f"from config.settings import production as s; print({expression})"],
        cwd=ROOT,
        env={
            **keep,
            "GOVOA_SECRET_KEY": "x" * 50,
            "GOVOA_AUDIT_KEY": "y" * 50,
            "GOVOA_FIELD_KEYS": "k1:" + "ab" * 16,
            "GOVOA_DATABASE_URL": "postgresql://govoa@127.0.0.1/govoa",
            "GOVOA_ALLOWED_HOSTS": "oa.example.gov.cn",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_production_uses_redis_only_when_configured():
    assert _production_setting("s.SESSION_ENGINE") == "django.contrib.sessions.backends.db"
    assert _production_setting("s.GOVOA_COUNTS_CACHE_SECONDS") == "0"
    with_redis = {"GOVOA_REDIS_URL": "redis://127.0.0.1:6379/3"}
    assert _production_setting("s.SESSION_ENGINE", **with_redis) == (
        "django.contrib.sessions.backends.cached_db"
    )
    assert _production_setting("s.CACHES['default']['LOCATION']", **with_redis) == (
        "redis://127.0.0.1:6379/3"
    )
    assert _production_setting("s.GOVOA_COUNTS_CACHE_SECONDS", **with_redis) == "15"
    assert _production_setting("s.CACHES['default']['KEY_PREFIX']", **with_redis) == "govoa"
    assert (
        _production_setting(
            "s.CACHES['default']['KEY_PREFIX']", GOVOA_REDIS_PREFIX="oa2", **with_redis
        )
        == "oa2"
    )
    # Persistent connections with health checks.
    assert (
        _production_setting(
            "(s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS'])"
        )
        == "(60, True)"
    )


def test_a_redis_url_of_another_kind_is_refused_in_chinese():
    with pytest.raises(ImproperlyConfigured, match="GOVOA_REDIS_URL 应以 redis://"):
        redis_caches("http://127.0.0.1:6379")
