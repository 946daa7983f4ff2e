"""The API's one error shape, wherever the error arises.

Every error under ``/api/`` is JSON: ``{"detail": "<message>"}`` for the request as a whole, or
``{"<parameter>": ["<message>", ...]}`` for invalid query parameters (DRF's validation shape).
Errors raised inside an API view pass through :func:`exception_handler`; errors Django answers
before or outside a view (a NUL byte refused by middleware, an unknown address, a crash) pass
through the error views that :func:`json_under_api` wraps in the root URLconf.
"""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

API_PREFIX = "/api/"


def exception_handler(exc, context):
    # DRF passes Http404's own text on ("No Municipality matches the given query."): English,
    # and it names a model. Answer DRF's translated "Not found." instead.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


def _detail(status: int, exception: Exception | None) -> str:
    if status == 400:
        # Our own code raises BadRequest with a message meant for the client; Django's
        # SuspiciousOperations keep their details to the security log.
        if isinstance(exception, BadRequest) and str(exception):
            return str(exception)
        return str(exceptions.ParseError.default_detail)
    if status == 404:
        return str(exceptions.NotFound.default_detail)
    return str(exceptions.APIException.default_detail)


def json_under_api(django_view: Callable, *, status: int) -> Callable:
    """Wrap one of Django's error views (``handler400``, ``handler404``, ``handler500``): under
    ``/api/`` answer the API's JSON error, elsewhere the page ``django_view`` renders."""

    def view(request, exception=None):
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse({"detail": _detail(status, exception)}, status=status)
        return django_view(request) if status == 500 else django_view(request, exception)

    view.__doc__ = django_view.__doc__
    return view
