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
    "axes",
    "contingent.web",
    "contingent.audit",
    "contingent.access",
    "contingent.org",
    "contingent.inventory",
    "contingent.bia",
    "contingent.evidence",
    "contingent.notifications",
    "contingent.lifecycle",
    "contingent.plans",
    "contingent.recovery",
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
    "axes.middleware.AxesMiddleware",  # turns a locked-out sign-in into the "locked out" page
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
SESSION_COOKIE_AGE = env_int("CONTINGENT_SESSION_HOURS", 12) * 3600
SECURE_HSTS_SECONDS = 31_536_000 if PRODUCTION else 0  # sent on HTTPS requests only

# Sign-in: repeated failures lock the username from that address (django-axes); the API takes no passwords.
AUTHENTICATION_BACKENDS = [
    "contingent.access.login.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "contingent.access.oidc.SingleSignOnBackend",
]
AXES_FAILURE_LIMIT = env_int("CONTINGENT_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("CONTINGENT_LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Single sign-on with OpenID Connect (Entra ID / Azure AD, or any provider): on when an issuer is set.
OIDC_ISSUER = env_str("CONTINGENT_OIDC_ISSUER", "").rstrip("/")
OIDC_PROVIDER_NAME = env_str("CONTINGENT_OIDC_PROVIDER_NAME", "single sign-on")
OIDC_RP_CLIENT_ID = env_str("CONTINGENT_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("CONTINGENT_OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = env_str("CONTINGENT_OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_CLAIM = env_str("CONTINGENT_OIDC_CLAIM", "email")  # the claim that names the person signing in
OIDC_MATCH = env_str("CONTINGENT_OIDC_MATCH", "email")  # match it to a person's "email" or a login's "username"
OIDC_CREATE_USERS = env_bool("CONTINGENT_OIDC_CREATE_USERS", False)  # sign in people Contingent does not know
OIDC_AUTHENTICATE_CLASS = "contingent.access.oidc.StartSignOn"
OIDC_CALLBACK_CLASS = "contingent.access.oidc.FinishSignOn"
LOGIN_REDIRECT_URL_FAILURE = "/login/refused/"
ALLOW_LOGOUT_GET_METHOD = False

# Review cadence and recovery limits are policy, so they are settings (spec 000: review at least annually,
# team recovery within one day, instance within three days).
REVIEW_INTERVAL_DAYS = env_int("CONTINGENT_REVIEW_INTERVAL_DAYS", 365)

# Outbound email (notifications app): smtp://user:pass@host:port, smtp+tls://…, smtps://…, console://, or
# file:///path; empty writes each email as a file under DATA_DIR/outbox (the embedded default sends nothing).
EMAIL_URL = env_str("CONTINGENT_EMAIL_URL", "")
EMAIL_FROM = env_str("CONTINGENT_EMAIL_FROM", "Contingent <contingent@localhost>")
DEFAULT_FROM_EMAIL = EMAIL_FROM
# Review reminders go out this many days before a plan's next review date, and again once it is overdue.
REVIEW_REMINDER_DAYS = env_int("CONTINGENT_REVIEW_REMINDER_DAYS", 30)
API_PAGE_SIZE = env_int("CONTINGENT_API_PAGE_SIZE", 100)
TEAM_RECOVERY_LIMIT = env_str("CONTINGENT_TEAM_RECOVERY_LIMIT", "1d")
INSTANCE_RECOVERY_LIMIT = env_str("CONTINGENT_INSTANCE_RECOVERY_LIMIT", "3d")

# The evidence store ("approved storage location"): files stored by SHA-256 under DATA_DIR/evidence, or in an
# S3-compatible object store through django-storages (pip install 'contingent[s3]').
EVIDENCE_STORAGE = env_str("CONTINGENT_EVIDENCE_STORAGE", "filesystem")
if EVIDENCE_STORAGE == "s3":
    _evidence_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("CONTINGENT_STORAGE_BUCKET", "contingent-evidence"),
            "endpoint_url": env_str("CONTINGENT_STORAGE_ENDPOINT_URL", "") or None,
            "region_name": env_str("CONTINGENT_STORAGE_REGION", "") or None,
            "access_key": env_str("CONTINGENT_STORAGE_ACCESS_KEY", "") or None,
            "secret_key": env_str("CONTINGENT_STORAGE_SECRET_KEY", "") or None,
            "location": env_str("CONTINGENT_STORAGE_PREFIX", "evidence"),
            "file_overwrite": False,
            "default_acl": None,
        },
    }
else:
    _evidence_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "evidence"), "file_permissions_mode": 0o440},
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "evidence": _evidence_storage,
}
# Signed audit checkpoints: an Ed25519 private key (PEM), created on first use when missing.
CHECKPOINT_KEY_FILE = Path(env_str("CONTINGENT_CHECKPOINT_KEY_FILE", str(DATA_DIR / "checkpoint-ed25519.pem")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CONTINGENT_LOG_LEVEL", "WARNING")},
}
