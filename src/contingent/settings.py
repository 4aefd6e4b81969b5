"""Django settings, read from CONTINGENT_* environment variables with embedded defaults.

The embedded default needs nothing but Python: SQLite and files under CONTINGENT_DATA_DIR.
Every setting is listed in README.md; tests/test_settings.py fails when one is undocumented.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from contingent.lib.env import env_bool, env_int, env_list, env_str

DEV_SECRET_KEY = "contingent-development-key-not-for-production"

DATA_DIR = Path(env_str("CONTINGENT_DATA_DIR", "./var")).resolve()
DEBUG = env_bool("CONTINGENT_DEBUG", False)
PRODUCTION = env_bool("CONTINGENT_PRODUCTION", False)
SECRET_KEY = env_str("CONTINGENT_SECRET_KEY", DEV_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == DEV_SECRET_KEY or DEBUG):
    raise ImproperlyConfigured(
        "CONTINGENT_PRODUCTION is set: give CONTINGENT_SECRET_KEY a secret value and leave CONTINGENT_DEBUG off"
    )
ALLOWED_HOSTS = env_list("CONTINGENT_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CONTINGENT_CSRF_TRUSTED_ORIGINS", [])
BASE_URL = env_str("CONTINGENT_BASE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "contingent.web",
    "contingent.audit",
    "contingent.access",
    "contingent.org",
    "contingent.inventory",
    "contingent.bia",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "contingent.web.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "contingent.urls"
WSGI_APPLICATION = "contingent.wsgi.application"

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
                "contingent.web.context.navigation",
            ],
        },
    }
]

_database_url = env_str("CONTINGENT_DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "contingent.sqlite3",
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# Static files come straight from the installed package: nothing to collect for the embedded default.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Review cadence and recovery limits are policy, so they are settings (spec 000: review at least annually,
# team recovery within one day, instance within three days).
REVIEW_INTERVAL_DAYS = env_int("CONTINGENT_REVIEW_INTERVAL_DAYS", 365)
API_PAGE_SIZE = env_int("CONTINGENT_API_PAGE_SIZE", 100)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CONTINGENT_LOG_LEVEL", "WARNING")},
}
