"""Settings shared by every setup. Deployment-specific values come from ``GOVOA_*``
environment variables (see docs/deployment.md)."""

from pathlib import Path

from django.utils.csp import CSP

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(env_str("GOVOA_DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("GOVOA_DEBUG", False)
ALLOWED_HOSTS = env_list("GOVOA_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "govoa.audit",
    "govoa.core",
    "govoa.org",
    "govoa.accounts",
    "govoa.notify",
    "govoa.flow",
    "govoa.documents",
    "govoa.incoming",
    "govoa.outgoing",
    "govoa.supplies",
    "govoa.seals",
    "govoa.equipment",
    "govoa.meetings",
    "govoa.supervision",
    "govoa.handbook",
    "govoa.search",
    "govoa.reports",
    "govoa.integration",
    "govoa.archives",
    "govoa.web",
    "govoa.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "govoa.web.middleware.NoStoreMiddleware",  # after WhiteNoise: static assets stay cacheable
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "govoa.audit.middleware.AuditContextMiddleware",
    "govoa.accounts.middleware.IdleTimeoutMiddleware",
    "govoa.accounts.middleware.PasswordChangeRequiredMiddleware",
    "govoa.accounts.middleware.TwoFactorRequiredMiddleware",
    "govoa.accounts.middleware.ApiRateLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "govoa.web.middleware.ErrorPageMiddleware",
    "govoa.web.middleware.CountsInvalidationMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "govoa.web.context_processors.navigation",
            ],
        },
    },
]
# Django's form renderer with <input> and <select> written out in Python: the same HTML at a
# fraction of the CPU of one template per option (issue 9, ADR 0020).
FORM_RENDERER = "govoa.core.rendering.FormRenderer"

