"""Local development (`make serve`): debug on, e-mail printed to the console, tasks run at once.
`make demo` uses settings.demo instead (production-like)."""

from .base import *

DEBUG = env_bool("DEBUG", True)
PARTNERSTVO_SERVE_PUBLIC_MEDIA = True
