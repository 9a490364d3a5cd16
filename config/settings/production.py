"""Production and scale-out: PostgreSQL, configuration only from environment variables.

Required: ``GOVOA_SECRET_KEY``, ``GOVOA_AUDIT_KEY``, ``GOVOA_DATABASE_URL``,
``GOVOA_ALLOWED_HOSTS``."""

from .base import *  # noqa: F403 — settings modules extend the base by design
from .env import database_from_url, env_bool, env_str

SECRET_KEY = env_str("GOVOA_SECRET_KEY")
GOVOA_AUDIT_KEY = env_str("GOVOA_AUDIT_KEY")
ALLOWED_HOSTS = [h.strip() for h in env_str("GOVOA_ALLOWED_HOSTS").split(",") if h.strip()]
DATABASES = {"default": database_from_url(env_str("GOVOA_DATABASE_URL"))}

SESSION_COOKIE_SECURE = env_bool("GOVOA_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
