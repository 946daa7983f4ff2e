"""`make bench`: production-like (DEBUG off, no debug toolbar) on its own database.

SQLite under var/bench.sqlite3 unless BENCH_DATABASE_URL names another (e.g. PostgreSQL)."""

import os

import dj_database_url

from .base import *

DEBUG = False
SECRET_KEY = "bench-secret-key-not-for-production-" + "y" * 30
PARTNERSTVO_ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{VAR_DIR / 'bench.sqlite3'}")
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, with Cyrillic case folded as on PostgreSQL (core/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "partnerstvo.core.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
LOGGING["root"]["level"] = "WARNING"
