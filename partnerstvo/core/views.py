import logging
import posixpath

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET
from django.views.static import serve

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 otherwise; for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /en/accounts/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# --- Error pages ------------------------------------------------------------------------------
# Django renders 400 and 500 without the request, so without the base layout (navigation,
# language, footer). These render ours with it; 403 and 404 already get the request.

# When even the layout cannot be rendered (the failure may be in what it needs), this is what a
# visitor gets: no template, no database, both languages.
SERVER_ERROR_FALLBACK = """<!DOCTYPE html><html lang="bg"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Грешка / Error</title>
</head><body><main><h1>Възникна грешка</h1><p>Опитайте отново след малко.</p>
<h2 lang="en">Something went wrong</h2><p lang="en">Please try again in a moment.</p></main>
</body></html>"""


def _error_page(request, template_name: str, status: int) -> HttpResponse:
    try:
        return render(request, template_name, status=status)
    except Exception:  # the error page must answer whatever else is broken
        logger.exception("The %s error page could not be rendered", status)
        return HttpResponseServerError(
            SERVER_ERROR_FALLBACK, status=status, content_type="text/html; charset=utf-8"
        )


@requires_csrf_token
def bad_request(request, exception=None):
    return _error_page(request, "400.html", 400)


@requires_csrf_token
def server_error(request):
    return _error_page(request, "500.html", 500)


# --- Public media where no web server sits in front ----------------------------------------


def public_media(request, path: str):
    """The public part of MEDIA_ROOT (``PARTNERSTVO_PUBLIC_MEDIA_PREFIXES``: images, renditions,
    logos), served only where ``PARTNERSTVO_SERVE_PUBLIC_MEDIA`` says no web server does it
    (settings.dev and settings.demo). Everything else under MEDIA_ROOT answers 404 here, so that
    a file put there by mistake is still not downloadable by its address."""
    if not settings.PARTNERSTVO_SERVE_PUBLIC_MEDIA:
        raise Http404
    normalised = posixpath.normpath(path).lstrip("/")
    if not normalised.startswith(tuple(settings.PARTNERSTVO_PUBLIC_MEDIA_PREFIXES)):
        raise Http404
    return serve(request, normalised, document_root=settings.MEDIA_ROOT)
