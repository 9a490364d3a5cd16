"""Production settings plus the benchmark's SQL capture (``sqlcapture``). Used only by the
servers that ``make bench`` starts; never in a deployment."""

from config.settings.production import *  # noqa: F403 — the production setup, measured
from config.settings.production import MIDDLEWARE

MIDDLEWARE = ["tests.bench.http.sqlcapture.BenchSQLMiddleware", *MIDDLEWARE]
