"""Production: differs from base only through environment variables, and refuses unsafe ones."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False

_secret = os.environ.get("SECRET_KEY", "")
if len(_secret) < 50 or _secret.startswith("django-insecure") or len(set(_secret)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )
SECRET_KEY = _secret
PARTNERSTVO_ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not PARTNERSTVO_ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names this platform serves.")

# Served over HTTPS on the default port unless PLATFORM_BASE_URL says otherwise.
PLATFORM_BASE_URL = os.environ.get("PLATFORM_BASE_URL", f"https://{PLATFORM_DOMAIN}").rstrip("/")
WAGTAILADMIN_BASE_URL = PLATFORM_BASE_URL

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Static files served by the app servers themselves (behind the proxy's cache).
MIDDLEWARE = [*MIDDLEWARE[:2], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[2:]]
# (SiteHostMiddleware, SecurityMiddleware, WhiteNoise, then the page cache and the rest.)
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "WARNING")
