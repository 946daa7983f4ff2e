"""`make bench`: the production settings on the bench's own database, with Redis.

The app servers the bench starts run exactly what production runs (DEBUG off, WhiteNoise, the
database task queue, Redis for the cache and sessions), with three differences that do not change
what is measured: the database (SQLite under var/bench.sqlite3 unless BENCH_DATABASE_URL names
another, e.g. PostgreSQL), a fast password hasher, and e-mail kept in memory. No TLS terminates in
front of the bench, so HTTPS redirects are off."""

import os

import dj_database_url

os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("ALLOWED_HOSTS", "*")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
os.environ.setdefault("CACHE_KEY_PREFIX", "partnerstvo-bench")

from .production import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{VAR_DIR / 'bench.sqlite3'}"),
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],  # kept connections, as in production
        conn_health_checks=True,
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
