"""`make demo`: production-like on SQLite, so that a new user judges the platform as it will run.

DEBUG is off (our own error pages, never Django's debug page), static files come through WhiteNoise
from the collected, hashed and compressed set, background work runs in a worker process beside
the web server (``manage.py serve_demo``), e-mail is written to files under ``var/mail/``, and the
secret key is generated once into ``var/secret_key``. What still differs from production: plain
HTTP on 127.0.0.1, SQLite, and public media (images) served by the app itself.
"""

import contextlib
import os
import secrets
import tempfile

from .base import *

DEBUG = env_bool("DEBUG", False)


def _persistent_secret_key(path) -> str:
    """Read the key from ``path``, creating it once. Several processes start at the same moment
    (web workers, task worker, scheduler): the key is written to a temporary file and linked into
    place, so that exactly one key wins and no process ever reads a half-written file."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50) + "\n")
        os.chmod(temporary, 0o600)
        with contextlib.suppress(FileExistsError):  # another process was first: its key wins
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _persistent_secret_key(VAR_DIR / "secret_key")
PARTNERSTVO_ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,.localhost")

# As in production: static files from the app servers, hashed and compressed by collectstatic.
MIDDLEWARE = [*MIDDLEWARE[:2], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[2:]]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Unlike production, no web server sits in front: the app serves public media itself
# (only PARTNERSTVO_PUBLIC_MEDIA_PREFIXES; see core.views.public_media).
PARTNERSTVO_SERVE_PUBLIC_MEDIA = True

# Background work in a worker process (`manage.py db_worker`, started by `manage.py serve_demo`).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Every e-mail the demo sends is a file under var/mail/ (one per message batch).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
