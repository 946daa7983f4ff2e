"""WSGI entry for `make bench` (bench settings: production-like, its own database)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerstvo.settings.bench")
application = get_wsgi_application()
