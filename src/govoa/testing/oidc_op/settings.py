"""Settings of the test OpenID provider (not GovOA's): one SQLite file, its users, its client."""

import os
import secrets

SECRET_KEY = secrets.token_hex(32)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "govoa.testing.oidc_op.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.path.join(os.path.dirname(__file__), "templates")],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["GOVOA_OP_DB"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A test provider: a fast hasher for its throwaway users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/login/"
SITE_URL = os.environ["GOVOA_OP_URL"]
OIDC_USERINFO = "govoa.testing.oidc_op.claims.userinfo"
# Its own cookie names, so that a test browser talking to it and to GovOA keeps both apart.
SESSION_COOKIE_NAME = "op_sessionid"
CSRF_COOKIE_NAME = "op_csrftoken"
OIDC_EXTRA_SCOPE_CLAIMS = "govoa.testing.oidc_op.claims.EmployeeClaims"
