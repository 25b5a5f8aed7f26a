"""One settings module for every environment; everything that differs comes from the environment.

See docs/configuration.md for every variable. Without any, the platform runs on a SQLite file in
./data so that `make run` works on a bare machine.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from gongkai.core import security_headers

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", BASE_DIR / "data"))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    # Development default: a random key kept beside the SQLite file, so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


# The production profile (docs/configuration.md, "Production"): the secret key and the host names
# must come from the environment, and the HTTPS settings are on, so that `check --deploy` is clean.
PRODUCTION = _env_bool("GONGKAI_PRODUCTION", False)
if PRODUCTION:
    for _name in ("SECRET_KEY", "ALLOWED_HOSTS"):
        if not os.environ.get(_name, "").strip():
            raise ImproperlyConfigured(f"生产环境（GONGKAI_PRODUCTION）必须设置环境变量 {_name}")

SECRET_KEY = _secret_key()
DEBUG = _env_bool("GONGKAI_DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "*").split(",") if h.strip()]

# HTTPS (on in production; GONGKAI_HTTPS=false only for a closed test network). nginx terminates
# TLS and says so in X-Forwarded-Proto.
HTTPS = _env_bool("GONGKAI_HTTPS", PRODUCTION)
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("GONGKAI_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("GONGKAI_HSTS_INCLUDE_SUBDOMAINS", True)
    # Entering the browsers' preload list binds the whole domain for good: the operator decides,
    # for the domain, with its owner (docs/configuration.md); until then Django's reminder is off.
    SECURE_HSTS_PRELOAD = _env_bool("GONGKAI_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_HTTPONLY = True
# A staff session lasts at most this long (default 8 hours), and ends after 30 minutes without
# activity (core/middleware.py).
SESSION_COOKIE_AGE = int(os.environ.get("GONGKAI_SESSION_MAX_AGE", str(8 * 3600)))
GONGKAI_STAFF_IDLE_TIMEOUT = int(os.environ.get("GONGKAI_STAFF_IDLE_TIMEOUT", str(30 * 60)))
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
# Response headers: one source, core/security_headers.py (the same values nginx adds to the
# published pages; the admin's looser policy is chosen there by path).
CONTENT_SECURITY_POLICY = security_headers.CONTENT_SECURITY_POLICY
SECURE_REFERRER_POLICY = security_headers.REFERRER_POLICY
SECURE_CROSS_ORIGIN_OPENER_POLICY = security_headers.CROSS_ORIGIN_OPENER_POLICY
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = security_headers.X_FRAME_OPTIONS

INSTALLED_APPS = [
    # First, so that a test database restored from its serialized copy (browser tests) gets the
    # content types back before any other row whose restore looks one up.
    "django.contrib.contenttypes",
    "gongkai.core",
    "gongkai.bodies",
    "gongkai.accounts",
    "gongkai.columns",
    "gongkai.documents",
    "gongkai.sites",
    "gongkai.publishing",
    "gongkai.search",
    "gongkai.workdays",
    "gongkai.applications",
    "gongkai.participation",
    "gongkai.reports",
    "gongkai.web",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "django_tasks",
    "django_tasks_db",
    "taggit",
    "ninja",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.sitemaps",  # its sitemap templates (publishing/sitemaps.py)
    "axes",
    "csp",
    # The second factor for staff (accounts/twofactor.py): TOTP and one-time backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy (core/security_headers.py).
    "gongkai.core.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai.core.middleware.StaffIdleTimeoutMiddleware",
    # After the idle timeout: staff with a second factor enter their code before any staff page.
    "gongkai.accounts.middleware_twofactor.TwoFactorMiddleware",
    # 三员分立: the security and audit administrators reach only their own screen (accounts/).
    "gongkai.accounts.roles_middleware.PlatformRoleGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Staff login (django-axes): after GONGKAI_LOGIN_FAILURE_LIMIT failures for one account, or from
# one address, logins are refused for GONGKAI_LOGIN_COOLOFF_MINUTES; every failure is recorded
# (axes' access attempts and failure log, shown to the security administrator at /admin/security/,
# not in /django-admin/: 三员分立, docs/security.md). The address is the client's, also behind
# nginx (core/clientip.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("GONGKAI_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ENABLE_ADMIN = False
AXES_CLIENT_IP_CALLABLE = "gongkai.core.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "gongkai.core.views.login_locked_out"
GONGKAI_TRUSTED_PROXIES = int(os.environ.get("GONGKAI_TRUSTED_PROXIES", "0"))
# Throttles of the public forms, counted in the database by every app server (core/throttle.py):
# "N/h,M/d" = at most N per hour and M per local day; "off" = none (docs/security.md, 频率限制).
GONGKAI_THROTTLES = {
    "apply-address": os.environ.get("GONGKAI_THROTTLE_APPLY_PER_ADDRESS", "20/h,60/d"),
    "apply-contact": os.environ.get("GONGKAI_THROTTLE_APPLY_PER_CONTACT", "10/h,30/d"),
    "track-address": os.environ.get("GONGKAI_THROTTLE_TRACK_PER_ADDRESS", "20/h"),
    "track-case": os.environ.get("GONGKAI_THROTTLE_TRACK_PER_CASE", "10/h"),
    "recover-case": os.environ.get("GONGKAI_THROTTLE_RECOVER_PER_CASE", "5/d"),
    "comment-address": os.environ.get("GONGKAI_THROTTLE_COMMENT_PER_ADDRESS", "20/h,60/d"),
    "comment-contact": os.environ.get("GONGKAI_THROTTLE_COMMENT_PER_CONTACT", "10/h,30/d"),
    "letter-address": os.environ.get("GONGKAI_THROTTLE_LETTER_PER_ADDRESS", "20/h,60/d"),
    "letter-contact": os.environ.get("GONGKAI_THROTTLE_LETTER_PER_CONTACT", "5/h,10/d"),
}
# Second factor (TOTP, accounts/twofactor.py): required of 站点管理员 and 平台运维 when on (default:
# in production only, so that the demo logins of `make run` stay simple). Staff who enrolled
# enter their code either way.
GONGKAI_REQUIRE_TOTP = _env_bool("GONGKAI_REQUIRE_TOTP", PRODUCTION)

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits (architecture.md: "SQLite ... WAL").
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# PostgreSQL's JIT compiles a query whose estimated cost is high before running it: on a list of
# 100,000 documents filtered by validity that took 230 ms to run a 35 ms query (docs/benchmarks.md,
# "Publish → files"). The platform's queries are short; it is off for its connections.
_PG_OPTIONS = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = _PG_OPTIONS

if test_db_name := os.environ.get("GONGKAI_TEST_DATABASE_NAME"):
    # Two test runs on one PostgreSQL server need different test databases.
    DATABASES["default"]["TEST"] = {"NAME": test_db_name}

# A read replica (PostgreSQL streaming replication): the reads of anonymous GET/HEAD requests go
# there, everything else to the primary (core/dbrouter.py). In tests it mirrors the default.
if replica_url := os.environ.get("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = dj_database_url.parse(
        replica_url, conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
    )
    DATABASES["replica"].setdefault("OPTIONS", {})["options"] = _PG_OPTIONS
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["gongkai.core.dbrouter.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "gongkai.core.dbrouter.ReplicaReadMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.core.passwords.CharacterKindsValidator", "OPTIONS": {"min_kinds": 3}},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "gongkai" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("GONGKAI_STATIC_ROOT", BASE_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from here after collectstatic
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("GONGKAI_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Uploaded files are served by Django when no web server in front does it (development, `make run`).
GONGKAI_SERVE_MEDIA = _env_bool("GONGKAI_SERVE_MEDIA", True)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (architecture.md): tasks are rows in the database, written in the transaction
# that enqueues them, run by `manage.py db_worker` (make run starts one; production: a systemd
# unit). The tests run them at once (ImmediateBackend, gongkai/conftest.py).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("GONGKAI_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LOGIN_URL = "wagtailadmin_login"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
# Text messages to applicants (core/sms.py): the dotted path of the installation's gateway class.
GONGKAI_SMS_BACKEND = os.environ.get("GONGKAI_SMS_BACKEND", "gongkai.core.sms.ConsoleBackend")

# --- Wagtail ------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "甘肃省政务公开平台")
# The name an authenticator app shows beside the staff member's account (accounts/twofactor.py).
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# /django-admin/ lists devices but never shows their secrets or QR codes (三员分立: the operator
# must not be able to act as another user).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
WAGTAILADMIN_BASE_URL = os.environ.get("GONGKAI_BASE_URL", "http://localhost:8000")
WAGTAILDOCS_DOCUMENT_MODEL = "documents.Attachment"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "ofd"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No avatars from gravatar.com: the admin loads nothing from another site (security_headers.py).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
# Staff work in Beijing time: one zone hides the account page's list of 400 English zone names.
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]

# --- Gongkai ------------------------------------------------------------------------------------
# 索引号 format (regulations 5.4: no national format; "org code / year - serial" is the most common).
GONGKAI_INDEX_NUMBER_FORMAT = os.environ.get(
    "GONGKAI_INDEX_NUMBER_FORMAT", "{body_code}/{year}-{serial:05d}"
)

# The search index of this app server (each server keeps its own, following the same outbox).
GONGKAI_SEARCH_INDEX_DIR = Path(
    os.environ.get("GONGKAI_SEARCH_INDEX_DIR", DATA_DIR / "search-index")
)

# Static publishing (docs/publishing.md): public pages rendered to files under this root, one
# directory per Wagtail Site, which nginx serves before asking Django. Off: nothing is rendered.
PUBLISH_ROOT = Path(os.environ.get("GONGKAI_PUBLISH_ROOT", BASE_DIR / "data" / "publish"))
PUBLISH_ENABLED = _env_bool("GONGKAI_PUBLISH", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail logs every page action and django-tasks every task run at INFO: too loud for imports.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # WeasyPrint and fontTools describe every font subset at INFO when a PDF is made.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
WAGTAILDOCS_DOCUMENT_FORM_BASE = "gongkai.documents.forms.AttachmentForm"