AUTH_USER_MODEL = "org.Person"
AUTHENTICATION_BACKENDS = [
    "govoa.accounts.backends.PersonBackend",
    # Checks the password of a directory account (no local password) against LDAP; inert
    # while GOVOA_LDAP_URI is empty. Never creates a person (integration/directory_auth.py).
    "govoa.integration.directory_auth.DirectoryBackend",
    # OpenID Connect single sign-on: answers only the SSO callback, maps to an existing person
    # (integration/oidc.py); inert while GOVOA_OIDC_CLIENT_ID is empty.
    "govoa.integration.oidc.PersonOIDCBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:workbench"
LOGOUT_REDIRECT_URL = "accounts:login"

# Passwords are stored with PBKDF2 over SM3 (国密); older hashes are upgraded at login.
PASSWORD_HASHERS = [
    "govoa.accounts.hashers.PBKDF2SM3PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "govoa.accounts.passwords.MinimumLengthValidator"},
    {"NAME": "govoa.accounts.passwords.CharacterClassesValidator"},
    {"NAME": "govoa.accounts.passwords.NotContainingUsernameValidator"},
    {"NAME": "govoa.accounts.passwords.HistoryValidator"},
]

# 等保 level-3 account rules; every figure may be changed per deployment.
GOVOA_PASSWORD_MIN_LENGTH = env_int("GOVOA_PASSWORD_MIN_LENGTH", 8)
GOVOA_PASSWORD_MIN_CLASSES = env_int("GOVOA_PASSWORD_MIN_CLASSES", 3)
GOVOA_PASSWORD_MAX_AGE_DAYS = env_int("GOVOA_PASSWORD_MAX_AGE_DAYS", 90)
GOVOA_PASSWORD_HISTORY = env_int("GOVOA_PASSWORD_HISTORY", 5)
# PBKDF2-SM3 iterations: ~0.15 s of one core per hash on the reference machine, so that 2,000
# people logging in within 10 minutes use a quarter of 2 cores (ADR 0004, figures there).
GOVOA_PASSWORD_HASH_ITERATIONS = env_int("GOVOA_PASSWORD_HASH_ITERATIONS", 300_000)
GOVOA_LOCKOUT_THRESHOLD = env_int("GOVOA_LOCKOUT_THRESHOLD", 5)
GOVOA_LOCKOUT_MINUTES = env_int("GOVOA_LOCKOUT_MINUTES", 15)
# Failed logins of one client IP within the window before it is refused for a window's length.
GOVOA_LOGIN_IP_MAX_FAILURES = env_int("GOVOA_LOGIN_IP_MAX_FAILURES", 10)
GOVOA_LOGIN_IP_WINDOW_MINUTES = env_int("GOVOA_LOGIN_IP_WINDOW_MINUTES", 15)
GOVOA_IDLE_TIMEOUT_MINUTES = env_int("GOVOA_IDLE_TIMEOUT_MINUTES", 30)
GOVOA_API_TOKEN_DAYS = env_int("GOVOA_API_TOKEN_DAYS", 90)
# Every process that serves requests or changes data shares the one cache: the embedded mode
# (its cache is files under the data directory), the tests (one process), or production with
# Redis (production.py says False otherwise). Only then are API token lookups, the working-day
# overrides and the published templates kept in the cache (ADR 0011): a per-process cache
# would not learn of a change made through another process.
GOVOA_CACHE_SHARED = True
# Concurrent sessions per account (0: no limit); the 三员 have their own, stricter limit.
GOVOA_MAX_SESSIONS = env_int("GOVOA_MAX_SESSIONS", 3)
GOVOA_MAX_SESSIONS_ADMIN = env_int("GOVOA_MAX_SESSIONS_ADMIN", 1)
# Proxies whose X-Forwarded-For is believed when recording the client's address.
GOVOA_TRUSTED_PROXIES = env_list("GOVOA_TRUSTED_PROXIES", [])

SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Seconds the navigation's per-person counts (待办, 待阅, unread messages) are kept in the cache;
# 0: counted on every page. Only a cache shared by all server processes may hold them
# (production with GOVOA_REDIS_URL), so the default is 0.
GOVOA_COUNTS_CACHE_SECONDS = 0
SESSION_COOKIE_AGE = 12 * 60 * 60  # absolute cap; the idle timeout is enforced by middleware
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("GOVOA_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],  # each page's scripts carry its nonce
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "files")},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A multipart request (files included) larger than this is refused before it is read.
GOVOA_REQUEST_MAX_BYTES = env_int("GOVOA_REQUEST_MAX_MB", 200) * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "govoa.core.http.UploadSizeLimit",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
GOVOA_UPLOAD_MAX_BYTES = env_int("GOVOA_UPLOAD_MAX_MB", 50) * 1024 * 1024
# Virus scan of uploads by clamd on 127.0.0.1 at this port (documents/virusscan.py); 0: off.
GOVOA_CLAMD_PORT = env_int("GOVOA_CLAMD_PORT", 0)
GOVOA_CLAMD_TIMEOUT = env_int("GOVOA_CLAMD_TIMEOUT", 30)
# ZIP-based files (DOCX, XLSX, OFD), checked from their central directory before any member
# is read (core/ziparchive.py): members, declared uncompressed total, per-member ratio.
GOVOA_ARCHIVE_MAX_MEMBERS = env_int("GOVOA_ARCHIVE_MAX_MEMBERS", 10000)
GOVOA_ARCHIVE_MAX_EXPANDED_BYTES = env_int("GOVOA_ARCHIVE_MAX_EXPANDED_MB", 100) * 1024 * 1024
GOVOA_ARCHIVE_MAX_RATIO = env_int("GOVOA_ARCHIVE_MAX_RATIO", 200)
# A file the system parses (正文 from DOCX, XLSX imports) expands to at most this much.
GOVOA_IMPORT_MAX_EXPANDED_BYTES = env_int("GOVOA_IMPORT_MAX_EXPANDED_MB", 32) * 1024 * 1024
# A PDF's compressed object streams, decoded to look for scripts, may total at most this much.
GOVOA_PDF_OBJECT_STREAMS_MAX_BYTES = 32 * 1024 * 1024
GOVOA_FONT_DIR = Path(env_str("GOVOA_FONT_DIR", str(BASE_DIR / "var" / "fonts")))
# The agency's licensed official fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体),
# found by name; the PDF uses them instead of the free faces where present. Empty: none.
GOVOA_OFFICIAL_FONT_DIR = env_str("GOVOA_OFFICIAL_FONT_DIR", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The audit chain's checkpoints (ADR 0008): HMAC-SM3 key, and the file they are appended to
# besides their table. The embedded setup generates the key; production requires it.
GOVOA_AUDIT_KEY = env_str("GOVOA_AUDIT_KEY", "")
GOVOA_AUDIT_CHECKPOINT_FILE = Path(
    env_str("GOVOA_AUDIT_CHECKPOINT_FILE", str(DATA_DIR / "audit-checkpoints.jsonl"))
)

# SM4 keys of the encrypted personal fields (core/fieldcrypt.py): "id:hex32[,id:hex32…]", the
# first encrypts. Generated in the embedded setup, required in production.
GOVOA_FIELD_KEYS = env_str("GOVOA_FIELD_KEYS", "")
# Two-factor login (TOTP, RFC 6238): compulsory for the 三员, optional for everyone else.
GOVOA_TOTP_ISSUER = env_str("GOVOA_TOTP_ISSUER", "GovOA")
GOVOA_RECOVERY_CODES = 10
# Failed logins of one client IP in the throttle's window after which the login form asks
# for a captcha (drawn locally, no outside service); 0: never.
GOVOA_LOGIN_CAPTCHA_AFTER = env_int("GOVOA_LOGIN_CAPTCHA_AFTER", 3)
# API requests per client (token or session, else IP) per minute; 0: no limit.
GOVOA_API_RATE_PER_MINUTE = env_int("GOVOA_API_RATE_PER_MINUTE", 600)
# Audit events younger than this may never be purged (网络安全法 §21: at least six months).
GOVOA_AUDIT_RETENTION_DAYS = max(180, env_int("GOVOA_AUDIT_RETENTION_DAYS", 365))

# LDAP (docs/apps/integration.md#ldap): login of directory accounts and the department/people
# sync. Empty GOVOA_LDAP_URI: off. The bind password comes from the environment only.
GOVOA_LDAP_URI = env_str("GOVOA_LDAP_URI", "")
GOVOA_LDAP_START_TLS = env_bool("GOVOA_LDAP_START_TLS", False)
GOVOA_LDAP_BIND_DN = env_str("GOVOA_LDAP_BIND_DN", "")
GOVOA_LDAP_BIND_PASSWORD = env_str("GOVOA_LDAP_BIND_PASSWORD", "")
GOVOA_LDAP_USER_BASE = env_str("GOVOA_LDAP_USER_BASE", "")
GOVOA_LDAP_USER_FILTER = env_str("GOVOA_LDAP_USER_FILTER", "(objectClass=inetOrgPerson)")
GOVOA_LDAP_DEPARTMENT_BASE = env_str("GOVOA_LDAP_DEPARTMENT_BASE", "")
GOVOA_LDAP_DEPARTMENT_FILTER = env_str(
    "GOVOA_LDAP_DEPARTMENT_FILTER", "(objectClass=organizationalUnit)"
)
GOVOA_LDAP_TIMEOUT_SECONDS = env_int("GOVOA_LDAP_TIMEOUT_SECONDS", 10)
# The scheduled dry run (a diff for the system administrator to confirm): the agency (id)
# the directory describes, and the interval; 0 or no agency: no scheduled run.
GOVOA_LDAP_SYNC_AGENCY = env_int("GOVOA_LDAP_SYNC_AGENCY", 0)
GOVOA_LDAP_SYNC_INTERVAL_SECONDS = env_int("GOVOA_LDAP_SYNC_INTERVAL_SECONDS", 86400)

# OpenID Connect single sign-on (docs/apps/integration.md#oidc, mozilla-django-oidc). Empty
# GOVOA_OIDC_CLIENT_ID: off (no button on the login page). The secret from the environment only.
OIDC_RP_CLIENT_ID = env_str("GOVOA_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("GOVOA_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("GOVOA_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("GOVOA_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("GOVOA_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("GOVOA_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("GOVOA_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("GOVOA_OIDC_SCOPES", "openid profile")
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # SSO signs in people GovOA already has; it never makes one
OIDC_TIMEOUT = env_int("GOVOA_OIDC_TIMEOUT_SECONDS", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
# The claim that carries the GovOA login name (or an employee number used as the login name).
GOVOA_OIDC_USERNAME_CLAIM = env_str("GOVOA_OIDC_USERNAME_CLAIM", "preferred_username")
GOVOA_OIDC_BUTTON_LABEL = env_str("GOVOA_OIDC_BUTTON_LABEL", "统一身份认证登录")

# Periodic jobs run by `govoa scheduler`: (task path, interval in seconds).
GOVOA_PERIODIC_JOBS = [
    ("govoa.audit.tasks.chain_audit_events", 5),
    ("govoa.audit.tasks.checkpoint_audit_chain", 60),
    ("govoa.accounts.tasks.clear_expired_sessions", 3600),
    ("govoa.flow.tasks.scan_work_item_deadlines", 600),
    ("govoa.notify.tasks.retry_failed_deliveries", 300),
    ("govoa.integration.tasks.retry_webhooks", 60),
    ("govoa.documents.tasks.sweep_orphan_files", 900),
    ("govoa.core.tasks.prune_finished_tasks", 3600),
    ("govoa.supervision.tasks.remind_unreported_tasks", 3600),
    ("govoa.supervision.tasks.send_weekly_bulletins", 3600),
    ("govoa.meetings.tasks.remind_unanswered_receipts", 3600),
    ("govoa.reports.tasks.issue_due_bulletins", 3600),
    ("govoa.archives.tasks.remind_overdue_loans", 3600),
    ("govoa.archives.tasks.check_fixity", 86400),
    ("govoa.archives.tasks.stamp_pending_records", 300),
    ("govoa.handbook.tasks.remind_missing_study", 86400),
    ("govoa.equipment.tasks.remind_overdue_device_checks", 3600),
]
if GOVOA_LDAP_URI and GOVOA_LDAP_SYNC_AGENCY and GOVOA_LDAP_SYNC_INTERVAL_SECONDS > 0:
    GOVOA_PERIODIC_JOBS.append(
        ("govoa.integration.tasks.plan_directory_sync", GOVOA_LDAP_SYNC_INTERVAL_SECONDS)
    )
# Finished task results are kept this many days (the periodic jobs above add one row a run).
GOVOA_TASK_RESULT_DAYS = env_int("GOVOA_TASK_RESULT_DAYS", 7)
# A file written by a transaction that has not committed after this long is an orphan.
GOVOA_ORPHAN_GRACE_SECONDS = env_int("GOVOA_ORPHAN_GRACE_SECONDS", 3600)
# 收文编号: {year} and {serial} are filled in (一文一号, gap-free per agency and year).
GOVOA_INCOMING_NUMBER_PATTERN = env_str("GOVOA_INCOMING_NUMBER_PATTERN", "收〔{year}〕{serial}号")
# 批办 deadlines by urgency, in working days (the seeds: 急件 2 working days, 普通件 5).
GOVOA_INCOMING_DEADLINE_DAYS = {
    "normal": env_int("GOVOA_INCOMING_DAYS_NORMAL", 5),
    "urgent": env_int("GOVOA_INCOMING_DAYS_URGENT", 2),
    "extra_urgent": env_int("GOVOA_INCOMING_DAYS_EXTRA_URGENT", 2),
}
# 超期上报: escalate an overdue item to the department head after this many working days.
GOVOA_ESCALATE_AFTER_WORKING_DAYS = env_int("GOVOA_ESCALATE_AFTER_WORKING_DAYS", 2)

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("GOVOA_SMTP_HOST", "127.0.0.1"),
            "port": env_int("GOVOA_SMTP_PORT", 25),
            "username": env_str("GOVOA_SMTP_USER", ""),
            "password": env_str("GOVOA_SMTP_PASSWORD", ""),
            "use_tls": env_bool("GOVOA_SMTP_TLS", False),
            "timeout": 10,
        },
    }
}
# E-mail is sent only once a mail server is configured.
GOVOA_EMAIL_ENABLED = env_bool("GOVOA_EMAIL_ENABLED", bool(env_str("GOVOA_SMTP_HOST", "")))
# With the "log" SMS backend, record SMS deliveries anyway (to see what would be sent).
GOVOA_SMS_LOG_DELIVERIES = env_bool("GOVOA_SMS_LOG_DELIVERIES", False)
DEFAULT_FROM_EMAIL = env_str("GOVOA_MAIL_FROM", "govoa@localhost")
# The address links in emails and SMS point to (the site as its users reach it).
GOVOA_SITE_URL = env_str("GOVOA_SITE_URL", "http://127.0.0.1:8000")
# SMS: "log" sends nothing (writes the log), "http" POSTs to the agency's SMS platform.
GOVOA_SMS_BACKEND = env_str("GOVOA_SMS_BACKEND", "log")
GOVOA_SMS_URL = env_str("GOVOA_SMS_URL", "")
GOVOA_SMS_TOKEN = env_str("GOVOA_SMS_TOKEN", "")

NINJA_PAGINATION_PER_PAGE = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("GOVOA_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
