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
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
WAGTAILADMIN_BASE_URL = "http://testserver"
