"""Reading configuration from environment variables (``GOVOA_*``)."""

import os
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"缺少环境变量 {name}")
        return default
    return value


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"环境变量 {name} 应为整数，实际为 {raw!r}") from exc


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if not raw:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str) -> dict[str, object]:
    """``postgresql://user:password@host:port/name?sslmode=require`` → a DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"GOVOA_DATABASE_URL 只支持 postgresql://，实际为 {parsed.scheme}"
        )
    options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def redis_caches(url: str, prefix: str = "govoa") -> dict[str, dict[str, object]]:
    """``redis://host:6379/0`` (or ``rediss://`` for TLS) → a CACHES setting on Redis, its
    keys prefixed (several installations may share one Redis)."""
    if urlparse(url).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(
            f"GOVOA_REDIS_URL 应以 redis://、rediss:// 或 unix:// 开头，实际为 {url!r}"
        )
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }


def proxy_ssl_header(raw: str) -> tuple[str, str] | None:
    """``X-Forwarded-Proto: https`` → ``("HTTP_X_FORWARDED_PROTO", "https")`` (the form of
    ``SECURE_PROXY_SSL_HEADER``); ``off`` → ``None``."""
    if raw.strip().lower() == "off":
        return None
    name, sep, value = raw.partition(":")
    if not sep or not name.strip() or not value.strip():
        raise ImproperlyConfigured(
            "GOVOA_PROXY_SSL_HEADER 应为“请求头: 值”（如 X-Forwarded-Proto: https）或 off，"
            f"实际为 {raw!r}"
        )
    return "HTTP_" + name.strip().upper().replace("-", "_"), value.strip()
