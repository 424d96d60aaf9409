"""Settings, read from the environment (12-factor).

With no ``DATABASE_URL`` and no ``CELERY_BROKER_URL`` the project runs in its embedded mode: a SQLite
file and tasks executed in-process. PostgreSQL and Redis are what tests and production use.
"""

import json
import os
import re
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, default: bool = False) -> bool:
    """A switch: 1/0, true/false, yes/no, on/off (any case). Anything else stops the start-up: a mistyped
    ``DEBUG=ture`` must not quietly mean off, nor ``SECURE_SSL_REDIRECT=flase`` quietly mean on."""
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value; use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int) -> int:
    """A whole number (spaces around it allowed); anything else stops the start-up."""
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    # Plain ASCII digits only: int() would also take "1_000" or full-width digits.
    if not re.fullmatch(r"-?[0-9]+", value):
        raise ImproperlyConfigured(f"{name}={os.environ[name]!r} is not a whole number.")
    return int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATABASE_URL = env_str("DATABASE_URL")
# No database configured means the embedded first-look mode, which is a development setup: DEBUG defaults on.
EMBEDDED_MODE = not DATABASE_URL
DEBUG = env_bool("DEBUG", EMBEDDED_MODE)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-the-embedded-mode"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- Applications -----------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tables2",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "skilled_township.core",
    "skilled_township.regions",
    "skilled_township.accounts",
    "skilled_township.skills",
    "skilled_township.cadres",
    "skilled_township.certifications",
    "skilled_township.learning",
    "skilled_township.training",
    "skilled_township.pairing",
    "skilled_township.assessment",
    "skilled_township.api",
]

MIDDLEWARE = [
    # First: the request id, the audit trail's actor and the request's log line cover every answer.
    "skilled_township.core.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "skilled_township.core.api_errors.JsonErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "skilled_township.core.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # After the security headers and the CSP nonce: its refusal is a page like any other.
    "skilled_township.core.middleware.RefuseNulCharactersMiddleware",
    "skilled_township.accounts.middleware.PasswordChangeRequiredMiddleware",
    "skilled_township.core.middleware.JobServiceUnavailableMiddleware",
]

ROOT_URLCONF = "skilled_township.urls"
WSGI_APPLICATION = "skilled_township.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "skilled_township.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------

if EMBEDDED_MODE:
    (BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'var' / 'embedded.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60 if DATABASE_URL else 0),
        conn_health_checks=True,
    )
}
#: A streaming replica of the primary: the reports' and figure pages' reads go there (core.db_router); empty:
#: everything on the primary. In tests the alias mirrors the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(
            DATABASE_REPLICA_URL, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
        ),
        "TEST": {"MIRROR": "default"},
    }
