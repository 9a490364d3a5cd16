"""Production and scale-out: PostgreSQL, configuration only from environment variables.

Required: ``GOVOA_SECRET_KEY``, ``GOVOA_AUDIT_KEY``, ``GOVOA_FIELD_KEYS``, ``GOVOA_DATABASE_URL``,
``GOVOA_ALLOWED_HOSTS``. Everything else has a safe default; docs/deployment.md §3.3 lists the
variables and the environment with which ``govoa check --deploy --fail-level WARNING`` passes
(a test runs it)."""

from .base import *  # noqa: F403 — settings modules extend the base by design
from .env import database_from_url, env_bool, env_int, env_str, proxy_ssl_header, redis_caches

SECRET_KEY = env_str("GOVOA_SECRET_KEY")
GOVOA_AUDIT_KEY = env_str("GOVOA_AUDIT_KEY")
GOVOA_FIELD_KEYS = env_str("GOVOA_FIELD_KEYS")
ALLOWED_HOSTS = [h.strip() for h in env_str("GOVOA_ALLOWED_HOSTS").split(",") if h.strip()]
DATABASES = {"default": database_from_url(env_str("GOVOA_DATABASE_URL"))}
# Each worker thread keeps its connection between requests (checked before reuse), instead of
# opening one per request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("GOVOA_DB_CONN_MAX_AGE", 60)

# Optional Redis (docs/deployment.md §3.5): sessions read from the cache (still written to the
# database, so a lost cache logs nobody out) and the navigation's counts cached per person.
GOVOA_REDIS_URL = env_str("GOVOA_REDIS_URL", "")
if GOVOA_REDIS_URL:
    CACHES = redis_caches(GOVOA_REDIS_URL, env_str("GOVOA_REDIS_PREFIX", "govoa"))
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    GOVOA_COUNTS_CACHE_SECONDS = env_int("GOVOA_COUNTS_CACHE_SECONDS", 15)

# HTTPS. The reverse proxy terminates TLS and says so in a request header it always
# overwrites (docs/deployment.md §3.6); the application then redirects plain HTTP to HTTPS
# and tells browsers to use only HTTPS from then on (HSTS).
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(
    env_str("GOVOA_PROXY_SSL_HEADER", "X-Forwarded-Proto: https")
)
SECURE_SSL_REDIRECT = env_bool("GOVOA_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("GOVOA_HSTS_SECONDS", 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("GOVOA_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("GOVOA_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("GOVOA_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

SILENCED_SYSTEM_CHECKS: list[str] = []
if not SECURE_HSTS_PRELOAD:
    # security.W021 asks for the HSTS "preload" flag. Preloading means asking the browser
    # makers to hard-code the domain as HTTPS-only, which only a public domain can get and
    # which takes months to undo; most agencies serve GovOA on an intranet host name. It is
    # opt-in (GOVOA_HSTS_PRELOAD=true), and the warning is silenced only while it is off.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# API token lookups and the working-day overrides in the cache only when the cache is shared
# by every server process (Redis): a per-process cache would not learn of a revocation made
# through another (ADR 0011).
GOVOA_CACHE_SHARED = env_bool("GOVOA_CACHE_SHARED", bool(env_str("GOVOA_REDIS_URL", "")))
