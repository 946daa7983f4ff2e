import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerstvo.settings.production")
application = get_wsgi_application()

# Cached CSO pages are answered before Django's request handling (websites.caching).
from partnerstvo.websites.caching import CachedPageApplication  # noqa: E402

application = CachedPageApplication(application)
