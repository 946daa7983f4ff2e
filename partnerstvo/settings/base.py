"""Settings shared by every environment.

12-factor: everything that differs between machines comes from environment variables (see
``.env.example``). With none set, the platform runs on SQLite under ``var/`` with a file cache
under ``var/cache/``.
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
# Former keys, comma-separated, while a new SECRET_KEY takes over: sessions, signed links and the
# sealed evaluation answers still waiting to be released (trainings.EvaluationPool) stay readable.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
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
    "partnerstvo.scheduling",
    "partnerstvo.directory",
    "partnerstvo.accounts",
    "partnerstvo.notifications",
    "partnerstvo.portal",
    "partnerstvo.events",
    "partnerstvo.websites",
    "partnerstvo.trainings",
    "partnerstvo.practices",
    "partnerstvo.consultations",
    "partnerstvo.partnerships",
    "partnerstvo.analyses",
    "partnerstvo.assessments",
    "partnerstvo.strategies",
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
    # Django's SQLite backend, with Cyrillic case folded as on PostgreSQL (core/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "partnerstvo.core.sqlite"
    # Concurrent readers while one writer works: WAL and a busy timeout.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Connections are kept, as on PostgreSQL (DATABASE_CONN_MAX_AGE): opening one costs a file
    # open, two PRAGMAs and our functions (core.sqlite), about 0.7 ms of every request otherwise.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (several app servers share it); otherwise files under
# var/cache/, shared by every process on this machine (web workers, the task worker, manage.py):
# a page purge or a counter written by one process is what the others read. Not Django's
# local-memory cache: each process would keep its own copy and serve stale pages after another
# process purged its own. Files rather than DatabaseCache: nothing to create (no
# createcachetable), reads cost no query, and cache writes do not queue behind SQLite's single
# writer with the application's own writes.
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
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            # Each write lists the directory to cull it: enough for every page of the demo.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

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
# Bulgarian date formats (partnerstvo/formats/bg/); the rest from Django.
FORMAT_MODULE_PATH = ["partnerstvo.formats"]
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
# Private files (certificate archives, signed sheets, exports, import files, Wagtail documents):
# a root no web server exposes, served only by permission-checked views (core.files). In
# production nginx sends them from an `internal` location when PRIVATE_MEDIA_ACCEL_REDIRECT names
# it (e.g. "/_private/"); empty, Django streams them itself.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
PRIVATE_MEDIA_ACCEL_REDIRECT = os.environ.get("PRIVATE_MEDIA_ACCEL_REDIRECT", "")
STORAGES = {
    # Public media; Wagtail's documents/ are kept in the private root (core.files.MediaStorage).
    "default": {"BACKEND": "partnerstvo.core.files.MediaStorage"},
    "private": {"BACKEND": "partnerstvo.core.files.PrivateStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The parts of MEDIA_ROOT anyone may download: Wagtail's images and renditions and CSO logos.
# In production the web server exposes only these under MEDIA_URL; Wagtail's documents go
# through its own view (which checks collection privacy), and nothing else is public.
PARTNERSTVO_PUBLIC_MEDIA_PREFIXES = ("original_images/", "images/", "organisations/logos/")
# Where no web server sits in front (settings.dev, settings.demo) the app serves those itself.
PARTNERSTVO_SERVE_PUBLIC_MEDIA = False

# Uploads: Django refuses request bodies over this size before our validators run.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
PARTNERSTVO_MAX_IMAGE_BYTES = int(os.environ.get("PARTNERSTVO_MAX_IMAGE_BYTES", 2 * 1024 * 1024))
PARTNERSTVO_MAX_IMPORT_BYTES = int(os.environ.get("PARTNERSTVO_MAX_IMPORT_BYTES", 5 * 1024 * 1024))
PARTNERSTVO_MAX_IMPORT_ROWS = int(os.environ.get("PARTNERSTVO_MAX_IMPORT_ROWS", 5000))
# An XLSX is a ZIP: what it may uncompress to, and how many members it may hold (zip bombs).
PARTNERSTVO_MAX_IMPORT_UNCOMPRESSED_BYTES = int(
    os.environ.get("PARTNERSTVO_MAX_IMPORT_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)
)
PARTNERSTVO_MAX_IMPORT_MEMBERS = int(os.environ.get("PARTNERSTVO_MAX_IMPORT_MEMBERS", 200))
# Imports of more rows than this are checked and applied by a background job, with progress.
PARTNERSTVO_IMPORT_BACKGROUND_ROWS = int(os.environ.get("PARTNERSTVO_IMPORT_BACKGROUND_ROWS", 200))
PARTNERSTVO_MAX_SCAN_BYTES = int(os.environ.get("PARTNERSTVO_MAX_SCAN_BYTES", 20 * 1024 * 1024))
# Files made by background jobs (exports with personal data, certificate archives) are deleted
# this many days after they were made; the job's row stays, marked "removed".
JOB_FILE_RETENTION_DAYS = int(os.environ.get("JOB_FILE_RETENTION_DAYS", 30))

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
# Where visitors reach the platform: scheme, portal host and port. Absolute URLs made without a
# request (e-mails, background tasks, commands, Wagtail's admin links) start with it, and CSO sites
# take its scheme and port with their own host names; a request supplies its own (see
# core/absolute_urls.py). `make demo PORT=8123` sets it to http://localhost:8123.
PLATFORM_BASE_URL = os.environ.get("PLATFORM_BASE_URL", f"http://{PLATFORM_DOMAIN}:8000").rstrip(
    "/"
)
# Public pages of CSO sites from the cache (off only to measure the uncached cost in `make bench`).
PARTNERSTVO_PAGE_CACHE = env_bool("PARTNERSTVO_PAGE_CACHE", True)

# Wagtail
WAGTAIL_SITE_NAME = PLATFORM_NAME
WAGTAILADMIN_BASE_URL = PLATFORM_BASE_URL  # one base for every absolute URL
WAGTAIL_PASSWORD_RESET_ENABLED = True
# No avatars from Gravatar: it would send every admin user's e-mail hash to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = PARTNERSTVO_MAX_IMAGE_BYTES * 5
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # larger images are refused, not resized in memory
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Documents only through Wagtail's view, which checks collection view restrictions (never a
# redirect to, or a link into, media); nginx sends them when PRIVATE_MEDIA_ACCEL_REDIRECT is set.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
SENDFILE_BACKEND = "partnerstvo.core.files"
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
    # The open data API is public: it authenticates no one and answers everyone alike (Wagtail's
    # admin API sets its own session authentication).
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["partnerstvo.api.permissions.ReadOnlyPolicyPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "partnerstvo.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "partnerstvo.api.schema.PublicApiSchema",
    "EXCEPTION_HANDLER": "partnerstvo.api.errors.exception_handler",
    # The public API's limit per client address (api.throttling.PublicApiThrottle).
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Partnerstvo API",
    "DESCRIPTION": "Read-only public data of the Partnerstvo platform: municipalities and CSOs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["partnerstvo.api.schema.only_public_api"],
    # One choice set used by several fields gets one name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "partnerstvo.analyses.models.Level.choices",
        "StrategyStatusEnum": "partnerstvo.strategies.models.StrategyStatus.choices",
        "MeasureStatusEnum": "partnerstvo.strategies.models.MeasureStatus.choices",
    },
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