#: The database alias that reads of reports and figures go to; empty: the primary.
READ_REPLICA = "replica" if DATABASE_REPLICA_URL else ""
DATABASE_ROUTERS = ["skilled_township.core.db_router.ReplicaRouter"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite has no covering indexes: the embedded mode leaves out the columns an index only holds (INCLUDE),
    # which matter for speed on PostgreSQL's large tables only; nor unique constraints that count empty values as
    # equal (one current yearly report per round and township, the city's with no township): the report jobs hold
    # that rule under a lock as well, and the embedded mode runs them one at a time.
    SILENCED_SYSTEM_CHECKS = ["models.W040", "models.W047"]

# --- Celery and cache -------------------------------------------------------------------------

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# The queue the web sends jobs to and the worker takes them from: two sites sharing one Redis need a name each.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
#: A task taken by a worker that then disappears (killed, power lost) goes back to the queue after this many
#: seconds; it must exceed the longest task (a yearly evaluation report takes seconds).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
#: How often the scheduler hands over the jobs registered while the job service was unavailable (seconds).
JOB_RESEND_SECONDS = env_int("JOB_RESEND_SECONDS", 60)
if JOB_RESEND_SECONDS <= 0:
    raise ImproperlyConfigured(f"JOB_RESEND_SECONDS={JOB_RESEND_SECONDS} must be more than 0.")
CELERY_BEAT_SCHEDULE = {
    "prune-login-attempts": {"task": "skilled_township.accounts.tasks.prune_login_attempts", "schedule": 24 * 3600},
    # Jobs registered while the job service (Redis) was unavailable, handed over once it answers again.
    "send-waiting-jobs": {"task": "skilled_township.core.tasks.send_waiting_jobs", "schedule": JOB_RESEND_SECONDS},
    "send-waiting-reports": {
        "task": "skilled_township.assessment.tasks.send_waiting_reports",
        "schedule": JOB_RESEND_SECONDS,
    },
    # The automatic figures reviewers see beside the indicators, recomputed at 02:30 each night.
    "refresh-assessment-figures": {
        "task": "skilled_township.assessment.tasks.refresh_figures",
        "schedule": crontab(hour=2, minute=30),
    },
}

#: A roster upload with more data rows than this is imported by a background job (progress on its page)
#: rather than while the request waits.
CADRE_IMPORT_BACKGROUND_ROWS = env_int("CADRE_IMPORT_BACKGROUND_ROWS", 300)
#: A list export with more rows than this (after its filters) is produced by a background job, with progress
#: on its page, rather than while the request waits (about 4,000 rows a second).
EXPORT_INLINE_ROWS = env_int("EXPORT_INLINE_ROWS", 5000)
# The site's public address for links printed on paper (a service card's QR code); empty: the requested address.
SITE_URL = env_str("SITE_URL", "").rstrip("/")

#: The issuing body printed on a new skill certificate (the appraiser may change it per certificate).
CERTIFICATE_ISSUING_BODY = env_str("CERTIFICATE_ISSUING_BODY", "怀化市人力资源和社会保障局")
#: Where the confirmation codes of visits are sent: the dotted path of a backend class with ``send(phone,
#: message)``; empty: the default, which writes the message to the log (for a county without an SMS gateway yet).
SMS_BACKEND = env_str("SMS_BACKEND", "")

REDIS_CACHE_URL = env_str("CACHE_URL", CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "")
if REDIS_CACHE_URL:
    # A Redis that is down or hangs costs a page at most these seconds and is treated as a miss (core.cache).
    CACHES = {
        "default": {
            "BACKEND": "skilled_township.core.cache.TolerantRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Authentication and sessions --------------------------------------------------------------

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = ["skilled_township.accounts.backends.AccountBackend"]

# MLPS 2.0 (等保 2.0): at least 8 characters from at least three of four character classes.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "skilled_township.accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]

# Lock an account for a given client address after repeated failures.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)

# Sessions end after 30 minutes without activity.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
# An API token stops working after this long unused, like a session (a nightly integration states a longer
# period); a new password or a disabled account revokes it at once.
API_TOKEN_IDLE_SECONDS = env_int("API_TOKEN_IDLE_SECONDS", SESSION_COOKIE_AGE)
if API_TOKEN_IDLE_SECONDS <= 0:
    raise ImproperlyConfigured(f"API_TOKEN_IDLE_SECONDS={API_TOKEN_IDLE_SECONDS} must be more than 0.")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security ---------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The health check is asked over plain HTTP by the proxy or a monitor on the server itself.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CSP["upgrade-insecure-requests"] = True

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------

STATIC_URL = "/static/"
# Where `collectstatic` (bin/serve) gathers the static files, compressed, for the reverse proxy to serve.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
#: Where uploaded and generated files are kept: a storage class and its options as a JSON object. The default is
#: the MEDIA_ROOT folder; several web servers and workers on other hosts share object storage instead, e.g.
#: django-storages' ``storages.backends.s3.S3Storage`` with ``{"bucket_name": "...", "endpoint_url": "..."}``.
MEDIA_STORAGE_BACKEND = env_str("MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
try:
    MEDIA_STORAGE_OPTIONS = json.loads(env_str("MEDIA_STORAGE_OPTIONS") or "{}")
except ValueError as error:
    raise ImproperlyConfigured(f"MEDIA_STORAGE_OPTIONS is not a JSON object: {error}") from error
if not isinstance(MEDIA_STORAGE_OPTIONS, dict):
    raise ImproperlyConfigured("MEDIA_STORAGE_OPTIONS must be a JSON object ({...}).")
STORAGES = {
    "default": {"BACKEND": MEDIA_STORAGE_BACKEND, "OPTIONS": MEDIA_STORAGE_OPTIONS},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Forms and tables -------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every record carries the id of the request being served ("-" outside one), as the X-Request-ID header
    # and the error page show it.
    "filters": {"request_id": {"()": "skilled_township.core.requestlog.RequestIdFilter"}},
    "formatters": {"default": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "default"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # (WeasyPrint reports each step of every PDF it renders at INFO.)
    "loggers": {
        "django.security": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        # One line per request (method, path, status, duration, user id, request id); REQUEST_LOG=0 turns it off.
        "skilled_township.requests": {"level": "INFO" if env_bool("REQUEST_LOG", True) else "WARNING"},
        # runserver's own line per request repeats ours.
        "django.server": {"level": "WARNING"},
    },
}

PAGE_SIZE = 25

# How many reverse proxies in front of the app append to X-Forwarded-For (nginx with
# $proxy_add_x_forwarded_for: 1). The client address for the lock-out and the audit trail is the one the
# outermost of them saw (core.context.client_ip); 0 uses the connection's address. TRUST_X_FORWARDED_FOR=1,
# the older switch, means one proxy.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if env_bool("TRUST_X_FORWARDED_FOR", False) else 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT} must be 0 or more.")

# --- REST API ---------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "skilled_township.accounts.tokens.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "skilled_township.core.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Skilled Township API",
    "DESCRIPTION": "技能型乡镇政府 — REST API (v1)",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Choice sets whose field names other models also use ("kind", "level", "status"): named after their model.
    "ENUM_NAME_OVERRIDES": {
        "VisitKindEnum": "skilled_township.pairing.models.Visit.Kind",
        "CertificateLevelEnum": "skilled_township.certifications.models.CertificateLevel",
        "CertificateStatusEnum": "skilled_township.certifications.models.Certificate.Status",
        # One name for a choice set several fields share.
        "CadreGradeEnum": "skilled_township.assessment.models.CadreGrade.Grade",
    },
}
