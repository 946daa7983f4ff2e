"""Settings shared by every environment.

12-factor: everything that differs between machines comes from environment variables (see
``.env.example``). With none set, the platform runs on SQLite under ``var/`` with a local-memory
cache.
"""

import datetime
import os
import zoneinfo
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "partnerstvo"
VAR_DIR = Path(os.environ.get("PARTNERSTVO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-partnerstvo-development-only-key")
DEBUG = env_bool("DEBUG", False)
# The platform's own hosts; CSO sites' own domains are allowed too
# (core.middleware.SiteHostMiddleware enforces both, so Django's own list is open).
PARTNERSTVO_ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,.localhost,testserver")
ALLOWED_HOSTS = ["*"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Partnerstvo: shared foundation first, then one app per domain.
    # In layer order (partnerstvo/architecture.py): the demo loads in this order too.
    "partnerstvo.core",
    "partnerstvo.directory",
    "partnerstvo.accounts",
    "partnerstvo.portal",
    "partnerstvo.websites",
    "partnerstvo.trainings",
    "partnerstvo.api",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.typed_table_block",
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
    "taggit",
    # Django and third parties
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "partnerstvo.core.middleware.SiteHostMiddleware",
    "partnerstvo.core.middleware.NulByteMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A CSO's platform address redirects to its own domain, when it has one.
    "partnerstvo.websites.middleware.OwnDomainRedirectMiddleware",
    # Cached CSO pages are answered here, before sessions, routing or the database.
    "partnerstvo.websites.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Turns a locked-out login into the page that says why (accounts.throttle); keep it last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partnerstvo.urls"
WSGI_APPLICATION = "partnerstvo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "partnerstvo.core.context_processors.platform",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers while one writer works: WAL and a busy timeout.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (several app servers share it), local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "partnerstvo"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out accounts and addresses before any password is checked.
    "partnerstvo.accounts.throttle.ThrottledBackend",
    # Roles (memberships, platform roles) answer every permission question; see core/permissions.py.
    "partnerstvo.accounts.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"

# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, e.g. 127.0.0.1 for an
# nginx on the same machine). Empty: the peer's address is the client's, whatever headers say.
# Read by core.http.client_address, the one source of the client address (login throttle, rate
# limits).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Login throttling (django-axes): failed attempts in the database, shared by every process.
# An account, or an address, is refused for AXES_COOLOFF_TIME after AXES_FAILURE_LIMIT failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "partnerstvo.accounts.throttle.throttle_username"
AXES_CLIENT_IP_CALLABLE = "partnerstvo.core.http.client_address"
AXES_LOCKOUT_CALLABLE = "partnerstvo.accounts.throttle.lockout_response"
AXES_ENABLE_ADMIN = False  # Django's admin is not installed; the back office is Wagtail's
AXES_VERBOSE = False
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "/"

# Languages: Bulgarian first, English complete.
LANGUAGE_CODE = "bg"
LANGUAGES = [("bg", _("Bulgarian")), ("en", _("English"))]
LOCALE_PATHS = [
    PROJECT_DIR / "locale",
    # Our Bulgarian completion of Wagtail's admin catalogue (Wagtail ships only part of it).
    PROJECT_DIR / "locale_wagtail",
]
TIME_ZONE = "Europe/Sofia"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("bg", "Български"), ("en", "English")]
# The time zones a back-office user may choose. Wagtail's default is every name the system's
# tz database holds, which on Debian includes "localtime" (a symlink, not a zone): the browser
# refuses it ("RangeError: Invalid time zone specified: localtime") in the account screen.
WAGTAIL_USER_TIME_ZONES = ["UTC", *sorted(
    name for name in zoneinfo.available_timezones() if name.startswith("Europe/")
)]  # fmt: skip

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: Django refuses request bodies over this size before our validators run.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
PARTNERSTVO_MAX_IMAGE_BYTES = int(os.environ.get("PARTNERSTVO_MAX_IMAGE_BYTES", 2 * 1024 * 1024))
PARTNERSTVO_MAX_IMPORT_BYTES = int(os.environ.get("PARTNERSTVO_MAX_IMPORT_BYTES", 5 * 1024 * 1024))
PARTNERSTVO_MAX_IMPORT_ROWS = int(os.environ.get("PARTNERSTVO_MAX_IMPORT_ROWS", 5000))
PARTNERSTVO_MAX_SCAN_BYTES = int(os.environ.get("PARTNERSTVO_MAX_SCAN_BYTES", 20 * 1024 * 1024))

# E-mail through Django's backends; EMAIL_URL-style variables in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Партньорство <noreply@partnerstvo.bg>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The platform, its programme and the EU visibility block.
PLATFORM_NAME = os.environ.get("PLATFORM_NAME", "Партньорство")
PLATFORM_DOMAIN = os.environ.get("PLATFORM_DOMAIN", "localhost")
# Public pages of CSO sites from the cache (off only to measure the uncached cost in `make bench`).
PARTNERSTVO_PAGE_CACHE = env_bool("PARTNERSTVO_PAGE_CACHE", True)

# Wagtail
WAGTAIL_SITE_NAME = PLATFORM_NAME
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_PASSWORD_RESET_ENABLED = True
# No avatars from Gravatar: it would send every admin user's e-mail hash to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = PARTNERSTVO_MAX_IMAGE_BYTES * 5
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # larger images are refused, not resized in memory
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "odt", "xlsx", "xls", "ods", "pptx", "txt", "csv"]

# Background work: django-tasks (Wagtail's own choice). Run at once in the embedded default; in
# production a database queue (django-tasks-db) worked by `manage.py db_worker` processes, so any
# number of app servers can enqueue and any number of workers can take.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["partnerstvo.api.permissions.ReadOnlyPolicyPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "partnerstvo.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "600/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Partnerstvo API",
    "DESCRIPTION": "Read-only public data of the Partnerstvo platform: municipalities and CSOs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["partnerstvo.api.schema.only_public_api"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per background task is noise in the console.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
