"""The test suite: the same stack, with e-mail kept in memory and fast password hashing."""

import os

from .base import *

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-" + "x" * 30
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"
PRIVATE_MEDIA_ROOT = VAR_DIR / "test-private"
if REDIS_URL:
    # CI's PostgreSQL run also exercises Redis; a per-run prefix keeps runs apart.
    CACHES["default"]["KEY_PREFIX"] = f"partnerstvo-test-{os.getpid()}"
else:
    # Fast and private to the test process; test_cache_processes.py runs the real embedded
    # default (files under var/cache/) in separate processes.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The property tests send hundreds of API requests a minute; the throttle's own test lowers it.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/min"}}
PLATFORM_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
if DATABASES["default"]["ENGINE"] == "partnerstvo.core.sqlite":
    # In memory, as for Django's own SQLite backend; named so that pytest-django's parallel
    # workers (which recognise only Django's engine name) keep it in memory too.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
